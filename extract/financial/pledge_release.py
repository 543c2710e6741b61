"""Releases of share pledges (解除质押, 解押), read with the roles of a pledge."""
from __future__ import annotations

from ..analysis import AnalysedText, EventMention, Mention
from .common import extract_with
from .pledge import ROLES as _PLEDGE_ROLES, fill_pledge

EVENT_TYPE = "pledge_release"
ROLES = _PLEDGE_ROLES


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, fill_pledge, "pledgor")
