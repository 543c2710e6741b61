"""Shared machinery of the financial event types (issue 17).

Every type module (``listing.py``, ``pledge.py`` …) exports ``EVENT_TYPE``, ``ROLES`` and
``extract_document(doc, dates, money, orgs)``. They share what is here:

* :class:`DocContext` — one document's sorted mentions, its sentences cut into clauses, its
  title line(s), and the *announcing company*: the company the document speaks for, read from
  an exchange announcement's header (``证券简称：中天科技``), the title (``X关于…的公告``,
  ``X：…``) or the first name before a stock code (``中天科技(600522)``). ``公司``/``本公司``
  filling a company role stand for it; it is the organisation record of that name when one exists,
  else the header's text.
* readers of share counts (``1,200万股`` → 12000000, the span without 股), percentages (``5.01%`` →
  0.0501, with whether it is of the total or of the holder's shares), prices per share and
  stock codes, which tell an event's own figure from a 累计/合计 total beside it;
* :class:`FinEvent`, the event being built, and :func:`finish`, which gives each event its date
  and status and merges the mentions of one happening in one document into one event: the
  headline and ``原标题`` restate the body's event, and a later sentence with the same party and no
  new figure adds to the event before it instead of making another.

Triggers, exclusions and role cues are data (``extract/data/event_<type>.json`` and
``event_fin_common.json``), compiled once per process.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

import regex

from ..analysis import AnalysedText, EventArgument, EventMention, Mention, Sentence

_CLAUSE_END = regex.compile(r"[,;:，；：]")
_SPACE = regex.compile(r"\s+")
_SHORT_NAME_BAD = regex.compile(r"^(?:公司|本公司|股份|集团|控股|证券|有限公司)$")


def _words(items: Iterable[str]) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(items), key=len, reverse=True)) + ")"


def load_data(name: str) -> dict:
    return json.loads((resources.files("extract") / "data" / name).read_text(encoding="utf-8"))


class _Cues:
    def __init__(self) -> None:
        d = load_data("event_fin_common.json")
        c = regex.compile
        self.raw = d
        self.stock_code = c(d["stock_code"])
        self.header_short_name = c(d["header_short_name"], regex.M)
        self.header_code = c(d["header_code"])
        self.name_before_code = c(d["name_before_code"])
        self.name_lead = c(d["name_lead"])
        self.announcer_verb = c(d["announcer_verb"])
        self.title_company = c(d["title_company"])
        self.announcement_title = c(d["announcement_title"])
        self.announcer_words = c(_words(d["announcer_words"]) + "$")
        self.announcer_word_at = c(_words(d["announcer_words"]))
        self.title_line = c(d["title_line"])
        self.plan = c(d["plan"])
        self.plan_after = c(d["plan_after"])
        self.negated = c(d["negated"])
        self.total_before = c(d["total_before"])
        self.percent_total = c(d["percent_total"])
        self.percent_holding = c(d["percent_holding"])
        self.shares = c(d["shares"])
        self.percent = c(d["percent"])
        self.pps_after = c(d["price_per_share_after"])
        self.pps_before = c(d["price_per_share_before"])
        self.positions = c(_words(d["positions"]))
        self.position_list = tuple(d["positions"])
        self.person_after = c(d["person_after"])
        self.surnames = frozenset(d["surname"])
        self.regulator = c(d["regulator"])
        self.exchange = c(d["exchange"])
        # a person named after a position or before 先生/女士 (董事长张某, 李静女士)
        self.person_titled = c(r"(?:" + _words(d["positions"]) + r"|股东|控股股东|实际控制人|实控人|自然人)"
                               r"([\p{Han}·]{2,4}?)(?=先生|女士|[,，、。;；:：的因于已向将和与及\s(（]|辞|担任|出任|不再|计划|拟|预计|增持|减持|质押|解除|通过|$)")
        self.person_honorific = c(r"([\p{Han}]{2,3})(?:先生|女士)")
        # 聘任张某为…, 任命李某担任…: the name between the verb and 为/担任 (jieba glues 张胜为)
        self.person_appointed = c(r"(?:聘任|任命|委任|聘请|选举|提名|推举|增补|选任)((?:[^\P{Han}为])(?:[^\P{Han}为]){1,2}?)(?=为|担任|出任|女士|先生)")
        # Latin names after a post: 首席执行官David Atkins
        self.person_latin = c(r"(?:" + _words(d["positions"]) + r")\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2})")


@lru_cache(maxsize=1)
def cues() -> _Cues:
    return _Cues()


@dataclass(frozen=True, slots=True)
class TypeLexicon:
    event_type: str
    trigger: Any          # one compiled alternation of the type's triggers
    names: dict[str, str]
    raw: dict


@lru_cache(maxsize=None)
def type_lexicon(event_type: str) -> TypeLexicon:
    """The type's data file, compiled once: its triggers become one alternation with named groups."""
    raw = load_data(f"event_{event_type}.json")
    parts, names = [], {}
    for n, t in enumerate(raw["triggers"]):
        g = f"t{n}"
        names[g] = t["name"]
        parts.append(f"(?P<{g}>{t['pattern']})")
    return TypeLexicon(event_type, regex.compile("|".join(parts)), names, raw)


