"""Executive changes: ``董事长张某辞去公司董事长职务``, ``公司聘任李某为总经理``, ``X出任Y总经理``.

person: a name after a position or before 先生/女士 (else the one nearest the trigger); position:
the post held (before the name, or what is resigned: 辞去…职务); new_position: the post taken
(担任/出任/聘任…为 P); change: the trigger's words; company: the organisation of the post, else
the announcing company."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import DocContext, FinEvent, cues, extract_with, party_words, person_spans, type_lexicon

EVENT_TYPE = "executive_change"
ROLES = ("person", "company", "position", "change", "new_position", "new_company")

_LEX = type_lexicon(EVENT_TYPE).raw
_NEW_BEFORE = regex.compile(_LEX["new_position_before"])
_NOT = regex.compile(_LEX["not_change"])
_LEAVE = regex.compile(r"辞|离|卸|不再|退休|免|解聘|罢免")


def _positions(ctx: DocContext, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for m in cues().positions.finditer(ctx.text, a, b):
        out.append((m.start(), m.end()))
    return out


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    if _NOT.search(text, max(s.start, t0 - 6), t1):
        return False
    leaving = bool(_LEAVE.match(text, t0))
    # 担任/出任/任命 must name the post taken in its clause, a departure a post in its sentence
    if not (_positions(ctx, t1, b) if not leaving else _positions(ctx, s.start, s.end)):
        return False
    people = person_spans(ctx, s.start, s.end)
    if not people:
        # 并于…获委任为董事: the person is the previous sentence's, within the paragraph
        line = text.rfind("\n", 0, s.start) + 1
        prev = person_spans(ctx, max(line, s.start - 200), s.start)
        if not prev:
            return False
        people = [prev[-1]]
    before = [p for p in people if p[1] <= t0]
    after = [p for p in people if p[0] >= t1]
    if not before and not after:
        return False
    person = before[-1] if before else after[0]
    if not leaving and after and after[0][0] - t1 <= 4 and text[t0:t1] in ("任命", "聘任", "聘请", "委任", "选举"):
        person = after[0]
    ev.add("person", person[0], person[1])
    ev.add("change", t0, t1)
    # the post held: right before the name (董事长张某), or what is left (辞去…董事长职务)
    pos_before = [p for p in _positions(ctx, max(s.start, person[0] - 12), person[0]) if p[1] == person[0]]
    pos_after = _positions(ctx, t1, b)
    if leaving:
        if pos_after:
            for p in pos_after:
                ev.add("position", *p)
        elif pos_before:
            ev.add("position", *pos_before[-1])
    else:
        if pos_before:
            ev.add("position", *pos_before[-1])
        new = [p for p in pos_after if p[0] >= person[1] or person[0] < t0]
        if new:
            ev.add("new_position", *new[0])
    # the company of the post
    comp = party_words(ctx, max(s.start, person[0] - 20), person[0])
    if comp is None:
        comp = party_words(ctx, s.start, t0)
    if comp is None and ctx.announcer is not None:
        comp = ctx.announcer
    if comp is not None:
        role = "company"
        if not leaving and comp.start > t1:
            role = "new_company"
        ev.add_party(role, comp)
    if not leaving:
        nc = party_words(ctx, t1, b)
        if nc is not None and not ev.has("new_company") and (comp is None or nc.start != comp.start):
            ev.add_party("new_company", nc)
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "person")
