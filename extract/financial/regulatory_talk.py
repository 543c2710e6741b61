"""Regulators summoning a company or writing to it: ``X约谈Y、Z``, ``Y被X约谈``, ``Y收到X下发的问询函``.
One summons is one event, with every company summoned."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import DocContext, FinEvent, Party, cues, extract_with

EVENT_TYPE = "regulatory_talk"
ROLES = ("company", "regulator")

_PASSIVE = regex.compile(r"被\s*$")


def _is_regulator(ctx: DocContext, p: Party) -> bool:
    t = ctx.text[p.start:p.end]
    if p.mention is not None and p.mention.values.get("org_type") == "government":
        return True
    return bool(cues().regulator.search(t))


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    before = [Party(m.start, m.end, m) for m in ctx.orgs_in(s.start, t0)]
    after = [Party(m.start, m.end, m) for m in ctx.orgs_in(t1, b)]
    regs = [p for p in before if _is_regulator(ctx, p)]
    comps = [p for p in before if not _is_regulator(ctx, p)]
    if not regs:
        m = None
        for m in cues().regulator.finditer(text, s.start, t0):
            pass
        if m is not None and m.end() - m.start() >= 3:
            regs = [Party(m.start(), m.end(), None)]
    if regs:
        ev.add_party("regulator", regs[-1])
    targets = [p for p in after if not _is_regulator(ctx, p)] if after and regs else []
    if not targets:
        targets = [p for p in comps if not regs or p.end <= regs[-1].start or p.start >= regs[-1].end]
    if not targets and ctx.announcer is not None:
        targets = [ctx.announcer]
    if not targets:
        return ev.has("regulator")
    for p in targets:   # one summons of several companies is one event with each of them
        ev.add_party("company", p)
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "company")