# ---------------------------------------------------------------------------------------------
# The document


@dataclass(slots=True)
class Party:
    """A company or person filling a role: a mention record where one exists, else text."""

    start: int
    end: int
    mention: Mention | None = None

    def key(self, text: str) -> str:
        if self.mention is not None and self.mention.kind == "organisation":
            return str(self.mention.values.get("canonical") or text[self.start:self.end])
        return _SPACE.sub("", text[self.start:self.end])


# a line that repeats the headline (原标题：…) or is a filing's own title (关于…的公告)
_REPEATED_TITLE = regex.compile(r"(?m)^\s*原标题\s*[:：][^\n]*|^[^\n]{0,40}关于[^\n]{2,40}的?公告\s*$")


class DocContext:
    """One document as the financial types read it (built once per document, shared by all types)."""

    def __init__(self, doc: AnalysedText, dates: list[Mention], money: list[Mention], orgs: list[Mention]):
        self.doc = doc
        self.text = doc.text
        self.dates = sorted(dates, key=lambda m: (m.start, m.end))
        self.money = sorted(money, key=lambda m: (m.start, m.end))
        self.orgs = sorted(orgs, key=lambda m: (m.start, -m.end))
        self._d = [m.start for m in self.dates]
        self._m = [m.start for m in self.money]
        self._o = [m.start for m in self.orgs]
        text = self.text
        # the headline: the first line, and any line that repeats it (原标题：…)
        first_nl = text.find("\n")
        self.title_end = first_nl if first_nl >= 0 else len(text)
        self.title_spans = [(0, self.title_end)]
        for m in _REPEATED_TITLE.finditer(text[:4000]):
            self.title_spans.append((m.start(), m.end()))
        self.announcer = self._announcer()
        self.header_code = None
        hc = cues().header_code.search(text)
        if hc:
            self.header_code = (hc.start(1), hc.end(1))
        self.lead_date = self._lead_date()
        self._t = [t.start for t in doc.tokens]

    # -- mentions by span
    def dates_in(self, a: int, b: int) -> list[Mention]:
        return self.dates[bisect.bisect_left(self._d, a):bisect.bisect_left(self._d, b)]

    def money_in(self, a: int, b: int) -> list[Mention]:
        return [m for m in self.money[bisect.bisect_left(self._m, a):bisect.bisect_left(self._m, b)] if m.end <= b]

    def orgs_in(self, a: int, b: int) -> list[Mention]:
        return [m for m in self.orgs[bisect.bisect_left(self._o, a):bisect.bisect_left(self._o, b)] if m.end <= b]

    def org_overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._o, a - 40)
        for m in self.orgs[max(0, i):bisect.bisect_left(self._o, b)]:
            if m.start < b and a < m.end:
                return True
        return False

    def org_at(self, a: int, b: int) -> Mention | None:
        """The organisation record covering exactly text[a:b] (or inside it, same text), if any."""
        for m in self.orgs_in(max(0, a - 1), b + 1):
            if m.start >= a and m.end <= b and (m.end - m.start) >= (b - a):
                return m
        return None

    def org_named(self, name: str) -> Mention | None:
        """The first organisation record whose text or canonical name is ``name``."""
        for m in self.orgs:
            if self.text[m.start:m.end] == name or m.values.get("canonical") == name:
                return m
        return None

    def inside_one_word(self, a: int, b: int) -> bool:
        """text[a:b] lies strictly inside one token (中选 in 优中选优)."""
        i = bisect.bisect_right(self._t, a) - 1
        if i < 0:
            return False
        tok = self.doc.tokens[i]
        return tok.start < a and b < tok.end

    def in_title(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.title_spans)

    def sentence_at(self, pos: int) -> Sentence:
        return self.doc.sentence_at(pos)

    def clause(self, pos: int, sent: Sentence | None = None) -> tuple[int, int]:
        """The clause (between , ; : and the sentence edges) holding ``pos``."""
        sent = sent or self.sentence_at(pos)
        text = self.text
        a = pos
        while a > sent.start and not _CLAUSE_END.match(text[a - 1]):
            a -= 1
        b = pos
        while b < sent.end and not _CLAUSE_END.match(text[b]):
            b += 1
        return a, b

    # -- the announcing company
    def _announcer(self) -> Party | None:
        c, text = cues(), self.text
        head = text[:3000]
        found: tuple[int, int] | None = None
        m = c.header_short_name.search(head)
        if m and not _SHORT_NAME_BAD.match(m.group(1)):
            found = (m.start(1), m.end(1))
        if found is None:
            for a, b in self.title_spans:
                line = text[a:b]
                off = a
                t = regex.match(r"\s*原标题\s*[:：]\s*", line)
                if t:
                    line, off = line[t.end():], a + t.end()
                m = c.announcement_title.search(line) or c.title_company.search(line)
                if m:
                    found = (off + m.start(1), off + m.end(1))
                    break
        if found is None:
            m = c.announcer_verb.search(text, 0, min(len(text), 600))
            if m and plausible_name(m.group(1)):
                found = _trimmed(text, m.start(1), m.end(1))
        if found is None:
            m = c.name_before_code.search(text, 0, min(len(text), 1500))
            if m:
                found = _trimmed(text, m.start(1), m.end(1))
        if found is None:
            return None
        a, b = found
        rec = self.org_at(a, b)
        if rec is not None:
            return Party(rec.start, rec.end, rec)
        name = text[a:b]
        # the same name recognised elsewhere: use that record
        rec = self.org_named(name)
        if rec is not None:
            return Party(rec.start, rec.end, rec)
        return Party(a, b, None)

    def _lead_date(self) -> Mention | None:
        """The first day of the body's first three sentences (news leads are dated: 9月17日，X公告…),
        passing over a repeated headline and the site's promotional banners."""
        body = self.title_end
        for a, b in self.title_spans[1:]:
            if a <= body + 2:
                body = max(body, b)
        text = self.text
        sents = [s for s in self.doc.sentences if s.start >= body and not self.in_title(s.start)
                 and not _BANNER.search(text, s.start, s.end)][:3]
        for s in sents:
            for d in self.dates_in(s.start, s.end):
                # a report is dated by a day, not a period nor a period's end (截至6月30日止6个月)
                if d.values.get("granularity") == "day" and not _PERIOD_END.match(text, d.end):
                    return d
        return None

    def name_before_code_near(self, a: int, b: int) -> Party | None:
        m = None
        for m in cues().name_before_code.finditer(self.text, a, b):
            pass
        if m is None:
            return None
        a, b = _trimmed(self.text, m.start(1), m.end(1))
        for rec in self.orgs_in(m.start(1), m.end(1) + 1):
            if rec.end == b:
                return Party(rec.start, rec.end, rec)
        if not plausible_name(self.text[a:b]):
            return None
        return Party(a, b, None)


