"""Award events: X获得Y奖, X荣获…第一名 (winners, award, organiser)."""
from __future__ import annotations

import regex

from ..analysis import Mention
from .core import (
    _BOUNDARY, _DocState, _Ev, _Hit, _NAME_CHAR, _QUOTED_TAIL, _Sent, _after_text, _before_text,
    _key_of, _norm, _org_arg, _persons, _planned, _refback, _words, load_data,
)

EVENT_TYPE = "award"
DATA = "event_award.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('winner', 'award', 'organiser')
COLOUR = "#db2777"              # its colour on the review page

# The type's own words and patterns (DATA), compiled once at import.
_D = load_data(DATA)
_AWARD_NOUN = regex.compile(_D["award_nouns"])
_COMPETITION_SUFFIX = regex.compile(_words(_D["competition_suffixes"]))
_DEMONSTRATIVE_NAME = regex.compile(_words(_D["competition_demonstratives"]) + r"\S{0,2}")
_ORGANISER_AFTER = regex.compile(_D["organiser_after"])
_ORGANISER_BEFORE = regex.compile(_D["organiser_before"])
_ORGANISER_BODY = regex.compile("^(.*" + _words(_D["organiser_body"]) + ")")
_ANAPHORIC = regex.compile(_D["anaphoric_award"])
_PLACING = regex.compile(_D["placing"])
_ORGANISER_LABEL = regex.compile(_D["organiser_label"])
_TITLE_TRIGGER = regex.compile(_D["title_trigger"])


