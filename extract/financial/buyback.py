"""Share buybacks: ``X回购N股``, ``公司按每股P、耗资A回购N股``, ``回购股份数量N股，占总股本R``."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from ._shares import add_share_figures
from .common import DocContext, FinEvent, announcer_or, extract_with, money_after_cue, subject, type_lexicon

EVENT_TYPE = "buyback"
ROLES = ("company", "shares", "price_per_share", "amount", "share_of_total")

_LEX = type_lexicon(EVENT_TYPE).raw
_AMOUNT = regex.compile(_LEX["amount_cue"])
_NOT = regex.compile(_LEX["not_buyback_context"])


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    s = ev.sentence
    a, b = ctx.clause(ev.trigger[0], s)
    if _NOT.search(ctx.text, max(s.start, ev.trigger[0] - 12), min(s.end, ev.trigger[1] + 6)):
        return False
    ev.add_party("company", announcer_or(ctx, subject(ctx, ev)))
    if not ev.has("company") and not regex.search(r"[0-9]", ctx.text[ev.sentence.start:ev.sentence.end]):
        return False   # neither who buys back nor a figure: a word in passing (a buy-back)
    add_share_figures(ctx, ev, holding=False)
    pps = {id(x.mention) for x in ev.args if x.role == "price_per_share"}
    amt = [m for m in money_after_cue(ctx, s.start, s.end, _AMOUNT) if id(m) not in pps]
    if amt:
        ev.add_money("amount", amt[0])
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "company")