_BANNER = regex.compile(load_data("event_fin_common.json")["banner"])
_PERIOD_END = regex.compile(load_data("event_fin_common.json")["period_end_after"])

_CTX: dict[int, DocContext] = {}


def context(doc: AnalysedText, dates: list[Mention], money: list[Mention], orgs: list[Mention]) -> DocContext:
    """The DocContext of ``doc``, built once while the eleven types read the same document."""
    key = id(doc)
    ctx = _CTX.get(key)
    if ctx is None or ctx.doc is not doc or len(ctx.dates) != len(dates) or len(ctx.orgs) != len(orgs) \
            or len(ctx.money) != len(money):
        _CTX.clear()
        ctx = DocContext(doc, dates, money, orgs)
        _CTX[key] = ctx
    return ctx


def release(doc: AnalysedText) -> None:
    """Forget the document's context (called once all types have read it)."""
    _CTX.pop(id(doc), None)


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without the words run together in front of a name (公司控股股东中天科技)."""
    m = cues().name_lead.match(text, a, b)
    return (m.end(), b) if m else (a, b)


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True, slots=True)
class Figure:
    start: int
    end: int
    value: float
    kind: str = ""        # percentages: "total", "holding" or ""
    total: bool = False   # a 累计/合计 total, a holding or a base rather than the event's own figure


_BOUND = regex.compile(r"^(?:约|近|逾|超过|不超过|不低于|不少于|不高于)")


def number_value(s: str) -> float | None:
    """1,200万 → 12000000; 1.525亿 → 152500000; 2100 → 2100; 约1.4亿 → 140000000 (the bound word
    stays in the span, as money keeps 约/超过, and out of the value)."""
    s = _BOUND.sub("", _SPACE.sub("", s))
    mult = 1
    if s.endswith("万"):
        mult, s = 10_000, s[:-1]
    elif s.endswith("亿"):
        mult, s = 100_000_000, s[:-1]
    s = s.replace(",", "")
    try:
        v = float(s) * mult
    except ValueError:
        return None
    return int(round(v)) if abs(v - round(v)) < 1e-6 else v


def shares_in(ctx: DocContext, a: int, b: int) -> list[Figure]:
    c, text = cues(), ctx.text
    out = []
    for m in c.shares.finditer(text, a, b):
        v = number_value(m.group(1))
        if v is None or v == 0:
            continue
        ca, _ = ctx.clause(m.start())
        before = text[max(ca, m.start() - 14):m.start()]
        total = bool(c.total_before.search(before))
        out.append(Figure(m.start(1), m.start(1) + len(m.group(1).rstrip()), v, "", total))
    return out


_TOTAL_HEAD = regex.compile(load_data("event_fin_common.json")["total_clause_head"])


def percents_in(ctx: DocContext, a: int, b: int) -> list[Figure]:
    c, text = cues(), ctx.text
    out = []
    for m in c.percent.finditer(text, a, b):
        try:
            v = round(float(m.group(1)) / 100, 8)
        except ValueError:
            continue
        ca, _ = ctx.clause(m.start())
        before = text[max(ca, m.start() - 16):m.start()]
        kind = ""
        if c.percent_holding.search(before):
            kind = "holding"
        elif c.percent_total.search(before):
            kind = "total"
        # a total's percentage: 累计质押…占…% in a clause that began as a total
        clause_head = text[ca:m.start()]
        total = bool(_TOTAL_HEAD.search(clause_head[:12]))
        out.append(Figure(m.start(), m.end(), v, kind, total))
    return out


def price_per_share(ctx: DocContext, a: int, b: int) -> list[Mention]:
    c, text = cues(), ctx.text
    out = []
    for m in ctx.money_in(a, b):
        if c.pps_after.match(text, m.end) or c.pps_before.search(text[max(a, m.start - 10):m.start]):
            out.append(m)
    return out


def money_after_cue(ctx: DocContext, a: int, b: int, cue: Any, window: int = 12,
                    exclude: Iterable[Mention] = ()) -> list[Mention]:
    """Money mentions in [a, b) preceded (within its clause, ``window`` characters) by ``cue``."""
    skip = {id(m) for m in exclude}
    out = []
    for m in ctx.money_in(a, b):
        if id(m) in skip:
            continue
        ca, _ = ctx.clause(m.start)
        if cue.search(ctx.text[max(ca, m.start - window):m.start]):
            out.append(m)
    return out


def own_first(figs: list[Figure]) -> list[Figure]:
    """The event's own figures when there are any, else the totals."""
    own = [f for f in figs if not f.total]
    return own or figs


