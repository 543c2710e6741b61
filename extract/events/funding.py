"""Funding events: rounds, investors and lead investors, amounts and valuations.

Funding triggers of one sentence are gathered into *frames*, one per real-world round (see the
package docstring, step 4)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from ..analysis import EventArgument, EventMention, Mention
from .core import (
    _DocState, _Ev, _Group, _Hit, _Lexicon, _NUMERAL_OR_DE, _PUNCT, _RECEIVE_NAME, _SMALL_NUMERAL,
    _Sent, _after_text, _anaphoric, _before_text, _generic_subject, _key_of, _name_like, _norm,
    _org_arg, _planned, _refback, _text_org, _words, load_data,
)

EVENT_TYPE = "funding"
DATA = "event_funding.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('investee', 'investor', 'lead_investor', 'round', 'amount', 'valuation')
COLOUR = "#059669"              # its colour on the review page

# The type's own words and patterns (DATA), compiled once at import.
_D = load_data(DATA)
_ROUND_CONTEXT = regex.compile(r"\s?" + _words(_D["round_context_after"]))
_ROUND_DONE = regex.compile(_words(_D["round_done_after"]))
_LEAD_AFTER = regex.compile(_D["lead_after"])
_LEAD_BEFORE = regex.compile(_D["lead_before"])
_INVESTOR_AFTER = regex.compile(_D["investor_after"])
_INVESTOR_BEFORE = regex.compile(_D["investor_before"])
_INVESTEE_BEFORE = regex.compile(_D["investee_before"])
_INVESTEE_AFTER = regex.compile(_D["investee_after"].replace("ROUND", _D["round_pattern"]))
_VALUATION_BEFORE = regex.compile(_D["valuation_before"])
_COUNT_BEFORE = regex.compile(_D["count_before"])
_RECEIVE_INVEST = regex.compile(_D["receive_before_invest"])
_RECEIVE_RIGHT_BEFORE = regex.compile("(?:" + _D["receive_before_invest"] + ")得?了?$")
_INVESTOR_LIST = regex.compile(_D["investor_list_words"])
_INVEST_OBJECT = tuple(_D["invest_object_triggers"])
_AGGREGATE_BEFORE = regex.compile(_D["aggregate_before"])
_AGGREGATE_AFTER = regex.compile(_D["aggregate_after"])
_AGGREGATE_WORDS = regex.compile(_D["aggregate_words"])
_VALUATION_ANAPHORA = regex.compile(_D["valuation_anaphora_start"])
_PLACE_OBJECT = regex.compile(_D["invest_place_object"])
_PROJECT_BEFORE = regex.compile(_D["invest_project_before"])


@dataclass(slots=True)
class _Frame:
    hits: list[_Hit] = field(default_factory=list)
    rounds: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[int] = field(default_factory=list)
    used: set[int] = field(default_factory=set)      # clauses that contributed something
    coordinated: bool = False
    count: int = 0
    anaphoric: bool = False


def _rounds(s: _Sent) -> list[tuple[int, int]]:
    lex, text = s.lex, s.text
    out = []
    for m in lex.round.finditer(text, s.s0, s.s1):
        a, b = m.start(), m.end()
        if s.org_overlapping(a, b) or s.comparison[s.clause_of(a)]:
            continue
        if lex.round_needs_context.search(m.group()) and not _ROUND_CONTEXT.match(text[b:b + 3]):
            continue
        if lex.refback_after.match(text, b, s.s1) or _ROUND_DONE.match(text[b:b + 4]):
            continue
        out.append((a, b))
    return out


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The funding events of one sentence (``earlier``: the events of the types before this one)."""
    founded_here = [e for e in earlier if e.event_type == "founding"]
    if not hits:
        return []
    lex, text = s.lex, s.text
    rounds = _rounds(s)
    portfolio = [h for h in hits if h.trig.kind == "portfolio"]
    hits = [h for h in hits if h.trig.kind != "portfolio" and not _aggregate(s, h) and not _into_place(s, h)]
    out: list[_Ev] = _portfolio(s, portfolio)
    if not hits:
        return out

    # -- frames: one per round stated in the sentence
    frames: list[_Frame] = []
    cur: _Frame | None = None
    last_hit_end = s.s0
    n = len(s.clauses)
    hits_by_clause: dict[int, list[_Hit]] = {}
    for h in hits:
        hits_by_clause.setdefault(h.clause, []).append(h)
    rounds_by_clause: dict[int, list[tuple[int, int]]] = {}
    for r in rounds:
        rounds_by_clause.setdefault(s.clause_of(r[0]), []).append(r)
    for c in range(n):
        if s.comparison[c]:
            continue
        a, b = s.clauses[c]
        ch = hits_by_clause.get(c, [])
        all_rounds = rounds_by_clause.get(c, [])
        cr = [r for r in all_rounds if not any(h.start <= r[0] < h.end for h in ch)]
        if not ch and not all_rounds:
            if cur is not None:
                cur.clauses.append(c)
            continue
        _, lead_pos = s.strip_lead(a, b)
        routed = None
        if cr and cr[0][0] == lead_pos:
            # a clause opening with a round name already stated (…A轮和A+轮融资，A轮由X领投…)
            name = _norm(text[cr[0][0]:cr[0][1]])
            for f in frames:
                if any(_norm(text[r0:r1]) == name for r0, r1 in f.rounds):
                    routed = f
                    break
        if routed is not None:
            if routed.coordinated and len(routed.rounds) >= 2:
                # split the coordinated frame: this round gets a frame of its own
                routed.rounds = [r for r in routed.rounds if _norm(text[r[0]:r[1]]) != name]
                cur = _Frame(hits=[], rounds=[cr[0]], clauses=[c], used={c}, coordinated=True)
                frames.append(cur)
            else:
                cur = routed
                if cur.coordinated:
                    cur.rounds = [cr[0]]
                    cur.hits = [h for h in cur.hits if h.clause not in cur.used or h.clause == c]
            cur.hits += ch
        else:
            first_item = min([h.start for h in ch] + [r[0] for r in all_rounds])
            date_between = bool(s.dates_in(last_hit_end, first_item))
            new = cur is None
            if cur is not None and all_rounds and cur.rounds:
                cur_names = {_norm(text[r0:r1]) for r0, r1 in cur.rounds}
                if any(_norm(text[r0:r1]) not in cur_names for r0, r1 in all_rounds):
                    new = True
            if cur is not None and ch and cur.hits and date_between:
                new = True
            if new:
                cur = _Frame()
                frames.append(cur)
                if len(all_rounds) >= 2 and _coordinated(lex, text, all_rounds):
                    cur.coordinated = True
            cur.hits += ch
            for r in all_rounds:
                if not any(_norm(text[r[0]:r[1]]) == _norm(text[x0:x1]) for x0, x1 in cur.rounds):
                    cur.rounds.append(r)
        if c not in cur.clauses:
            cur.clauses.append(c)
        cur.used.add(c)
        if ch:
            last_hit_end = ch[-1].end
            first = ch[0]
            r_here = [r for r in all_rounds if r[0] <= first.start]
            p = min([first.start] + [r[0] for r in r_here])
            m = _COUNT_BEFORE.search(text, a, p)
            if m:
                cur.count = max(cur.count, _small_number(m.group()))

    topic = s.topic()
    prev_investee: EventArgument | None = None
    investing: set[str] = set()
    for f in frames:
        if not f.hits and f.coordinated:
            f.hits = [h for g in frames if g.coordinated for h in g.hits if h.clause not in f.used][:1]
        if not f.hits:
            continue
        f.hits.sort(key=lambda h: h.start)
        evs = _frame_events(s, f, topic, prev_investee, investing)
        for ev in evs:
            inv = ev.role_args("investee")
            if inv:
                prev_investee = inv[0]
            investing |= {_key_of(a.mention, text, a.start, a.end) for a in ev.args
                          if a.role in ("investor", "lead_investor")}
        out += evs
    # money put into a company founded in the same sentence (X掷出数千万美元…，商汤科技正式成立)
    founded = [ev for ev in founded_here if ev.has("org")]
    for ev in out:
        if not ev.has("investee") and founded and (ev.has("investor") or ev.has("lead_investor")):
            o = founded[0].role_args("org")[0]
            ev.add("investee", o.start, o.end, o.mention)
    return out


