"""Partnership events: X与Y签署…协议, X和Y合作 (the parties)."""
from __future__ import annotations

import regex

from ..analysis import Mention
from .core import (
    _DocState, _Ev, _Hit, _Sent, _before_text, _key_of, _org_arg, _planned, _refback, _words,
    load_data,
)

EVENT_TYPE = "partnership"
DATA = "event_partnership.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('party',)
COLOUR = "#2563eb"              # its colour on the review page

# The type's own words and patterns (DATA), compiled once at import.
_D = load_data(DATA)
_COUNTERPARTY_BEFORE = regex.compile(_D["counterparty_before"])
_COPARTY_BEFORE = regex.compile(_D["coparty_before"])
_JOINT = regex.compile(_D["joint_cues"])
_ANONYMOUS = regex.compile(_D["anonymous_party"])
_PAIR_JOINER = regex.compile(_words(_D["subject_pair_joiners"]))


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The partnership events of one sentence (``earlier``: the events of the types before this one)."""
    text = s.text
    out: list[_Ev] = []
    done_clauses: dict[int, _Ev] = {}
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        if c in done_clauses:
            continue   # several wordings of one agreement in one clause (联手…联手, 签署…战略合作)
        if out and _ANONYMOUS.match(s.strip_lead(a, h.start)[0]):
            continue   # 双方将…展开合作: the agreement already found in this sentence
        subj = s.subject_of(c)
        subject_members: list[Mention] = []
        counter: list[list[Mention]] = []
        joint: list[Mention] = []
        for g in s.groups_between(a, cend):
            if g is subj:
                continue
            before = _before_text(s, g)
            if _COPARTY_BEFORE.search(before):
                joint += g.members
            elif _COUNTERPARTY_BEFORE.search(before) and g.start < h.start:
                counter.append(g.members)
        if subj is not None and subj.start < h.start:
            gap0 = subj.gaps[0] if subj.gaps else ""
            if subj.gaps and _PAIR_JOINER.search(gap0):
                subject_members = subj.members[:1]
                counter.insert(0, subj.members[1:])
            else:
                subject_members = list(subj.members)
        elif state.last_topic is not None and s.topic() is None and not s.subject[c]:
            subject_members = list(state.last_topic.members)
        anonymous = bool(_ANONYMOUS.search(text, a, h.start))
        named = [m for grp in counter for m in grp] + joint
        if not named:
            if anonymous and out:
                continue   # 双方将…展开合作: the agreement already found in this sentence
            continue
        if _refback(s, h) and not named:
            continue
        status = "planned" if _planned(s, h) else "actual"
        counterparties = [m for grp in counter for m in grp]
        if len(counterparties) >= 2 and not _JOINT.search(text, a, cend) and not joint:
            parties_list = [[*subject_members, m] for m in counterparties]
        else:
            parties_list = [[*subject_members, *counterparties, *joint]]
        for parties in parties_list:
            keys = {_key_of(m, text, m.start, m.end) for m in parties}
            if len(keys) < 2:
                continue
            ev = _Ev("partnership", (h.start, h.end), f"partnership:{h.trig.name}", {c}, status=status)
            for m in parties:
                _org_arg(ev, "party", m)
            ev.key = ("partnership", frozenset(keys))
            ev.refback = _refback(s, h)
            out.append(ev)
            done_clauses[c] = ev
    return out