# ---------------------------------------------------------------------------------------------
# Parties


def party_words(ctx: DocContext, a: int, b: int) -> Party | None:
    """The company named last in text[a:b]: an organisation record, a name before a stock code,
    or 公司/本公司 standing for the announcing company."""
    text = ctx.text
    c = cues()
    best: Party | None = None
    for m in reversed(ctx.orgs_in(a, b)):
        t = text[m.start:m.end]
        if c.exchange.fullmatch(t) or not _LETTER.search(t):
            continue   # 在香港交易所回购: where, not who; a record without a letter (2%) names nobody
        junk = bool(_NOT_A_NAME.search(t))
        if c.announcer_words.match(t) or junk and c.announcer_words.search(t):
            # 公司 as the recogniser's alias of the announcing company (以下简称“公司”), or run
            # together with the words before it (现将公司, 日该公司, 应由公司)
            best = Party(ctx.announcer.start, ctx.announcer.end, ctx.announcer.mention) \
                if ctx.announcer is not None else None
        elif junk:
            continue   # 深圳证券交易所上市公司(回购股份实施细则): a rule's title, not a party
        else:
            best = Party(m.start, m.end, m)
        break
    nb = ctx.name_before_code_near(a, b)
    if nb is not None and (best is None or nb.start > best.end
                           or (nb.start <= best.start and nb.end >= best.end)):
        best = nb
    for m in cues().announcer_word_at.finditer(text, a, b):
        if best is None or m.start() >= best.end:
            if ctx.announcer is not None:
                best = Party(ctx.announcer.start, ctx.announcer.end, ctx.announcer.mention)
    return best