def _competitions(s: _Sent) -> list[tuple[int, int]]:
    """Named competitions in the sentence (ImageNet大赛, 第十一届…总决赛), longest spans."""
    text = s.text
    found = []
    trigger_ends = {t.end() for t in s.lex.any_trigger_of["award"].finditer(s.text, s.s0, s.s1)}
    for m in _COMPETITION_SUFFIX.finditer(text, s.s0, s.s1):
        end = m.end()
        start = m.start()
        while start > s.s0 and text[start - 1] not in _BOUNDARY + "在的了和与及、参加" \
                and start not in trigger_ends and start > m.start() - 30:
            start -= 1
        while start < m.start() and text[start] in "加“\"":
            if text[start] in "“\"":
                break
            start += 1
        name = text[start:m.start()]
        if not _NAME_CHAR.search(name) or _DEMONSTRATIVE_NAME.fullmatch(name):
            continue
        found.append((start, end))
    out = []
    for sp in sorted(found, key=lambda x: (x[0], -x[1])):
        if out and sp[0] < out[-1][1]:
            if sp[1] > out[-1][1] and sp[0] <= out[-1][0]:
                out[-1] = sp
            elif sp[1] > out[-1][1] and sp[0] >= out[-1][0]:
                out[-1] = (out[-1][0], sp[1])
            continue
        out.append(sp)
    return out


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The award events of one sentence (``earlier``: the events of the types before this one)."""
    if not hits:
        return []
    text = s.text
    out: list[_Ev] = []
    comps = None
    organisers: list[Mention] = []
    for g in s.groups:
        if _ORGANISER_AFTER.match(_after_text(s, g)) or _ORGANISER_LABEL.search(_before_text(s, g)):
            organisers += g.members
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        kind = h.trig.kind
        if text[max(s.s0, h.start - 1):h.start] == "的" and kind in ("champion", "prize"):
            continue    # ImageNet竞赛的夺魁: a noun referring back
        ev = _Ev("award", (h.start, h.end), f"award:{h.trig.name}", {c})
        obj0 = h.end
        while obj0 < cend and text[obj0] in "了得过 ":
            obj0 += 1
        if kind == "grant":
            before_g = [g for g in s.groups_between(a, h.start)]
            granted_by = None
            for g in before_g:
                if _ORGANISER_BEFORE.search(_before_text(s, g)):
                    granted_by = g
            subj = s.subject_of(c)
            if granted_by is not None:
                for m in granted_by.members:
                    _org_arg(ev, "organiser", m)
                if subj is not None and subj is not granted_by and subj.start < h.start:
                    for m in subj.members:
                        _org_arg(ev, "winner", m)
            else:
                if subj is not None and subj.start < h.start:
                    for m in subj.members:
                        _org_arg(ev, "organiser", m)
                after = s.groups_between(obj0, cend)
                if after and after[0].start - obj0 <= 1:
                    for m in after[0].members:
                        _org_arg(ev, "winner", m)
                    obj0 = after[0].end
            if obj0 < cend:
                ev.add("award", *_award_span(s, obj0, cend))
        elif kind == "copula":
            # 总冠军是猛龙, 冠军花落X: the winner comes after the title and its copula
            cop = _COPULA_AFTER.match(text, obj0, cend)
            if cop is not None:
                obj0 = cop.end()
            after = s.groups_between(obj0, cend)
            if after and after[0].start - obj0 <= 1:
                for m in after[0].members:
                    _org_arg(ev, "winner", m)
            else:
                b = s.verb_boundary(obj0, cend)
                for p in _persons(s, obj0, b):
                    _add_winner(s, ev, *p)
            comps = comps if comps is not None else _competitions(s)
            named = [sp for sp in comps if a <= sp[0] and sp[1] <= h.start]
            if named:
                ev.add("award", *named[-1])
        else:
            _winners(s, ev, c, h)
            if kind == "prize":
                # 获颁经济部「奖」: the organisation right after the verb gives the award
                after = s.groups_between(obj0, cend)
                if after and after[0].start == obj0:
                    for m in after[0].members:
                        _org_arg(ev, "organiser", m)
                    obj0 = after[0].end
                if _ANAPHORIC.match(text, obj0, cend):
                    continue
                if obj0 < cend:
                    a0, a1 = _award_span(s, obj0, cend)
                    title = None
                    for title in _TITLE_TRIGGER.finditer(text, a0, a1):
                        pass     # the last one: 世界冠军, not 冠军杯's 冠军 before it
                    if title is not None:
                        ev.trigger = title.span()
                    placing = _PLACING.search(text, a0, a1)
                    if placing is not None:
                        # 获得冠军 is 夺冠: the award is the competition (as for 第一/第二)
                        comps = comps if comps is not None else _competitions(s)
                        named = [c0 for c0 in comps if c0[1] <= placing.start()] or comps
                        if named:
                            a0, a1 = min(named, key=lambda sp: abs(placing.start() - sp[1]))
                        elif placing.start() > a0:
                            a1 = placing.start()
                            while a1 > a0 and text[a1 - 1] in "的 ":
                                a1 -= 1
                            if not (_COMPETITION_SUFFIX.search(text, a0, a1) or _AWARD_NOUN.search(text, a0, a1)):
                                a1 = a0   # 队史第八冠, 职业生涯首冠: a modifier, no competition named
                    if a1 > a0:
                        ev.add("award", a0, a1)
                    # the body giving it (…大会(CVPR)该年度的“最佳论文奖”)
                    if a0 > obj0:
                        org_text = text[obj0:a0]
                        mb = _ORGANISER_BODY.search(org_text)
                        if mb and not ev.has("organiser"):
                            ev.add("organiser", obj0, obj0 + mb.end(1))
            else:
                if comps is None:
                    comps = _competitions(s)
                if not comps and kind == "rank":
                    continue    # 第一/第二 only count in a named competition
                if comps:
                    best = min(comps, key=lambda sp: (0 if sp[1] <= h.start else 1, abs(h.start - sp[1])))
                    ev.add("award", *best)
        for m in organisers:
            if not ev.has("organiser") or all(x.mention is not m for x in ev.role_args("organiser")):
                if not any(w.mention is m for w in ev.role_args("winner")):
                    _org_arg(ev, "organiser", m)
        if not ev.has("award"):
            if kind == "champion":
                comps = comps if comps is not None else _competitions(s)
                if comps:
                    ev.add("award", *comps[0])
        if not ev.has("winner") and not ev.has("award"):
            continue
        if _planned(s, h):
            continue    # 有望夺冠, 想要夺得冠军: a title not yet won is no award (issue 16)
        ev.refback = _refback(s, h)
        w = ev.role_args("winner")
        ev.key = ("award", _key_of(w[0].mention, text, w[0].start, w[0].end) if w else "",
                  _norm(text[ev.role_args("award")[0].start:ev.role_args("award")[0].end]) if ev.has("award") else "")
        out.append(ev)
    # one winner, one award event per sentence (世界第一…成为首个夺冠的企业; 夺冠，获得…奖金)
    merged: list[_Ev] = []
    for ev in out:
        wk = {_key_of(a.mention, text, a.start, a.end) for a in ev.role_args("winner")}
        same = next((e for e in merged if wk and wk == {_key_of(a.mention, text, a.start, a.end)
                                                       for a in e.role_args("winner")}), None)
        if same is None:
            merged.append(ev)
            continue
        for arg in ev.args:
            if arg.role != "award" or not same.has("award"):
                same.add(arg.role, arg.start, arg.end, arg.mention)
        same.clauses |= ev.clauses
    return merged


def _award_span(s: _Sent, a: int, b: int) -> tuple[int, int]:
    """The award named by the object text[a:b]: a closing quoted name, else the whole phrase."""
    text = s.text
    while b > a and text[b - 1] in " 等":
        b -= 1
    seg = text[a:b]
    m = _QUOTED_TAIL.search(seg)
    if m:
        return a + m.start(1), a + m.end(1)
    k = seg.rfind("的")
    if 0 <= k < len(seg) - 1 and _AWARD_NOUN.search(seg[k + 1:]):
        return a + k + 1, b
    return a, b


_TRAILING_ADVERBS = frozenset(_D["trailing_adverbs"])
_COPULA_AFTER = regex.compile(_D["copula_after"])
_SCORE_TAIL = regex.compile(r"\s*[0-9]+\s*[-:比]\s*[0-9]+\s*$")   # 中国女排3-0 (战胜…): the score is no name


def _add_winner(s: _Sent, ev: _Ev, a: int, b: int) -> None:
    text = s.text
    m = _SCORE_TAIL.search(text, a, b)
    if m is not None:
        b = m.start()
    # a competition named first (埃斯托利尔网球公开赛|西西帕斯夺…首冠) is the award, not the winner
    for c0, c1 in _competitions(s):
        if c0 == a and b - c1 >= 2:
            a = c1
            break
    # an adverb glued to the name by the segmenter (杨健则以总分…摘下金牌)
    if b - a >= 3 and text[b - 1] in _TRAILING_ADVERBS:
        b -= 1
    if b > a:
        ev.add("winner", a, b)


_HAN_NAME = regex.compile(r"\p{Han}{2,4}")


def _person_after_affiliation(s: _Sent, a: int, b: int) -> tuple[int, int] | None:
    """A person named with a title between the subject organisation and the trigger
    (兰大|张旭教授|荣获): text[a:b] is a two-to-four-character name and a title, nothing else."""
    text = s.text
    t = s.lex.title_tail.search(text, a, b)
    if t is None or t.end() != b:
        return None
    name = text[a:t.start()]
    return (a, t.start()) if _HAN_NAME.fullmatch(name) else None


def _winners(s: _Sent, ev: _Ev, c: int, h: _Hit) -> None:
    """The winners: the subject organisations, else the people or team named as subject."""
    lex = s.lex
    own = s.subject[c]
    if own is not None and own.start < h.start:
        person = _person_after_affiliation(s, own.end, h.start)
        if person is not None:
            _add_winner(s, ev, *person)    # 兰大|张旭教授荣获…: the person, not the university
            return
        for m in own.members:
            _org_arg(ev, "winner", m)
        return
    span = s.subject_text(c, h.start)
    if span is not None:
        for p in _persons(s, *span):
            _add_winner(s, ev, *p)
        return
    # no subject in this clause: walk back over continuation clauses (联同X, …) to the subject
    spans = []
    k = c - 1
    while k >= 0:
        a, _ = s.clauses[k]
        lead, pos = s.strip_lead(a, s.clause_end(k))
        cm = lex.continuation.match(lead)
        if cm:
            spans.append((pos + cm.end(), s.clause_end(k)))
            k -= 1
            continue
        g = s.subject[k]
        if g is not None:
            for m in g.members:
                _org_arg(ev, "winner", m)
            break
        if s.pronoun_start(k):
            # 他多次…: the sentence's topic
            for j in range(0, k):
                if s.subject[j] is not None:
                    for m in s.subject[j].members:
                        _org_arg(ev, "winner", m)
                    break
                sp = s.subject_text(j)
                if sp is not None:
                    spans.append(sp)
                    break
            break
        sp = s.subject_text(k)
        if sp is not None:
            spans.append(sp)
            break
        k -= 1
    for sp in reversed(spans):
        for p in _persons(s, *sp):
            _add_winner(s, ev, *p)
