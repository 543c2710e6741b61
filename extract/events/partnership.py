"""Partnership events: X与Y签署…协议, X和Y合作 (the parties)."""
from __future__ import annotations

from ..analysis import Mention
from .core import (
    _DocState, _Ev, _Hit, _Sent, _before_text, _key_of, _org_arg, _planned, _refback,
)

EVENT_TYPE = "partnership"
DATA = "event_partnership.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('party',)
COLOUR = "#2563eb"              # its colour on the review page


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The partnership events of one sentence (``earlier``: the events of the types before this one)."""
    lex, text = s.lex, s.text
    out: list[_Ev] = []
    done_clauses: dict[int, _Ev] = {}
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        if c in done_clauses:
            continue   # several wordings of one agreement in one clause (联手…联手, 签署…战略合作)
        if out and lex.p_anonymous.match(s.strip_lead(a, h.start)[0]):
            continue   # 双方将…展开合作: the agreement already found in this sentence
        subj = s.subject_of(c)
        subject_members: list[Mention] = []
        counter: list[list[Mention]] = []
        joint: list[Mention] = []
        for g in s.groups_between(a, cend):
            if g is subj:
                continue
            before = _before_text(s, g)
            if lex.p_coparty_before.search(before):
                joint += g.members
            elif lex.p_counterparty_before.search(before) and g.start < h.start:
                counter.append(g.members)
        if subj is not None and subj.start < h.start:
            gap0 = subj.gaps[0] if subj.gaps else ""
            if subj.gaps and lex.p_pair_joiner.search(gap0):
                subject_members = subj.members[:1]
                counter.insert(0, subj.members[1:])
            else:
                subject_members = list(subj.members)
        elif state.last_topic is not None and s.topic() is None and not s.subject[c]:
            subject_members = list(state.last_topic.members)
        anonymous = bool(lex.p_anonymous.search(text, a, h.start))
        named = [m for grp in counter for m in grp] + joint
        if not named:
            if anonymous and out:
                continue   # 双方将…展开合作: the agreement already found in this sentence
            continue
        if _refback(s, h) and not named:
            continue
        status = "planned" if _planned(s, h) else "actual"
        counterparties = [m for grp in counter for m in grp]
        if len(counterparties) >= 2 and not lex.p_joint.search(text, a, cend) and not joint:
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