_NOT_A_NAME = regex.compile(load_data("event_fin_common.json")["not_a_name"])
_LETTER = regex.compile(r"[\p{Han}A-Za-z]")


def plausible_name(text: str) -> bool:
    """A text-only company name that is not an exchange, a generic word or a clipped phrase."""
    return 2 <= len(text) <= 30 and not _NOT_A_NAME.search(text)


def announcer_or(ctx: DocContext, p: Party | None) -> Party | None:
    return p if p is not None else ctx.announcer


def person_spans(ctx: DocContext, a: int, b: int) -> list[tuple[int, int]]:
    """People named in text[a:b]: after a position or shareholder word (董事长张某, 股东胡亚春) or
    before 先生/女士."""
    c, text = cues(), ctx.text
    out: list[tuple[int, int]] = []
    for m in c.person_titled.finditer(text, a, b):
        s, e = m.start(1), m.end(1)
        if text[s] in c.surnames and not ctx.org_overlaps(s, e) and not c.positions.match(text, s):
            out.append((s, e))
    for pat in (c.person_appointed, c.person_latin):
        for m in pat.finditer(text, a, b):
            s, e = m.start(1), m.end(1)
            if (pat is c.person_latin or text[s] in c.surnames) and not any(x[0] <= s < x[1] for x in out):
                out.append((s, e))
    for m in c.person_honorific.finditer(text, a, b):
        s, e = m.start(1), m.end(1)
        if text[s] not in c.surnames and e - s == 3 and text[s + 1] in c.surnames:
            s += 1
        if text[s] in c.surnames and not any(x[0] <= s < x[1] for x in out):
            out.append((s, e))
    # a word jieba does not know (or tags as a name) of two or three characters, starting with a
    # surname: the usual way a name stands alone (钱丰不再担任…)
    tags = _tags()
    toks = ctx.doc.tokens
    # a token cut out of a post is no name (董监高拟减持: 董监, 高拟)
    posts = [(m.start(), m.end()) for m in c.positions.finditer(text, a, b)]
    i = bisect.bisect_left(ctx._t, a)
    while i < len(toks) and toks[i].end <= b:
        tok = toks[i]
        i += 1
        w = tok.text
        if 2 <= len(w) <= 3 and w[0] in c.surnames and _HAN2.fullmatch(w):
            tag = tags.get(w)
            if (tag is None or tag.startswith("nr")) and not any(x[0] <= tok.start < x[1] for x in out) \
                    and not ctx.org_overlaps(tok.start, tok.end) and not c.positions.match(w) \
                    and not any(p0 < tok.end and tok.start < p1 for p0, p1 in posts):
                out.append((tok.start, tok.end))
    out.sort()
    return out


