"""Losses: ``预计2020年前三季度净利润亏损X万元~Y万元，上年同期亏损Z万元`` is two events, one per
period and amount. The amount is the money right after the trigger (or right before it: X万元的
亏损); the period the date before it in its clause; a loss per share is not reported."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import DocContext, FinEvent, announcer_or, extract_with, subject, type_lexicon

EVENT_TYPE = "loss"
ROLES = ("company", "amount", "period", "change")

_LEX = type_lexicon(EVENT_TYPE).raw
_PER_SHARE = regex.compile(_LEX["per_share"])
_CHANGE = regex.compile(_LEX["change"])
_WINDOW = int(_LEX["amount_window"])
_PERIOD_TAIL = regex.compile(r"(?:同期|年度|度|中期|半年度|前三季度|第[一二三四]季度|[一二三四]季度|上半年|下半年|全年)+")
_PERIOD_WORD = regex.compile(r"(?:上年同期|去年同期|同期|报告期内?|本报告期|上半年|下半年|前三季度|全年)")


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    if _PER_SHARE.search(text[max(a, t0 - 10):t0]):
        return False
    amount = None
    # From the trigger's start: a signed amount (净利润-3,648,520.86元) begins with the minus sign
    # that is the trigger.
    for m in ctx.money_in(t0, min(s.end, t1 + _WINDOW + 20)):
        if m.start - t1 <= _WINDOW:
            amount = m
        break
    if amount is None:
        prev = [m for m in ctx.money_in(a, t0) if t0 - m.end <= 3]
        if prev:
            amount = prev[-1]
    if amount is None:
        return False
    ev.add_party("company", announcer_or(ctx, subject(ctx, ev)))
    if amount.start < t1:
        # The loss is the amount without its sign (净利润-3.6亿元 is a loss of 3.6亿元); the
        # argument still refers to the signed money record.
        ev.add("amount", t1, amount.end, amount)
    else:
        ev.add_money("amount", amount)
    period = [d for d in ctx.dates_in(a, t0)]
    if period:
        ev.add("period", period[-1].start, period[-1].end, period[-1])
    else:
        w = None
        for w in _PERIOD_WORD.finditer(text, a, t0):
            pass
        if w is None:
            prev = [d for d in ctx.dates_in(s.start, t0)]
            if prev:
                ev.add("period", prev[-1].start, prev[-1].end, prev[-1])
        else:
            ev.add("period", w.start(), w.end())
    for x in ev.args:
        if x.role == "period":
            m = _PERIOD_TAIL.match(text, x.end, t0)
            if m:   # 2018年同期, 2019年度, 上年同期: the period's own words
                x.end = m.end()
    ch = _CHANGE.search(text, t1, b) or _CHANGE.search(text, a, t0)
    if ch:
        ev.add("change", ch.start(), ch.end())
    # the event's date is when it is reported (the lead's date), not the period
    ev.date = ctx.lead_date
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "company")
