"""Bankruptcies: ``X申请破产``, ``法院裁定受理X的破产清算申请``, ``X被…宣告破产``; creditor after
债权人, debt after 债务/负债."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import DocContext, FinEvent, extract_with, money_after_cue, party_words, subject, type_lexicon

EVENT_TYPE = "bankruptcy"
ROLES = ("company", "creditor", "debt")

_LEX = type_lexicon(EVENT_TYPE).raw
_CREDITOR = regex.compile(_LEX["creditor_cue"])
_DEBT = regex.compile(_LEX["debt_cue"])
_COURT = regex.compile(r"(?:法院|法庭|仲裁)")


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    company = subject(ctx, ev)
    if company is not None and _COURT.search(text, company.start, company.end):
        # 法院裁定受理X的破产申请: the company is after the court
        company = party_words(ctx, company.end, t0)
    if company is None and ev.in_title:
        company = ctx.announcer
    if company is None or company.end - company.start > 20:
        return False
    ev.add_party("company", company)
    for m in ctx.orgs_in(s.start, s.end):
        if _CREDITOR.search(text[max(s.start, m.start - 8):m.start]):
            ev.add("creditor", m.start, m.end, m)
    ms = money_after_cue(ctx, s.start, s.end, _DEBT, 14)
    if ms:
        ev.add_money("debt", ms[0])
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "company")