def _into_place(s: _Sent, h: _Hit) -> bool:
    """投资中国, 向2.5万个发展项目投资: money put into a country, a market or projects (data: _invest_place)."""
    if h.trig.kind != "invest":
        return False
    if _PLACE_OBJECT.match(s.text, h.end) and h.end not in s.ostart_set:
        return True
    a = s.clauses[h.clause][0]
    return bool(_PROJECT_BEFORE.search(s.text, a, h.start))


def _aggregate(s: _Sent, h: _Hit) -> bool:
    """先后获得6轮融资 / 融资8轮 / 累计融资: a count of rounds over time, not one round."""
    text = s.text
    before = text[max(s.s0, h.start - 4):h.start]
    after = text[h.end:h.end + 4]
    return bool(_AGGREGATE_BEFORE.search(before) or _AGGREGATE_AFTER.match(after)
                or _AGGREGATE_WORDS.search(text, s.clauses[h.clause][0], h.start))


def _small_number(s: str) -> int:
    digits = "零一二两三四五六七八九"
    m = _SMALL_NUMERAL.search(s)
    if not m:
        return 0
    t = m.group()
    if t.isdigit():
        return int(t)
    if t == "十":
        return 10
    return {"两": 2}.get(t, digits.index(t) if t in digits else 0)


