"""The eleven financial event types of RECORDS.md v2 (issue 17), one module per type.

Each module exports ``EVENT_TYPE``, ``ROLES`` and ``extract_document(doc, dates, money, orgs)``;
``common.py`` holds what they share (see its docstring). ``find_financial_events`` runs them all
on one document (the events registry, extract/events/registry.py, calls each module itself).
"""
from __future__ import annotations

from ..analysis import AnalysedText, EventMention, Mention
from . import (bankruptcy, buyback, executive_change, listing, loss, pledge, pledge_release,
               regulatory_talk, stake_decrease, stake_increase, winning_bid)
from .common import release

MODULES = (listing, buyback, pledge, pledge_release, stake_increase, stake_decrease,
           executive_change, winning_bid, loss, bankruptcy, regulatory_talk)
EVENT_TYPES = tuple(m.EVENT_TYPE for m in MODULES)
ROLES = {m.EVENT_TYPE: m.ROLES for m in MODULES}


def find_financial_events(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                          orgs: list[Mention]) -> list[EventMention]:
    out: list[EventMention] = []
    try:
        for module in MODULES:
            out += module.extract_document(doc, dates, money, orgs)
    finally:
        release(doc)
    return out