_HAN2 = regex.compile(r"\p{Han}{2,3}")


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    from ..segment import word_tags

    return word_tags()


# ---------------------------------------------------------------------------------------------
# The event being built


@dataclass(slots=True)
class FinEvent:
    event_type: str
    trigger: tuple[int, int]
    sentence: Sentence
    rule: str
    args: list[EventArgument] = field(default_factory=list)
    date: Mention | None = None
    status: str = "actual"
    key: str = ""                  # the main party, for merging mentions of one happening
    in_title: bool = False

    def add(self, role: str, start: int, end: int, mention: Mention | None = None,
            value: float | None = None) -> None:
        if end <= start:
            return
        for x in self.args:
            if x.role == role and x.start < end and start < x.end:
                return
        arg = EventArgument(role, start, end, mention)
        if value is not None:
            arg.value = value
        self.args.append(arg)

    def add_party(self, role: str, p: Party | None) -> None:
        if p is not None:
            self.add(role, p.start, p.end, p.mention)

    def add_figure(self, role: str, f: Figure | None) -> None:
        if f is not None:
            self.add(role, f.start, f.end, None, f.value)

    def add_money(self, role: str, m: Mention | None) -> None:
        if m is not None:
            self.add(role, m.start, m.end, m)

    def has(self, role: str) -> bool:
        return any(x.role == role for x in self.args)

    def figures(self, text: str) -> frozenset[str]:
        return frozenset(_SPACE.sub("", text[x.start:x.end]) for x in self.args
                         if x.mention is not None and x.mention.kind == "money" or getattr(x, "value", None) is not None)


def planned(ctx: DocContext, trig: tuple[int, int]) -> bool:
    c, text = cues(), ctx.text
    a, b = ctx.clause(trig[0])
    if c.plan.search(text[a:trig[0]]):
        return True
    return bool(c.plan_after.match(text, trig[1]))


def negated(ctx: DocContext, trig: tuple[int, int]) -> bool:
    a, _ = ctx.clause(trig[0])
    return bool(cues().negated.search(ctx.text[a:trig[0]]))


# a year, half, quarter or season is a reporting period (2019年上半年, 2018年度), not the day an
# event happened: an event is dated by a day or a month, else by the news lead; a plan may be
# dated by a year (拟于2021年上市), and so may a type whose data file says ``dated_by_year``
# (a listing: 2010年上市)
_COARSE = frozenset(("year", "half", "quarter", "season", "decade", "century"))