def _coordinated(lex: _Lexicon, text: str, rounds: list[tuple[int, int]]) -> bool:
    for (_, a1), (b0, _) in zip(rounds, rounds[1:]):
        if not lex.list_joiner.fullmatch(text[a1:b0]):
            return False
    return True


def _frame_events(s: _Sent, f: _Frame, topic: _Group | None, prev_investee: EventArgument | None,
                  investing: set[str]) -> list[_Ev]:
    """The funding event of one frame (or one per investor, or none): its round, the
    organisations by role, an investee carried from the topic, the money, then the checks."""
    main = _main_hit(f.hits)
    ev = _Ev("funding", (main.start, main.end), f"funding:{main.trig.name}", set(f.used))
    # anaphoric frames (本轮融资金额为…, 此轮出资…, 本次…融资) restate an event already stated:
    # what they add goes to the previous sentence's funding event
    if _anaphoric(s, f.hits[0]) and not f.rounds:
        f.anaphoric = True
    ev.status = "planned" if any(_planned(s, h) for h in f.hits) else "actual"
    if _generic_subject(s, f.hits[0]):
        return []
    for r0, r1 in f.rounds:
        ev.add("round", r0, r1)
    for h in f.hits:
        if h.trig.extra.get("round") and not f.rounds:
            ev.add("round", h.start, h.end)
    # -- organisations by role-marking phrases, then by subjects
    role_of: dict[int, str] = {}    # id(group) → role
    groups = _frame_groups(s, f)
    _phrase_roles(s, f, groups, role_of)
    subjects = _subject_roles(s, f, role_of) + _missed_investors(s, f, role_of)
    for g in groups + subjects:
        role = role_of.get(id(g))
        if not role:
            continue
        for m in g.members:
            _org_arg(ev, role, m)
    if not ev.has("investee"):
        _carried_investee(s, ev, f, main, topic, prev_investee, investing, role_of)
    # investees are not investors
    text = s.text
    inv_keys = {_key_of(a.mention, text, a.start, a.end) for a in ev.role_args("investee")}
    ev.args = [a for a in ev.args if a.role == "investee" or _key_of(a.mention, text, a.start, a.end) not in inv_keys
               or a.role in ("round", "amount", "valuation")]
    _money_roles(s, ev, f)
    ev.clauses = set(f.used)
    return _checked(s, ev, f)


