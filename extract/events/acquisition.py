"""Acquisition events: X收购Y, Y被X收购 (acquirer, target, price)."""
from __future__ import annotations

import regex

from .core import (
    _DocState, _Ev, _Hit, _QUOTED_NAME, _Sent, _generic_subject, _key_of, _list_items,
    _opens_predicate, _org_arg, _planned, _refback, _subject_members, _words, load_data,
)

EVENT_TYPE = "acquisition"
DATA = "event_acquisition.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('acquirer', 'target', 'price')
COLOUR = "#dc2626"              # its colour on the review page

# The type's own words and patterns (DATA), compiled once at import.
_D = load_data(DATA)
_PRICE_CUE = regex.compile(_D["price_cue_before"])
_PASSIVE = regex.compile(_D["passive_before"])
_PASSIVE_AGENT = regex.compile(_D["passive_agent"])
_PASSIVE_REFBACK = regex.compile(_words(_D["passive_refback_after"]))
_NOMINAL_AFTER = regex.compile(_words(_D["nominal_after"]))        # 收购交易, 收购期满: a noun phrase
_OBJECT_TAIL = regex.compile(_D["object_tail"])
_OBJECT_REFERS_BACK = regex.compile(_D["object_refers_back"])      # 收购上述…: no target of its own
_STAKE = regex.compile(_D["stake_after_target"])
_NAME_RUN = regex.compile(r"[\p{Han}A-Za-z0-9]+")


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The acquisition events of one sentence (``earlier``: the events of the types before this one)."""
    text = s.text
    out = []
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        passive = _PASSIVE.search(text[max(a, h.start - 1):h.start]) or \
            _PASSIVE_AGENT.search(text[a:h.start])
        if passive and _PASSIVE_REFBACK.match(text[h.end:h.end + 2]):
            continue    # 被收购前: a reference back
        if _refback(s, h) and not passive:
            continue
        ev = _Ev("acquisition", (h.start, h.end), f"acquisition:{h.trig.name}", {c})
        subj = s.subject_of(c)
        if passive:
            pm = _PASSIVE_AGENT.search(text[a:h.start])
            agents = s.groups_between(a + pm.start(1), h.start) if pm else []
            for g in agents[:1]:
                for m in g.members:
                    _org_arg(ev, "acquirer", m)
            if subj is not None and subj.start < h.start and (not agents or subj is not agents[0]):
                for m in subj.members:
                    _org_arg(ev, "target", m)
        else:
            if not h.trig.extra.get("seller"):    # 出售: the subject sells (data: _seller)
                for m in _subject_members(s, c, h.start):
                    _org_arg(ev, "acquirer", m)
            t0 = h.end + (1 if text.startswith("的", h.end) else 0)   # 新收购的X: X is the target
            while t0 < cend and text[t0] in "了 ":
                t0 += 1
            objs = s.groups_between(t0, cend)
            nominal = _NOMINAL_AFTER.match(text, h.end, cend)
            stake = _STAKE.search(text, t0, cend)
            owned = [g for g in objs if g.end <= stake.start()] if stake is not None else []
            if stake is not None and owned and owned[-1] is not subj:
                # 收购X持有的Y 51%股权: the target is Y with its stake (the text runs on to the
                # stake, the ref stays Y's record); a list (收购A、B各51%股权) keeps each name
                members = owned[-1].members
                gap = text[members[0].end:stake.start()].strip(" 的") if len(members) == 1 else None
                if gap == "":
                    ev.add("target", members[0].start, stake.end(), members[0])
                elif gap is not None and len(gap) <= 6 and _NAME_RUN.fullmatch(gap):
                    # 华润|医药51%股权: the name runs on past the record found inside it
                    ev.add("target", members[0].start, stake.end())
                else:
                    for m in members:
                        _org_arg(ev, "target", m)
            elif stake is not None and stake.start() - t0 >= 2:
                # 收购东风小康50%股份: the company the recogniser missed, with its stake
                a0, b0 = t0, stake.start()
                k = text.rfind("的", a0, b0)
                if k >= 0 and b0 - k > 2:
                    a0 = k + 1
                ev.add("target", a0, stake.end())
            elif objs and objs[0] is not subj and objs[0].start - t0 <= 20:
                for m in objs[0].members:
                    _org_arg(ev, "target", m)
            elif nominal is not None:
                pass    # 收购交易的变动, 收购期满, 收购尽调: the deal named, no object follows
            elif not _opens_predicate(s, t0, cend) and not _OBJECT_REFERS_BACK.match(text, t0, cend):
                # a name the recogniser missed: a quoted title, else the object (A、B及C: each)
                tail = _OBJECT_TAIL.search(text, t0, cend)
                if tail is not None:
                    cend = tail.start()    # 收购X的协议: X
                q = _QUOTED_NAME.search(text[t0:cend])
                items = _list_items(s, t0, cend)
                if q:
                    ev.add("target", t0 + q.start(), t0 + q.end())
                elif items:
                    for it in items:
                        ev.add("target", *it)
                elif 0 < cend - t0 <= 40:
                    ev.add("target", t0, cend)
        # price: 以/耗资 M before the trigger, or a price word before M anywhere in the sentence
        for ci in range(c, len(s.clauses)):
            ca, cb = s.clauses[ci]
            for _, m in s.money_in(ca, cb):
                before = text[ca:m.start]
                if _PRICE_CUE.search(before[-8:]) or (ci == c and 0 <= h.start - m.end <= 2):
                    ev.add("price", m.start, m.end, m)
                    ev.clauses.add(ci)
                    break
            if ev.has("price"):
                break
        if not (ev.has("target") or ev.has("acquirer")):
            continue
        if _generic_subject(s, h):
            continue
        ev.status = "planned" if _planned(s, h) else "actual"
        tg = ev.role_args("target")
        if tg:
            ev.key = ("acquisition", _key_of(tg[0].mention, text, tg[0].start, tg[0].end))
        out.append(ev)
    return out