def event_date(ctx: DocContext, ev: FinEvent, avoid: Iterable[Mention] = ()) -> Mention | None:
    """The date in the trigger's clause, else earlier in its sentence, else later in it, else the
    news lead's date; a year or a period is passed over."""
    skip = {id(m) for m in avoid}
    t0 = ev.trigger[0]
    s = ev.sentence
    a, b = ctx.clause(t0, s)
    coarse: list[Mention] = []
    by_year = ev.status == "planned" or bool(type_lexicon(ev.event_type).raw.get("dated_by_year"))

    def ok(d: Mention) -> bool:
        if id(d) in skip:
            return False
        if d.values.get("granularity") in _COARSE and not by_year or _PERIOD_END.match(ctx.text, d.end):
            coarse.append(d)
            return False
        return True

    own = [d for d in ctx.dates_in(a, b) if ok(d)]
    if own:
        before = [d for d in own if d.end <= t0]
        return (before or own)[-1] if before else own[0]
    before = [d for d in ctx.dates_in(s.start, t0) if ok(d)]
    if before:
        return before[-1]
    after = [d for d in ctx.dates_in(t0, s.end) if ok(d)]
    if after:
        return after[0]
    return ctx.lead_date


def iter_triggers(ctx: DocContext, lex: TypeLexicon):
    """(start, end, name) of every trigger of the type in the document."""
    text = ctx.text
    for m in lex.trigger.finditer(text):
        a, b = m.span()
        if _inside_rule_title(text, a, b) or ctx.inside_one_word(a, b):
            continue   # 《个人破产条例》 names a law; 优中选优 holds 中选 but tells of no bid
        name = next((lex.names[g] for g, v in m.groupdict().items() if v is not None), "")
        yield a, b, name


# 《…条例（征求意见稿）》: the title of a law or rule, read without a bracketed last part
_RULE_TITLE_END = regex.compile(
    "(?:" + "|".join(sorted(map(regex.escape, load_data("event_cues.json")["rule_title_heads"]), key=len, reverse=True))
    + r")(?:[(（][^()（）]{0,12}[)）])?$")


def _inside_rule_title(text: str, a: int, b: int, reach: int = 40) -> bool:
    """The trigger text[a:b] lies inside 《…》 naming a law or rule (《个人破产条例》): it tells of
    no happening. A filing's own title (《关于…股份质押的公告》) is not a rule and keeps its event."""
    left = text.rfind("《", max(0, a - reach), a)
    if left < 0 or text.find("》", left, a) >= 0:
        return False
    right = text.find("》", b, b + reach)
    return right >= 0 and text.find("《", b, right) < 0 and bool(_RULE_TITLE_END.search(text, left + 1, right))


def finish(ctx: DocContext, events: list[FinEvent]) -> list[EventMention]:
    """One event per happening: body events first, each later one with the same party and no new
    figure merged into the first; headline events merged into the body's event of the same party
    (or the type's only body event), kept only when the body does not state it."""
    text = ctx.text
    body = [e for e in events if not e.in_title]
    title = [e for e in events if e.in_title]
    kept: list[FinEvent] = []
    for ev in body:
        target = None
        for k in kept:
            if k.key and k.key == ev.key and not _conflict(k, ev, text):
                target = k
                break
        if target is None and not ev.key and kept and kept[-1].event_type == ev.event_type and (
                not (ev.figures(text) - kept[-1].figures(text)) or ev.figures(text) & kept[-1].figures(text)):
            target = kept[-1]   # 本次质押股份数量…: the same happening, stated again without its party
        if target is None:
            kept.append(ev)
        else:
            _merge(target, ev)
    for ev in title:
        same = [k for k in kept if k.key and k.key == ev.key] or (kept if len(kept) == 1 else [])
        if same:
            _merge(same[0], ev)
        elif not kept or ev.key not in {k.key for k in kept}:
            kept.append(ev)
    out = []
    for ev in kept:
        em = EventMention(ev.event_type, ev.trigger[0], ev.trigger[1], ev.sentence, ev.rule,
                          ev.args, ev.date, ev.status)
        out.append(em)
    return out


_IDENTITY_ROLES = ("shares", "amount", "period", "position", "new_position", "project")