def _frame_groups(s: _Sent, f: _Frame) -> list[_Group]:
    """The organisation groups in the frame's clauses, in order."""
    groups: list[_Group] = []
    for c in sorted(set(f.clauses)):
        a, b = s.clauses[c]
        i = bisect.bisect_left(s.gstarts, a)
        if i > 0 and s.groups[i - 1].end > a:
            i -= 1      # a list that runs on from the clause before (…，以及X跟投)
        while i < len(s.groups) and s.groups[i].start < b:
            if not groups or groups[-1] is not s.groups[i]:
                groups.append(s.groups[i])
            i += 1
    return groups


def _phrase_roles(s: _Sent, f: _Frame, groups: list[_Group], role_of: dict[int, str]) -> None:
    """Roles marked by the phrases around a group (由X领投, X跟投, 获X投资 …)."""
    hit_spans = [(h.start, h.end) for h in f.hits]
    for g in groups:
        role = _funding_role(s, g, f, hit_spans)
        if role:
            role_of[id(g)] = role
            for c in (s.clause_of(g.start), s.clause_of(g.end - 1)):
                f.used.add(c)


def _subject_roles(s: _Sent, f: _Frame, role_of: dict[int, str]) -> list[_Group]:
    """Subjects of the frame's hits by the trigger's kind (an unrecognised name as subject is
    kept text-only)."""
    lex, text = s.lex, s.text
    subjects: list[_Group] = []
    for h in f.hits:
        subj = s.subject_of(h.clause)
        if subj is None:
            span = s.subject_text(h.clause, h.start)
            if span is not None and _name_like(lex, text[span[0]:span[1]]) and \
                    not lex.round.search(text, span[0], span[1]) and \
                    not any(g.start < span[1] and span[0] < g.end for g in s.groups_between(span[0] - 64, span[1])):
                subj = _Group([_text_org(text, *span)], span[0], span[1], [])
        if subj is None or subj.start >= h.start or id(subj) in role_of:
            continue
        subjects.append(subj)
        pred = text[subj.end:h.start]
        kind = h.trig.kind
        if kind == "raise" or kind == "invest" and _RECEIVE_INVEST.search(pred):
            role_of[id(subj)] = "investee"
        elif kind == "lead":
            role_of[id(subj)] = "lead_investor"
        elif kind in ("invest", "follow"):
            role_of[id(subj)] = "investor"
    return subjects


def _missed_investors(s: _Sent, f: _Frame, role_of: dict[int, str]) -> list[_Group]:
    """获得X数百万美金的天使轮投资: an investor the recogniser missed, between 获得 and the money."""
    lex, text = s.lex, s.text
    found: list[_Group] = []
    for h in f.hits:
        a = s.clauses[h.clause][0]
        m = _RECEIVE_NAME.search(text[a:h.start])
        if m is None:
            continue
        n0 = a + m.end()
        if s.groups_between(n0, h.start):
            continue
        n1 = n0
        while n1 < h.start and not _NUMERAL_OR_DE.match(text, n1, n1 + 1) and \
                n1 not in s.mstart_set and not lex.round.match(text, n1, h.start):
            n1 += 1
        if 2 <= n1 - n0 <= 12 and _name_like(lex, text[n0:n1]) and s.aligned(n0, n1):
            g = _Group([_text_org(text, n0, n1)], n0, n1, [])
            role_of[id(g)] = "investor"
            found.append(g)
    return found


def _carried_investee(s: _Sent, ev: _Ev, f: _Frame, main: _Hit, topic: _Group | None,
                      prev_investee: EventArgument | None, investing: set[str], role_of: dict[int, str]) -> None:
    """An investee from the sentence's topic, or the previous frame's, or the first clause's
    subject phrase."""
    lex, text = s.lex, s.text
    if topic is not None and id(topic) not in role_of and topic.start < main.start \
            and not any(a.mention is topic.members[0] for a in ev.args) \
            and _key_of(topic.members[0], text, 0, 0) not in investing:
        _org_arg(ev, "investee", topic.members[0])
    elif prev_investee is not None:
        ev.add("investee", prev_investee.start, prev_investee.end, prev_investee.mention)
    elif topic is None:
        c0 = next((c for c in range(len(s.clauses)) if s.subject_text(c) is not None), None)
        if c0 is not None and c0 <= min(f.clauses):
            span = s.subject_text(c0, main.start if s.clause_of(main.start) == c0 else None)
            if span is not None and span[1] <= main.start and _name_like(lex, text[span[0]:span[1]]) \
                    and not any(a.start < span[1] and span[0] < a.end for a in ev.args):
                ev.add("investee", span[0], span[1])


