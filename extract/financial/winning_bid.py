"""Winning bids: ``X中标Y项目``, ``公司成为…项目第一中标候选人``, ``收到Z发出的中标通知书``; the
tenderer after 招标人/采购人 or before 发出的…通知书, the amount after 中标金额/合同金额."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import (DocContext, FinEvent, Party, announcer_or, extract_with, money_after_cue, party_words,
                     subject, type_lexicon)

EVENT_TYPE = "winning_bid"
ROLES = ("winner", "tenderer", "project", "amount")

_LEX = type_lexicon(EVENT_TYPE).raw
_TENDERER = regex.compile(_LEX["tenderer_cue"])
_NOTICE = regex.compile(_LEX["tenderer_before_notice"])
_AMOUNT = regex.compile(_LEX["amount_cue"])
_PROJECT = regex.compile(_LEX["project"])
_IN_TENDER = regex.compile(_LEX["in_tender_before"])
_TENDER_WORD = regex.compile(_LEX["tender_word"])
_ADMIN = regex.compile(r"(?:\p{Han}{1,6}?(?:省|自治区|市|县|区|镇|乡|村))+")
_CUT_AFTER = tuple(sorted(_LEX["project_cut_after"], key=len, reverse=True))


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    winner = subject(ctx, ev)
    ten = None
    if winner is not None and _IN_TENDER.search(text, max(s.start, winner.start - 4), winner.start) \
            and _TENDER_WORD.search(text, winner.end, t0):
        # 在中国移动2020年集采项目中中标: the body whose tender it is, not who wins it
        ten = winner
        winner = party_words(ctx, s.start, ten.start)
    ev.add_party("winner", announcer_or(ctx, winner))
    # the tenderer
    for m in ctx.orgs_in(s.start, s.end) if ten is None else ():
        if _TENDERER.search(text[max(s.start, m.start - 8):m.start]) or _NOTICE.match(text, m.end):
            if winner is None or m.start != winner.start:
                ten = Party(m.start, m.end, m)
                break
    if ten is None:
        for m in regex.finditer(r"(?:招标人|招标方|采购人|采购单位|业主)(?:为|是|:)?\s*([\p{Han}A-Za-z0-9()（）]{4,30}?)(?=[,;。、（(]|$)", text[s.start:s.end]):
            ten = Party(s.start + m.start(1), s.start + m.end(1), ctx.org_at(s.start + m.start(1), s.start + m.end(1)))
            break
    ev.add_party("tenderer", ten)
    # the project: quoted, or a name ending in 项目/工程/标段 in the trigger's sentence
    best = None
    for m in _PROJECT.finditer(text, s.start, s.end):
        g = 1 if m.group(1) else 2
        ps, pe = m.start(g), m.end(g)
        # cut what comes before a verb or preposition inside the match
        cut = max(((text.rfind(w, ps, pe), w) for w in _CUT_AFTER), key=lambda x: x[0] + len(x[1]))
        if cut[0] >= ps:
            ps = cut[0] + len(cut[1])
        if pe - ps >= 4:
            cand = (ps, pe)
            if best is None or (abs(ps - t1) < abs(best[0] - t1)):
                best = cand
    if best is not None:
        ps, pe = best
        # 郑州市上街区…项目, 某银行…采购项目: the place or body the name starts with is who tenders
        lead = None
        m = _ADMIN.match(text, ps, pe)
        if m and pe - m.end() >= 4:
            lead = Party(ps, m.end(), ctx.org_at(ps, m.end()))
        else:
            for rec in ctx.orgs_in(ps, pe):
                if rec.start == ps and pe - rec.end >= 4 and (winner is None or rec.start != winner.start):
                    lead = Party(rec.start, rec.end, rec)
                break
        if lead is not None:
            if not ev.has("tenderer"):
                ev.add_party("tenderer", lead)
            ps = lead.end
        ev.add("project", ps, pe)
    ms = money_after_cue(ctx, s.start, s.end, _AMOUNT, 10)
    if not ms:
        ms = ctx.money_in(s.start, s.end)
    if ms:
        ev.add_money("amount", ms[0])
    return ev.has("winner")


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "winner")