def _conflict(a: FinEvent, b: FinEvent, text: str) -> bool:
    """Two mentions of one party are different happenings when they give a different figure (or
    period, post, project) for the same role."""
    for role in _IDENTITY_ROLES:
        x = {_SPACE.sub("", text[g.start:g.end]) for g in a.args if g.role == role}
        y = {_SPACE.sub("", text[g.start:g.end]) for g in b.args if g.role == role}
        if x and y and not (x & y):
            return True
    return False


def _merge(into: FinEvent, other: FinEvent) -> None:
    for x in other.args:
        if not into.has(x.role):
            into.args.append(x)
    if into.date is None:
        into.date = other.date


Filler = Callable[[DocContext, FinEvent], bool]


def extract_with(event_type: str, doc: AnalysedText, dates: list[Mention], money: list[Mention],
                 orgs: list[Mention], fill: Filler, key_role: str) -> list[EventMention]:
    """The common loop of a type: every trigger, not negated, filled by ``fill`` (which returns
    False to drop it), dated, given its status, then merged per happening."""
    ctx = context(doc, dates, money, orgs)
    lex = type_lexicon(event_type)
    events: list[FinEvent] = []
    for t0, t1, name in iter_triggers(ctx, lex):
        if negated(ctx, (t0, t1)):
            continue
        sent = ctx.sentence_at(t0)
        ev = FinEvent(event_type, (t0, t1), sent, f"{event_type}:{name}", in_title=ctx.in_title(t0))
        if not fill(ctx, ev):
            continue
        if planned(ctx, ev.trigger):
            ev.status = "planned"
        if ev.date is None:
            ev.date = event_date(ctx, ev)
        key = next((x for x in ev.args if x.role == key_role), None)
        if key is not None:
            ev.key = Party(key.start, key.end, key.mention).key(ctx.text)
        events.append(ev)
    return finish(ctx, events)


def subject(ctx: DocContext, ev: FinEvent, people: bool = False) -> Party | None:
    """The party before the trigger: in its clause, else earlier in its sentence (a person too
    when ``people``); 公司/本公司 stand for the announcing company."""
    t0 = ev.trigger[0]
    s = ev.sentence
    a, _ = ctx.clause(t0, s)
    for lo in (a, s.start):
        p = party_words(ctx, lo, t0)
        if people:
            ps = person_spans(ctx, lo, t0)
            if ps and (p is None or ps[-1][0] >= p.end):
                p = Party(ps[-1][0], ps[-1][1], None)
        if p is not None:
            return p
    # a company name the recogniser missed, ending in a company word (赛博百货公司已申请…)
    m = None
    for m in _COMPANY_TEXT.finditer(ctx.text, a, t0):
        if "的" in m.group(1):
            m = None
            continue
    if m is not None and plausible_name(m.group(1)):
        return Party(m.start(1), m.end(1), None)
    return None


# the name starts the clause or follows 、 and holds no 的 (已商业化的特专科技公司 describes a kind)
_COMPANY_TEXT = regex.compile(load_data("event_fin_common.json")["company_text"])


_HOLDER = regex.compile(load_data("event_fin_common.json")["holder"])


_HOLDER_NOT = regex.compile(load_data("event_fin_common.json")["holder_not"])


def holder_in(ctx: DocContext, a: int, b: int) -> Party | None:
    """The last shareholder named in text[a:b] after 控股股东/股东/实际控制人 (a person, an
    organisation record, or the name as text)."""
    text = ctx.text
    last = None
    for m in _HOLDER.finditer(text, a, b):
        last = m
    if last is None:
        return None
    s0, e0 = last.start(1), last.end(1)
    for rec in ctx.orgs_in(s0, min(b, s0 + 40)):
        if rec.start == s0:
            return Party(rec.start, rec.end, rec)
    name = text[s0:e0]
    if not plausible_name(name) or cues().positions.match(name) or _HOLDER_NOT.match(name):
        return None
    return Party(s0, e0, None)