def _money_roles(s: _Sent, ev: _Ev, f: _Frame) -> None:
    """Money in the frame's clauses: a valuation after 估值…, else the first amount of its own."""
    text = s.text
    amount_done = False
    for c in sorted(f.clauses):
        a, b = s.clauses[c]
        for _, m in s.money_in(a, b):
            before = text[a:m.start]
            if _VALUATION_BEFORE.search(before[-14:]) and "估值" in before:
                ev.add("valuation", m.start, m.end, m)
                f.used.add(c)
                continue
            after = text[m.end:m.end + 12]
            if _belongs_to_other(s, m, after):
                continue
            if not amount_done:
                ev.add("amount", m.start, m.end, m)
                amount_done = True
                f.used.add(c)


def _checked(s: _Sent, ev: _Ev, f: _Frame) -> list[_Ev]:
    """The frame's event unless it is none (no money where money is needed, nothing stated, a
    reference back), with its identity key, split by investor for a count with a list."""
    text = s.text
    # a needs_money trigger without money is no event
    if any(h.trig.extra.get("needs_money") for h in f.hits) and not ev.has("amount") and \
            all(h.trig.extra.get("needs_money") for h in f.hits):
        return []
    if not (ev.has("round") or ev.has("amount") or ev.has("investor") or ev.has("lead_investor")):
        return []
    ev.refback = any(_refback(s, h) for h in f.hits[:1]) and not ev.has("amount")
    if ev.refback:
        return []
    if f.anaphoric:
        ev.rule += "+anaphoric"
        ev.refback = True
    inv = ev.role_args("investee")
    rnd = ev.role_args("round")
    if inv and len(rnd) == 1:
        ev.key = ("funding", _key_of(inv[0].mention, text, inv[0].start, inv[0].end), _norm(text[rnd[0].start:rnd[0].end]))
    # -- a count with a list: one event per investor
    investors = ev.role_args("investor")
    if f.count >= 2 and len(investors) >= 2:
        return _split_by_investor(s, ev, f)
    return [ev]


def _main_hit(hits: list[_Hit]) -> _Hit:
    for h in hits:
        if h.trig.kind in ("raise", "invest", "lead"):
            return h
    return hits[0]


def _belongs_to_other(s: _Sent, m: Mention, after: str) -> bool:
    """1亿人民币的旷视科技: an amount attached to another organisation by 的."""
    if not after.startswith("的"):
        return False
    for g in s.groups:
        if 0 < g.start - m.end <= 8 and not _PUNCT.search(s.text[m.end:g.start]):
            rest = s.text[m.end + 1:g.start]
            if not s.lex.round.search(rest) and "融资" not in rest and "投资" not in rest:
                return True
    return False


