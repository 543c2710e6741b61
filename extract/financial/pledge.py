"""Share pledges: ``X将其持有的N股质押给Y``, ``X向Y质押N股``, ``本次质押股份数量N股，占其所持股份比例R``.

pledgor: the person or company before the trigger (a shareholder of the announcing company);
pledgee: after 向/给 or 质权人为; company (whose shares): the announcing company; collateral: the
word for what is pledged (股份, 股权, 股票)."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from ._shares import add_share_figures
from .common import (DocContext, FinEvent, Party, extract_with, holder_in, party_words,
                     person_spans, subject, type_lexicon)

EVENT_TYPE = "pledge"
ROLES = ("pledgor", "pledgee", "company", "collateral", "shares", "share_of_total", "share_of_holding")

_LEX = type_lexicon("pledge").raw
_PLEDGEE_CUE = regex.compile(_LEX["pledgee_cue"])
_COLLATERAL = regex.compile(_LEX["collateral"])
_NOT_HOLDER = regex.compile(r"解除|部分|证券|银行")
_PLEDGEE_TEXT = regex.compile(r"\s*([\p{Han}A-Za-z()（）]{2,30}?(?:公司|银行|分行|支行|证券|信托|基金|合伙企业\(有限合伙\)))")


def fill_pledge(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    # the pledgee: 向Y质押 / 质押给Y / 质权人为Y
    pledgee = None
    cut = t0
    k = text.rfind("向", a, t0)
    if k >= 0:
        p = party_words(ctx, k + 1, t0)
        if p is not None:
            pledgee, cut = p, k
    if pledgee is None and (text.startswith("给", t1 - 1) or text.startswith("给", t1)):
        g = t1 if text.startswith("给", t1 - 1) else t1 + 1
        orgs = ctx.orgs_in(g, b)
        if orgs and orgs[0].start - g <= 1:
            pledgee = Party(orgs[0].start, orgs[0].end, orgs[0])
        else:
            m = _PLEDGEE_TEXT.match(text, g, b)
            if m:
                pledgee = Party(m.start(1), m.end(1), None)
    if pledgee is None:
        m = _PLEDGEE_CUE.search(text, s.start, s.end)
        if m:
            orgs = ctx.orgs_in(m.end(), min(s.end, m.end() + 40))
            if orgs and orgs[0].start - m.end() <= 2:
                pledgee = Party(orgs[0].start, orgs[0].end, orgs[0])
    # the pledgor: a person or company before the trigger (before 向Y)
    pledgor = None
    for lo in (a, s.start):
        ps = person_spans(ctx, lo, cut)
        pw = party_words(ctx, lo, cut)
        if pw is not None and pledgee is not None and pw.start == pledgee.start:
            pw = None
        if ps and (pw is None or ps[-1][0] >= pw.end):
            pledgor = Party(ps[-1][0], ps[-1][1], None)
        elif pw is not None:
            pledgor = pw
        if pledgor is not None:
            break
    if pledgor is not None and ctx.announcer is not None and pledgor.key(text) == ctx.announcer.key(text):
        pledgor = None   # the announcing company reports its shareholders' pledges, not its own
    if pledgor is None or pledgor.mention is None and _NOT_HOLDER.search(text, pledgor.start, pledgor.end):
        # 控股股东X / 股东X: in the sentence, else the two sentences before, else the headline
        for lo, hi in ((s.start, t0), (max(0, s.start - 400), s.start), (0, ctx.title_end)):
            h = holder_in(ctx, lo, hi)
            if h is not None and (ctx.announcer is None or h.key(text) != ctx.announcer.key(text)):
                pledgor = h
                break
    ev.add_party("pledgor", pledgor)
    ev.add_party("pledgee", pledgee)
    company = ctx.announcer
    if company is None:
        company = subject(ctx, ev)
    ev.add_party("company", company)
    col = _COLLATERAL.search(text, t0 - 4 if t0 - 4 >= s.start else s.start, min(s.end, t1 + 30))
    if col is None:
        col = _COLLATERAL.search(text, s.start, s.end)
    if col is not None:
        ev.add("collateral", col.start(), col.end())
    add_share_figures(ctx, ev)
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, fill_pledge, "pledgor")
