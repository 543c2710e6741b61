"""Shareholders raising their stakes (增持): shareholder, company, figures."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from ._stake import fill_stake
from .common import DocContext, FinEvent, extract_with, type_lexicon

EVENT_TYPE = "stake_increase"
ROLES = ("shareholder", "company", "shares", "price_per_share", "amount", "share_of_total", "share_of_holding")

_RATING = regex.compile(type_lexicon(EVENT_TYPE).raw["rating_context"])


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    return fill_stake(ctx, ev, _RATING)


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "shareholder")