def _funding_role(s: _Sent, g: _Group, f: _Frame, hit_spans: list[tuple[int, int]]) -> str | None:
    text = s.text
    before = _before_text(s, g)
    after = _after_text(s, g)
    if _LEAD_AFTER.match(after) or _LEAD_BEFORE.search(before):
        return "lead_investor"
    if _INVESTEE_BEFORE.search(before):
        # 向X投资 / 对X进行战略投资: X receives
        c = s.clause_of(g.start)
        if any(g.end <= h0 and s.clause_of(h0) == c for h0, _ in hit_spans):
            return "investee"
    # X right after an investing trigger: 投资商汤科技, 注资X
    for h0, h1 in hit_spans:
        if 0 <= g.start - h1 <= 1 and text[h1:g.start] in ("", "了"):
            trig_text = text[h0:h1]
            if any(w in trig_text for w in _INVEST_OBJECT):
                return "investee"
    if _RECEIVE_RIGHT_BEFORE.search(before):
        # 获得腾讯战略投资: after a receiving verb the name is the giver, even with a round after it
        c = s.clause_of(g.start)
        if any(s.clause_of(h0) == c and h0 >= g.end for h0, _ in hit_spans):
            return "investor"
    if _INVESTEE_AFTER.match(after):
        return "investee"
    if _INVESTOR_AFTER.match(after):
        return "investor"
    if _INVESTOR_BEFORE.search(before):
        c = s.clause_of(g.start)
        if any(s.clause_of(h0) == c and h0 >= g.end for h0, _ in hit_spans) or _INVESTOR_LIST.search(before):
            return "investor"
    return None


def _split_by_investor(s: _Sent, ev: _Ev, f: _Frame) -> list[_Ev]:
    text = s.text
    investors = ev.role_args("investor")
    shared = [a for a in ev.args if a.role not in ("investor", "amount")]
    out = []
    for inv in investors:
        e = _Ev("funding", ev.trigger, ev.rule + "+split", set(ev.clauses), status=ev.status)
        for a in shared:
            e.add(a.role, a.start, a.end, a.mention)
        e.add("investor", inv.start, inv.end, inv.mention)
        key = _key_of(inv.mention, text, inv.start, inv.end)
        # a clause about this investor alone (其中X投资15亿人民币) gives its trigger and amount
        for h in f.hits:
            subj = s.subject[h.clause]
            if subj is None:
                continue
            own = [m for m in subj.members if _key_of(m, text, m.start, m.end) == key]
            if own and subj.start < h.start:
                a, b = s.clauses[h.clause]
                e.trigger = (h.start, h.end)
                e.args = [x for x in e.args if x.role != "investor"]
                _org_arg(e, "investor", own[0])
                for _, m in s.money_in(a, b):
                    e.add("amount", m.start, m.end, m)
                    break
        out.append(e)
    return out


def _portfolio(s: _Sent, hits: list[_Hit]) -> list[_Ev]:
    """投资项目包括A、B: one funding event per organisation listed, the subject investing."""
    out = []
    for h in hits:
        c = h.clause
        subj = s.subject_of(c)
        groups = s.groups_between(h.end, s.clause_end(c))
        if not groups:
            continue
        for g in groups[:1]:
            for m in g.members:
                ev = _Ev("funding", (h.start, h.end), "funding:portfolio", {c})
                if subj is not None and subj.start < h.start:
                    for sm in subj.members:
                        _org_arg(ev, "investor", sm)
                _org_arg(ev, "investee", m)
                ev.status = "planned" if _planned(s, h) else "actual"
                out.append(ev)
    return out


def _carry_valuation(s: _Sent, state: _DocState) -> None:
    """此时商汤科技的估值已经超过45亿美元: a valuation right after a funding sentence is that round's."""
    if not state.last_funding or not s.lex.anaphora.search(s.text, s.s0, min(s.s1, s.s0 + 6)) and \
            not _VALUATION_ANAPHORA.match(s.text, s.s0, min(s.s1, s.s0 + 8)):
        return
    ev = state.last_funding[-1]
    if ev.status != "actual" or any(a.role == "valuation" for a in ev.arguments):
        return
    for _, m in s.money_in(s.s0, s.s1):
        before = s.text[max(s.s0, m.start - 14):m.start]
        if "估值" in before and _VALUATION_BEFORE.search(before):
            ev.arguments.append(EventArgument("valuation", m.start, m.end, m))
            return


def after_sentence(s: _Sent, state: _DocState, found: list[EventMention]) -> None:
    """After each sentence read: remember its funding rounds for the next sentence (本轮…, a
    valuation stated right after), or give that sentence's valuation to the round before."""
    funding_here = [e for e in found if e.event_type == EVENT_TYPE]
    if not funding_here:
        _carry_valuation(s, state)
    state.last_funding = funding_here
