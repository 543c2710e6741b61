"""Founding events: X成立, X由Y创立, 创办X (organisation, founders, location)."""
from __future__ import annotations

from .core import (
    _DocState, _Ev, _Hit, _Sent, _generic_subject, _key_of, _org_arg, _persons, _planned, _refback,
    _subject_members,
)

EVENT_TYPE = "founding"
DATA = "event_founding.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('org', 'founder', 'location')
COLOUR = "#7c3aed"              # its colour on the review page


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The founding events of one sentence (``earlier``: the events of the types before this one)."""
    lex, text = s.lex, s.text
    out: list[_Ev] = []
    for h in hits:
        c = h.clause
        cend = s.clause_end(c)
        refback = _refback(s, h)
        # the object: text after the trigger, without 了/于+date/在+place
        pos = h.end
        while pos < cend and text[pos] in "了 ":
            pos += 1
        tail_start = pos
        if text.startswith(("于", "在"), pos):
            d = s.date_at(pos + 1)
            if d is not None:
                pos = d.end
        rest = text[pos:cend]
        ev = _Ev("founding", (h.start, h.end), f"founding:{h.trig.name}", {c}, refback=refback)
        objs = s.groups_between(tail_start, cend)
        transitive = bool(rest.strip()) and not lex.o_intransitive_tail.match(rest.strip()) \
            and not lex.refback_after.match(text, h.end, s.s1)
        if transitive:
            if not objs or objs[0].start - tail_start > 2:
                continue  # something that is not a named organisation comes into being
            org = objs[0].members[-1]
            _org_arg(ev, "org", org)
            subj = s.subject[c]
            if subj is not None and subj.end <= h.start:
                for m in subj.members:
                    _org_arg(ev, "founder", m)
            else:
                span = s.subject_text(c, h.start)
                if span:
                    for p in _persons(s, *span):
                        ev.add("founder", *p)
        else:
            members = _subject_members(s, c, h.start)
            if not members:
                continue
            org = members[0]
            _org_arg(ev, "org", org)
            # 由X创立: founder
            a = s.clauses[c][0]
            k = text.rfind("由", max(a, org.end), h.start)
            if k >= 0:
                f0 = k + 1
                f1 = h.start
                # cut dates, 于…, 在+place
                for d in s.dates_in(f0, f1):
                    f1 = min(f1, d.start)
                m = lex.o_founder_end.search(text[f0:f1])
                if m:
                    f1 = f0 + m.start()
                while f1 > f0 and text[f1 - 1] in "于在 ":
                    f1 -= 1
                gs = s.groups_between(f0, f1)
                if gs and gs[0].start == f0 and gs[0].end >= f1:
                    for mm in gs[0].members:
                        _org_arg(ev, "founder", mm)
                else:
                    for p in _persons(s, f0, f1):
                        ev.add("founder", *p)
        # location: 在L创立
        lm = lex.o_location.search(text[s.clauses[c][0]:h.start])
        if lm:
            l0 = s.clauses[c][0] + lm.start(1)
            l1 = s.clauses[c][0] + lm.end(1)
            if not s.org_overlapping(l0, l1):
                ev.add("location", l0, l1)
        # founders named with 创办人/创始人 in the same sentence
        near0 = s.clauses[max(0, c - 2)][0]
        near1 = s.clauses[min(len(s.clauses) - 1, c + 3)][1]
        for n0, n1 in _founder_names(s):
            if near0 <= n0 < near1:
                ev.add("founder", n0, n1)
        ev.status = "planned" if _planned(s, h) else "actual"
        org = ev.role_args("org")[0]
        ev.key = ("founding", _key_of(org.mention, text, org.start, org.end))
        ev.own_info = bool(s.dates_in(*s.clauses[c])) or ev.has("founder")
        if refback and (ev.key[1] in state.founded or not ev.own_info):
            continue
        if _generic_subject(s, h):
            continue
        out.append(ev)
    return out


def _founder_names(s: _Sent) -> list[tuple[int, int]]:
    """People named by 创办人/创始人 X in the sentence (computed once per sentence)."""
    if s.founder_names is None:
        lex, text = s.lex, s.text
        s.founder_names = []
        for m in lex.o_founder_nouns.finditer(text, s.s0, s.s1):
            nm = lex.o_name_after_noun.match(text, m.end(), min(s.s1, m.end() + 8))
            if nm:
                s.founder_names.append((m.end(), nm.end()))
    return s.founder_names
