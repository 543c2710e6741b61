"""The shared part of the event stage: lexicons, sentence structures and role helpers.

Every event type module (founding.py, funding.py …) reads a sentence through :class:`_Sent`
and builds :class:`_Ev` objects; ``_finish`` and ``_event_date`` turn them into EventMention
objects. See the package docstring for how a sentence is read.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, NamedTuple

import regex

from ..analysis import EventArgument, EventMention, Mention, Sentence, Token, TokenIndex

_PUNCT = regex.compile(r"[,;:。!?]")
_LATIN_TAIL = regex.compile(r"[A-Za-z0-9.+\-]+")
_RECEIVE_NAME = regex.compile(r"(?:获得?了?|得到了?|接受了?)(?=[^,;:。!?获]{2,24}$)")
_NUMERAL_OR_DE = regex.compile(r"[0-9一二三四五六七八九十百千万亿数几的]")
_ALNUM = regex.compile(r"[A-Za-z0-9]")
_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
_HAN = regex.compile(r"\p{Han}")
_NO_LETTERS = regex.compile(r"[^\p{Han}A-Za-z]*")                 # numbers and punctuation only
_NUMBERISH = regex.compile(r"[0-9.%\s]+")
_SMALL_NUMERAL = regex.compile(r"[0-9]+|[零一二两三四五六七八九十]")   # the count of 三笔, 2轮
_PARENTHESISED = regex.compile(r"\([^()]*\)")
_NORM_DROP = regex.compile(r"[\s“”\"「」『』《》()\[\]【】'‘’]")     # ignored when comparing names
_HEADLINE_SPACE = regex.compile(r"(?<=[\p{Han}!?])\s+(?=[\p{Han}“「《])")
_QUESTION_END = regex.compile(r"[?？]\W*$")
_QUOTED_NAME = regex.compile(r"[《“「]([^》”」]{1,30})[》”」]")
_QUOTED_TAIL = regex.compile(r"[“\"「『《]([^”\"」』》]{1,40})[”\"」』》]$")
_VERSION_NUMBER = regex.compile(r"[0-9.]+[A-Za-z]?")                # 2.0, 5G: not a product name
_SHORT_CAPS = regex.compile(r"[A-Z]{1,3}")                          # AI, AR (AI晶片): a qualifier
_OPEN_BRACKETS = {"(": ")", "[": "]", "【": "】", "〔": "〕"}
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》"}


def _pair_chars(pairs: dict[str, str]) -> Any:
    """A pattern of a pair set's characters: _Sent._regions visits only them, not every character."""
    return regex.compile("[" + regex.escape("".join(pairs) + "".join(pairs.values())) + "]")


_BRACKET_CHARS = _pair_chars(_OPEN_BRACKETS)
_QUOTE_CHARS = _pair_chars(_QUOTES)
_BOUNDARY = ",;:。!?"


# ---------------------------------------------------------------------------------------------
# Lexicons (data files, loaded and compiled once per process)

def _words(items: Iterable[str]) -> str:
    """An alternation of literal words, longest first."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w))) + ")"


def load_data(name: str) -> dict:
    """One of the event stage's data files in extract/data/ (a type's DATA, event_cues.json)."""
    return json.loads((resources.files("extract") / "data" / name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class _Trigger:
    event_type: str
    name: str
    pattern: Any
    kind: str
    extra: dict


class _Lexicon:
    """The triggers of every sentence-level type and the cues the types share (a type's own
    words and patterns are compiled in its module, where they are used)."""

    def __init__(self) -> None:
        from .registry import SENTENCE_TYPES   # (the registry imports the type modules, which import this one)

        self.raw = {t.EVENT_TYPE: load_data(t.DATA) for t in SENTENCE_TYPES}
        cues = load_data("event_cues.json")
        self.cues = cues
        self.triggers: dict[str, list[_Trigger]] = {}
        for t, lex in self.raw.items():
            self.triggers[t] = [
                _Trigger(t, e["name"], regex.compile(e["pattern"]), e.get("kind", t),
                         {k: v for k, v in e.items() if k not in ("name", "pattern", "kind")})
                for e in lex["triggers"]
            ]
        # Any trigger of any type: most sentences have none, and one search tells so instead of
        # one search per trigger (it finds a match exactly when some trigger would).
        self.any_trigger = regex.compile("|".join(
            f"(?:{t.pattern.pattern})" for ts in self.triggers.values() for t in ts))
        # The same per type: a sentence with a trigger mostly has triggers of one type or two,
        # and the other types' searches (one per trigger) are skipped (_hits at 500,000 characters:
        # 0.32 s → 0.24 s).
        self.any_trigger_of = {t: regex.compile("|".join(f"(?:{trig.pattern.pattern})" for trig in ts))
                               for t, ts in self.triggers.items()}
        c = regex.compile
        # shared cues
        self.planned = c(_words(cues["planned"]))
        self.planned_before = c(cues["planned_before_trigger"])
        self.negation = c(_words(cues["negation"]))
        self.failed_after = c(cues["failed_after"])
        self.attempt = c(_words(cues["attempt_before"]))
        self.refback_after = c(cues["refback_after"])
        self.refback_before = c(cues["refback_before"])
        self.anaphora = c(cues["anaphora"])
        self.comparison_start = c(cues["comparison_start"])
        self.comparison_inside = c(cues["comparison_inside"])
        self.generic_subject = c(cues["generic_subject"])
        self.generic_object = c(cues["generic_object"])
        self.moved_on = c(cues["moved_on"])
        self.flashback = c(_words(cues["flashback"]))
        self.interval_date = c(cues["interval_date"])
        self.discourse = c(_words(cues["discourse"]))
        self.predicate_marker = c(_words(cues["predicate_markers"] + cues["planned"] + cues["negation"]))
        self.pronoun = c("^" + _words(cues["pronouns"]) + "$")
        titles = _words(cues["titles"])
        self.title_lead = c("(?:其|他的|她的)?" + titles + "+")
        self.title_tail = c(titles + "+$")
        self.coordinator_word = c(cues["coordinators"])
        self.compound_head = c(_words(cues["compound_heads"]))
        self.coordinator_gap = c(r"^\s*(?:[、,]\s*)?" + cues["coordinators"] + r"?\s*$")
        self.person_split = c(cues["person_coordinators"])
        self.list_joiner = c(r"\s*" + _words(cues["list_joiners"]) + r"\s*")
        self.name_end = c(r"[,;:。!?()、“”「」《》]|" + _words(cues["name_end_words"]))
        # what may follow a missed name for the list to go on: a joiner, 等, punctuation, the end
        self.list_goes_on = c(r"\s*(?:" + _words(cues["list_joiners"] + cues["name_end_words"]) + r"|[,;:。!?]|$)")
        self.item_separator = c(_words(cues["item_separators"]))
        self.counted_category = c("[0-9一二三四五六七八九十两几多]+" + _words(cues["count_classifiers"]))
        self.continuation = c(cues["continuation_start"])
        self.parent_link = c(cues["parent_link"])
        self.alias_intro = c(cues["alias_intro"])
        self.clause_split = c(cues["clause_split"])
        self.prepositions = frozenset(cues["prepositions"])
        self.anaphoric_start = c(cues["anaphoric_start"])
        self.generic_names = frozenset(cues["generic_names"])
        self.reporting_tail = c(cues["reporting_tail"])
        self.date_preposition = c(cues["date_preposition"])
        self.rule_title = c(_words(cues["rule_title_heads"]) + "》")   # 《…收购管理办法》: a title, no event
        # of two types' data, read by the shared helpers too
        f = self.raw["funding"]
        self.round = c(f["round_pattern"])
        self.round_needs_context = c(f["round_needs_context"])
        # product launch
        pl = self.raw["product_launch"]
        self.l_naming = c(pl["naming_verbs"])


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


# ---------------------------------------------------------------------------------------------
# Internal event and sentence structures

@dataclass(slots=True)
class _Group:
    members: list[Mention]
    start: int
    end: int          # end of the last member, with a following alias bracket and 等 skipped
    gaps: list[str]   # the joining text between members


@dataclass(slots=True)
class _Ev:
    event_type: str
    trigger: tuple[int, int]
    rule: str
    clauses: set[int]
    args: list[EventArgument] = field(default_factory=list)
    status: str = "actual"
    refback: bool = False      # worded as a reference back (成立后, 此轮…)
    sentence: int = -1
    own_info: bool = False     # carries information of its own (a date in its clause, a founder…)
    key: tuple | None = None   # identity for "already stated" checks across the document
    out: "EventMention | None" = None   # the record made of it, which a restatement adds to

    def add(self, role: str, start: int, end: int, mention: Mention | None = None) -> None:
        if end <= start:
            return
        for a in self.args:
            if a.role == role and a.start < end and start < a.end:
                return
        self.args.append(EventArgument(role, start, end, mention))

    def has(self, role: str) -> bool:
        return any(a.role == role for a in self.args)

    def role_args(self, role: str) -> list[EventArgument]:
        return [a for a in self.args if a.role == role]


def _name_like(lex: "_Lexicon", t: str) -> bool:
    """A phrase that can name an organisation, product or person (not a pronoun or a generic
    or quantified noun)."""
    t = t.strip()
    if not 2 <= len(t) <= 32 or t in lex.generic_names:
        return False
    if lex.pronoun.match(t) or lex.anaphoric_start.match(t) or lex.generic_subject.match(t) or lex.generic_object.match(t):
        return False
    if _NUMBERISH.fullmatch(t) or _PUNCT.search(t):
        return False
    return True


def _text_org(text: str, start: int, end: int) -> Mention:
    """A name the organisation recogniser missed, kept text-only (its mention is None in output)."""
    return Mention("organisation", start, end, _TEXT_RULE, {"canonical": _norm(text[start:end])})


_TEXT_RULE = "event:text"


def _key_of(m: Mention | None, text: str, start: int, end: int) -> str:
    if m is not None and m.kind == "organisation":
        return str(m.values.get("canonical") or text[start:end])
    return _norm(text[start:end])


def _norm(s: str) -> str:
    return _NORM_DROP.sub("", s)


_UNSET = object()


class _PerClause:
    """A view of one value per clause of a sentence, each computed on first access by
    ``compute(sentence, clause)`` and kept in ``values``, a list the sentence owns. The sentence
    hands out a new view on each access instead of holding one, so that it makes no reference
    cycle (the pipeline runs a document with the cyclic collector paused)."""

    __slots__ = ("_sentence", "_values", "_compute")

    def __init__(self, sentence: "_Sent", values: list[Any], compute: Callable[["_Sent", int], Any]):
        self._sentence = sentence
        self._values = values
        self._compute = compute

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, c: int) -> Any:
        value = self._values[c]
        if value is _UNSET:
            value = self._values[c] = self._compute(self._sentence, c)
        return value

    def __iter__(self) -> Iterator[Any]:
        return (self[c] for c in range(len(self._values)))


class _Sent:
    """One sentence: clauses, mentions, organisation groups and clause subjects."""

    def __init__(self, text: str, sent: Sentence, dates: list[Mention], money: list[Mention],
                 orgs: list[Mention], lex: _Lexicon, doc_tokens: _DocTokens | None = None):
        self.text = text
        self._doc_tokens = doc_tokens     # None: no tokens, every span is aligned
        self._token_span: tuple[int, int] | None | bool = False   # False: not looked up yet
        self.sent = sent
        self.s0, self.s1 = sent.start, sent.end
        self.lex = lex
        self.dates = dates
        self.money = money
        self.brackets = self._regions(_OPEN_BRACKETS, _BRACKET_CHARS)
        self.quotes = self._regions(_QUOTES, _QUOTE_CHARS)
        self.clauses = self._clauses()
        self.cstarts = [a for a, _ in self.clauses]
        self.alias: set[int] = set()
        self.parent: set[int] = set()
        self.date_by_start = {d.start: d for d in dates}
        self.dstarts = [d.start for d in dates]
        self.mstarts = [m.start for m in money]
        self.mstart_set = set(self.mstarts)
        self.orgs = orgs
        self._mark_orgs()
        self.ostarts = [o.start for o in self.orgs]
        self.ostart_set = set(self.ostarts)
        self.max_org = max((o.end - o.start for o in self.orgs), default=0)
        self.money_alias = self._money_aliases()
        self.groups = self._groups()
        self.gstarts = [g.start for g in self.groups]
        # Clause subjects and comparisons are worked out when first asked (see subject): most
        # sentences have no trigger, and of those only topic() asks, for the first clause or two.
        self._subjects: list[Any] = [_UNSET] * len(self.clauses)
        self._comparisons: list[Any] = [_UNSET] * len(self.clauses)
        self.hit_starts: list[int] = []
        self._subject_of: dict[int, _Group | None] = {}
        self.founder_names: list[tuple[int, int]] | None = None
        self._subject_text: dict[int, tuple[int, int] | None] = {}

    # -- structure ---------------------------------------------------------------------------
    def _regions(self, pairs: dict[str, str], chars: Any) -> list[tuple[int, int]]:
        out, stack = [], []
        for m in chars.finditer(self.text, self.s0, self.s1):
            ch, i = m.group(), m.start()
            if ch in pairs:
                stack.append((ch, i))
            elif stack and ch == pairs[stack[-1][0]]:
                _, j = stack.pop()
                if not stack:
                    out.append((j, i + 1))
        return out

    def inside(self, regions: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(regions, (pos, 1 << 60)) - 1
        if i >= 0 and regions[i][0] <= pos < regions[i][1]:
            return regions[i]
        return None

    def _clauses(self) -> list[tuple[int, int]]:
        cuts = [self.s0]
        text = self.text
        # a space between two Chinese characters separates headline phrases (X发布了 Y又…)
        for m in _HEADLINE_SPACE.finditer(text[self.s0:self.s1]):
            cuts.append(self.s0 + m.end())
        for m in self.lex.clause_split.finditer(self.text, self.s0, self.s1):
            p = m.start()
            if self.inside(self.brackets, p):
                continue
            q = self.inside(self.quotes, p)
            if q and (self.text[q[0]] == "《" or q[1] - q[0] <= 12):
                continue
            cuts.append(p + 1)
        cuts.append(self.s1)
        cuts = sorted(set(cuts))
        out = []
        for a, b in zip(cuts, cuts[1:]):
            if b > a:
                out.append((a, b))
        return out or [(self.s0, self.s1)]

    # The sentence's tokens are the document's from the one holding its first character to the
    # last one starting inside it; their edges are read from the document's TokenIndex rather
    # than copied into sets per sentence (events on 400 news documents: 0.1 s less).
    def _tokens_span(self) -> tuple[int, int] | None:
        """Start of the sentence's first token and end of its last, looked up on first use."""
        if self._token_span is False:
            dt = self._doc_tokens
            i0 = max(0, bisect.bisect_right(dt.starts, self.s0) - 1)
            i1 = bisect.bisect_left(dt.starts, self.s1)
            self._token_span = (dt.tokens[i0].start, dt.tokens[i1 - 1].end) if i1 > i0 else None
        return self._token_span

    def aligned(self, a: int, b: int) -> bool:
        """Whether text[a:b] starts and ends on the sentence's token edges or its own (always,
        without tokens)."""
        if self._doc_tokens is None:
            return True
        s0, s1 = self.s0, self.s1
        span = self._tokens_span()
        edge = self._doc_tokens.index.edge
        if not (a == s0 or a == s1 or span is not None and span[0] <= a < s1 and edge[a]):
            return False
        return b == s0 or b == s1 or span is not None and span[0] < b <= span[1] and edge[b]

    def token_at(self, pos: int) -> tuple[int, str] | None:
        """(end, jieba tag) of the sentence's token that starts at ``pos``, if one does."""
        if self._doc_tokens is None:
            return None
        span = self._tokens_span()
        index = self._doc_tokens.index
        if span is None or not span[0] <= pos < self.s1 or not index.edge[pos]:
            return None
        tok = self._doc_tokens.tokens[index.owner[pos]]
        return tok.end, self._doc_tokens.tags.get(tok.text, "")

    def marker(self, pattern: Any, a: int, b: int):
        """The first match of pattern in text[a:b] that is a whole token sequence."""
        for m in pattern.finditer(self.text, a, b, overlapped=True):
            if self.aligned(m.start(), m.end()):
                return m
        return None

    def orgs_near(self, a: int, b: int) -> list[Mention]:
        """Organisation mentions that may overlap text[a:b] (bisected, not scanned)."""
        return self.orgs[bisect.bisect_left(self.ostarts, a - self.max_org):bisect.bisect_left(self.ostarts, b)]

    def masked(self, a: int, b: int) -> str:
        """text[a:b] with organisation names blanked (so 苏宁未来店 holds no 未)."""
        chars = list(self.text[a:b])
        for m in self.orgs_near(a, b):
            if m.end > a and m.start < b:
                for i in range(max(a, m.start), min(b, m.end)):
                    chars[i - a] = "〇"
        return "".join(chars)

    def clause_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.cstarts, pos) - 1)

    def clause_end(self, c: int) -> int:
        """End of clause c without its closing punctuation (。” included)."""
        a, b = self.clauses[c]
        text = self.text
        while b > a:
            if text[b - 1] in _BOUNDARY + " ":
                b -= 1
            elif text[b - 1] in "”’」』)]】》\"'" and b - 2 >= a and text[b - 2] in _BOUNDARY:
                b -= 2
            else:
                break
        return b

    def _mark_orgs(self) -> None:
        text, lex = self.text, self.lex
        orgs = list(self.orgs)
        starts = {o.start for o in self.orgs}
        # X旗下的Y where the recogniser found X only: Y is a name of its own (text-only)
        for m in self.orgs:
            link = lex.parent_link.match(text, m.end, min(self.s1, m.end + 8))
            if link and link.end() not in starts:
                span = self.name_after(link.end())
                if span is not None:
                    orgs.append(_text_org(text, *span))
        orgs.sort(key=lambda o: (o.start, -o.end))
        self.orgs = orgs
        for i, m in enumerate(orgs):
            br = self.inside(self.brackets, m.start)
            if br is not None and br[0] < m.start:
                # in brackets: an alias when the bracket follows another name (or opens with 简称…)
                j = i - 1
                while j >= 0 and orgs[j].start >= br[0]:
                    j -= 1
                near = j >= 0 and orgs[j].end <= br[0] and br[0] - orgs[j].end <= 1
                if near or lex.alias_intro.match(text, br[0], m.start + 1):
                    self.alias.add(i)
                    continue
            link = lex.parent_link.match(text, m.end, min(self.s1, m.end + 8))
            if link and i + 1 < len(orgs):
                nxt = orgs[i + 1]
                gap = text[link.end():nxt.start]
                if nxt.start >= link.end() and len(gap) <= 8 and not _PUNCT.search(gap):
                    self.parent.add(i)

    def name_after(self, a: int, max_len: int = 14) -> tuple[int, int] | None:
        """A name-like phrase starting at a: up to a coordinator, 等, punctuation, a money or
        date mention, a predicate word or a verb; None when too short, too long or generic."""
        text, lex = self.text, self.lex
        b = min(self.s1, a + max_len + 1)
        m = lex.name_end.search(text[a:b])
        end = a + m.start() if m else b
        mk = self.marker(lex.predicate_marker, a, end)
        if mk is not None:
            end = mk.start()
        end = min(end, self.verb_boundary(a, end))
        for x in self.money + self.dates:
            if a <= x.start < end:
                end = x.start
        while end > a and text[end - 1] in " 的":
            end -= 1
        if not 2 <= end - a <= max_len or not _name_like(lex, text[a:end]):
            return None
        return a, end

    def _money_aliases(self) -> set[int]:
        out = set()
        for i, m in enumerate(self.money):
            br = self.inside(self.brackets, m.start)
            if br is not None and br[0] < m.start and i > 0 and br[0] - self.money[i - 1].end <= 1:
                out.add(i)
        return out

    def _groups(self) -> list[_Group]:
        groups = self._org_groups()
        # a list goes on with names the recogniser missed (与上海仪电、上海临港等签署)
        text = self.text
        for g in groups:
            while True:
                m = self.lex.list_joiner.match(text[g.end:min(self.s1, g.end + 4)])
                if not m:
                    break
                a = g.end + m.end()
                if a in self.ostart_set or self.inside(self.quotes, a):
                    break
                span = self.name_after(a, 10)
                if span is None:
                    break
                tail = text[span[1]:span[1] + 4]
                if not self.lex.list_goes_on.match(tail) and \
                        self.marker(self.lex.predicate_marker, span[1], min(self.s1, span[1] + 4)) is None:
                    break
                t = _text_org(text, *span)
                g.members.append(t)
                g.gaps.append(m.group())
                g.end = span[1]
        return groups

    def _org_groups(self) -> list[_Group]:
        lex = self.lex
        groups: list[_Group] = []
        live = [i for i in range(len(self.orgs)) if i not in self.alias and i not in self.parent]
        skip_spans = [(self.orgs[i].start, self.orgs[i].end) for i in self.parent]
        for i in live:
            m = self.orgs[i]
            if groups:
                g = groups[-1]
                gap = self._gap_text(g.end, m.start, skip_spans)
                if gap is not None and lex.coordinator_gap.match(gap) and m.start >= g.end:
                    g.members.append(m)
                    g.gaps.append(gap)
                    g.end = self._group_tail(m)
                    continue
            groups.append(_Group([m], m.start, self._group_tail(m), []))
        return groups

    def _group_tail(self, m: Mention) -> int:
        """End of a name with an alias bracket right after it."""
        end = m.end
        br = self.inside(self.brackets, end)
        if br is not None and br[0] == end:
            end = br[1]
        return end

    def _gap_text(self, a: int, b: int, skip: list[tuple[int, int]]) -> str | None:
        if b < a:
            return None
        if b - a > 24:
            return None
        parts, pos = [], a
        for s, e in skip:
            if a <= s < b:
                parts.append(self.text[pos:s])
                # drop the parent's link words too (旗下的)
                link = self.lex.parent_link.match(self.text, e, b)
                pos = link.end() if link else e
        parts.append(self.text[pos:b])
        gap = "".join(parts)
        # bracketed aliases inside the gap are not joining words
        gap = _PARENTHESISED.sub("", gap)
        return gap

    def groups_between(self, a: int, b: int) -> list[_Group]:
        i = bisect.bisect_left(self.gstarts, a)
        out = []
        while i < len(self.groups) and self.groups[i].start < b:
            out.append(self.groups[i])
            i += 1
        return out

    def group_at(self, start: int) -> _Group | None:
        i = bisect.bisect_left(self.gstarts, start)
        if i < len(self.groups) and self.groups[i].start == start:
            return self.groups[i]
        return None

    # -- subjects ----------------------------------------------------------------------------
    def strip_lead(self, a: int, b: int) -> tuple[str, int]:
        """Clause text from a to b without leading brackets, dates, discourse words and spaces."""
        text, lex = self.text, self.lex
        pos = a
        while pos < b:
            ch = text[pos]
            if ch.isspace() or ch in _BOUNDARY:
                pos += 1
                continue
            br = self.inside(self.brackets, pos)
            if br is not None and br[0] == pos and text[pos] == "【":
                pos = br[1]
                continue
            d = self.date_at(pos)
            if d is not None:
                pos = d.end
                continue
            m = lex.discourse.match(text, pos, b)
            if m and m.end() > pos:
                pos = m.end()
                continue
            if text.startswith(("在", "于"), pos):
                d = self.date_at(pos + 1)
                if d is not None:
                    pos = d.end
                    continue
            break
        return text[pos:b], pos

    def date_at(self, pos: int) -> Mention | None:
        return self.date_by_start.get(pos)

    @property
    def subject(self) -> _PerClause:
        """Each clause's own subject group, or None."""
        return _PerClause(self, self._subjects, _Sent._own_subject)

    @property
    def comparison(self) -> _PerClause:
        """Whether each clause opens with a comparison (超过…, 相比…): its triggers state no event."""
        return _PerClause(self, self._comparisons, _Sent._is_comparison)

    def _is_comparison(self, c: int) -> bool:
        return bool(self.lex.comparison_start.match(self.strip_lead(*self.clauses[c])[0]))

    def _own_subject(self, c: int) -> _Group | None:
        a, b = self.clauses[c]
        gs = self.groups_between(a, b)
        if not gs:
            return None
        g = gs[0]
        prefix, p0 = self.strip_lead(a, g.start)
        if any(self.orgs[i].start >= p0 and self.orgs[i].end <= g.start for i in self.parent):
            prefix = self._without_parents(p0, g.start)
            return g if self.is_descriptor(prefix) else None
        return g if self.is_descriptor(prefix, p0) else None

    def _without_parents(self, a: int, b: int) -> str:
        text = self.text
        out, pos = [], a
        for i in sorted(self.parent):
            m = self.orgs[i]
            if a <= m.start < b:
                out.append(text[pos:m.start])
                link = self.lex.parent_link.match(text, m.end, b)
                pos = link.end() if link else m.end
        out.append(text[pos:b])
        return "".join(out)

    def is_descriptor(self, s: str, start: int | None = None) -> bool:
        s = s.strip()
        if not s:
            return True
        if len(s) > 16 or _PUNCT.search(s):
            return False
        if start is not None and self.text.startswith(s, start):
            return self.marker(self.lex.predicate_marker, start, start + len(s)) is None
        return not self.lex.predicate_marker.search(s)

    def subject_of(self, c: int) -> _Group | None:
        """The clause's own subject, else the nearest earlier clause's (topic chain).

        The chain stops at a colon (speech or a list follows) and at a clause whose own subject is
        something other than an organisation (A轮由…领投, 你们…)."""
        if c not in self._subject_of:
            self._subject_of[c] = self._find_subject_of(c)
        return self._subject_of[c]

    def _find_subject_of(self, c: int) -> _Group | None:
        for k in range(c, -1, -1):
            if self.subject[k] is not None:
                return self.subject[k]
            if k > 0 and self.text[self.clauses[k - 1][1] - 1] == ":":
                return None
            if self.subject_text(k) is not None:
                return None
        return None

    def topic(self) -> _Group | None:
        """The sentence's first subject that is not only a reporter (36氪获悉, 外媒报道)."""
        for c, g in enumerate(self.subject):
            if g is None:
                continue
            tail = self.text[g.end:self.clause_end(c)]
            if self.lex.reporting_tail.fullmatch(tail):
                continue
            return g
        return None

    def subject_text(self, c: int, upto: int | None = None) -> tuple[int, int] | None:
        """A non-organisation subject noun phrase at the start of clause c (a person, a product)."""
        if upto is None:
            if c not in self._subject_text:
                self._subject_text[c] = self._find_subject_text(c, None)
            return self._subject_text[c]
        return self._find_subject_text(c, upto)

    def subject_text_from(self, pos: int, upto: int) -> tuple[int, int] | None:
        """subject_text of the clause that starts at ``pos`` inside a clause (after 宣布)."""
        return self._find_subject_text(self.clause_of(pos), upto, pos)

    def _find_subject_text(self, c: int, upto: int | None, start: int | None = None) -> tuple[int, int] | None:
        a, b = self.clauses[c]
        b = self.clause_end(c) if upto is None else upto
        if start is None:
            _, pos = self.strip_lead(a, b)
        else:
            pos = start
        text = self.text
        end = b
        m = self.marker(self.lex.predicate_marker, pos, b)
        if m:
            end = min(end, m.start())
        end = min(end, self.verb_boundary(pos, end))
        later = self.dates_in(pos + 1, end)
        if later:
            end = later[0].start
        while end > pos and text[end - 1] in " ,":
            end -= 1
        if end <= pos or end - pos > 32:
            return None
        s = text[pos:end]
        if _PUNCT.search(s) or self.lex.pronoun.match(s) or self.lex.anaphoric_start.match(s):
            return None
        if len(s) < 2 and not _ALNUM.match(s):
            return None
        tok = self.token_at(pos)
        if tok is not None and tok[0] == end and tok[1][:1] in ("d", "a", "t", "r", "m", "c", "p", "v") and tok[1] != "vn":
            return None     # one adverb, time word or verb (很快, 随后): no subject
        return pos, end

    def verb_boundary(self, a: int, b: int) -> int:
        """The first token in text[a:b] that opens a predicate (verb, preposition, adverb,
        non-coordinating conjunction), by jieba's tags; b if none. A name in quotes or brackets
        and the coordinators 和/与/及其 do not end a subject."""
        pos = a
        while pos < b:
            tok = self.token_at(pos)
            if tok is None:
                pos += 1
                continue
            end, tag = tok
            q = self.inside(self.quotes, pos) or self.inside(self.brackets, pos)
            # a verb that only qualifies a head noun (配送平台, 监控系统) is part of the name
            compound = tag[:1] == "v" and (self.lex.compound_head.match(self.text, end, b) is not None
                                           or _ALNUM.match(self.text, end, end + 1) is not None)
            if q is None and pos > a and tag[:1] in ("v", "p", "d", "c") and tag not in ("vn",) \
                    and not compound and not self.lex.coordinator_word.fullmatch(self.text, pos, end):
                return pos
            if q is None and pos > a and tag == "t" and end - pos >= 2:
                return pos    # 星云科技|晚间公告: a time word after the subject ends it
            if q is None and pos == a and tag[:1] in ("v", "p", "c") and tag not in ("vn",) and not compound:
                return pos
            pos = end
        return b

    def pronoun_start(self, c: int) -> bool:
        """Clause c opens with a pronoun (他多次代表…): its subject is the sentence's topic."""
        a, b = self.clauses[c]
        lead, _ = self.strip_lead(a, b)
        return bool(self.lex.anaphoric_start.match(lead))

    # -- mentions ----------------------------------------------------------------------------
    def money_in(self, a: int, b: int) -> list[tuple[int, Mention]]:
        i0, i1 = bisect.bisect_left(self.mstarts, a), bisect.bisect_left(self.mstarts, b)
        return [(i, self.money[i]) for i in range(i0, i1) if i not in self.money_alias]

    def dates_in(self, a: int, b: int) -> list[Mention]:
        return self.dates[bisect.bisect_left(self.dstarts, a):bisect.bisect_left(self.dstarts, b)]

    def org_overlapping(self, a: int, b: int) -> bool:
        return any(m.start < b and a < m.end for m in self.orgs_near(a, b))


# ---------------------------------------------------------------------------------------------
# Document state

@dataclass(slots=True)
class _DocState:
    seen: dict[tuple, list[_Ev]] = field(default_factory=dict)   # key → earlier events
    founded: set[str] = field(default_factory=set)
    paragraph: int = -1
    last_date: Mention | None = None        # most recent date mention earlier in the paragraph
    last_topic: _Group | None = None        # previous sentence's topic, same paragraph
    last_funding: list[EventMention] = field(default_factory=list)   # previous sentence's


# Several steps look from a clause's start to each trigger, so a sentence's cost grows with its
# length times its triggers. News sentences stay under a few hundred characters (the longest of
# 12,000 bench sentences: 649); text with no punctuation at all (a scraped table, a run of names)
# would be quadratic, so the event stage reads such a sentence in pieces of this size, cut at a
# clause break where there is one. The pieces keep the sentence's index.
_MAX_EVENT_SENTENCE = 1000
_CLAUSE_BREAK = regex.compile(r"[,，、;；:：\s]")


def _bounded(text: str, sentences: list[Sentence]) -> Iterator[Sentence]:
    for sent in sentences:
        start = sent.start
        while sent.end - start > _MAX_EVENT_SENTENCE:
            limit = start + _MAX_EVENT_SENTENCE
            cut = limit
            for m in _CLAUSE_BREAK.finditer(text, start + _MAX_EVENT_SENTENCE // 2, limit):
                cut = m.end()
            yield Sentence(sent.index, start, cut)
            start = cut
        yield sent if start == sent.start else Sentence(sent.index, start, sent.end)


class _DocTokens(NamedTuple):
    tokens: list[Token]
    starts: list[int]       # token starts, to bisect
    index: TokenIndex
    # jieba's part-of-speech tags (the run's Resources): only used to find where a subject noun
    # phrase ends (at its first verb, preposition, adverb or non-coordinating conjunction), which
    # a fixed word list cannot do for every verb of the news
    tags: dict[str, str]


@dataclass(slots=True)
class _Hit:
    trig: _Trigger
    start: int
    end: int
    clause: int


def _hits(s: _Sent) -> dict[str, list[_Hit]]:
    """Trigger matches of every type, longest first where they overlap, minus excluded ones."""
    lex, text = s.lex, s.text
    out: dict[str, list[_Hit]] = {}
    if not lex.any_trigger.search(text, s.s0, s.s1):
        return out
    # a question states no event (你们确实投资这么大…?): its last clause is skipped
    question = len(s.clauses) - 1 if _QUESTION_END.search(text[s.s0:s.s1]) else -1
    for t, triggers in lex.triggers.items():
        if not lex.any_trigger_of[t].search(text, s.s0, s.s1):
            continue
        found: list[_Hit] = []
        for trig in triggers:
            for m in trig.pattern.finditer(text, s.s0, s.s1, overlapped=False):
                a, b = m.start(), m.end()
                if b <= a or s.org_overlapping(a, b):
                    continue
                br = s.inside(s.brackets, a)
                if br is not None and text[br[0]] == "【":
                    continue   # headers such as 【商务合作】
                q = s.inside(s.quotes, a)
                if q is not None and text[q[0]] == "《" and \
                        lex.rule_title.search(text, q[0], min(q[1] + 1, s.s1)):
                    continue   # the title of a rule: 《上市公司收购管理办法》
                found.append(_Hit(trig, a, b, s.clause_of(a)))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[_Hit] = []
        for h in found:
            if kept and h.start < kept[-1].end:
                continue
            if s.comparison[h.clause] or h.clause == question or _negated(s, h):
                continue
            kept.append(h)
        if kept:
            out[t] = kept
    return out


def _predicate(s: _Sent, h: _Hit) -> str:
    """Text between the clause's subject (or start) and the trigger, names blanked."""
    a, _ = s.clauses[h.clause]
    g = s.subject[h.clause]
    if g is not None and g.end <= h.start:
        a = g.end
    return s.masked(a, h.start)


def _negated(s: _Sent, h: _Hit) -> bool:
    lex = s.lex
    pred = _predicate(s, h)
    if lex.comparison_inside.search(s.masked(s.clauses[h.clause][0], h.start)):
        return True
    neg = s.marker(lex.negation, max(s.clauses[h.clause][0], h.start - 8), h.start)
    if neg is not None and not s.org_overlapping(neg.start(), neg.end()):
        return True
    if lex.attempt.search(pred) and lex.failed_after.match(s.text, h.end, s.clause_end(h.clause)):
        return True
    return False


def _planned(s: _Sent, h: _Hit) -> bool:
    pred = _predicate(s, h)
    lex = s.lex
    a = h.start - len(pred)
    m = s.marker(lex.planned, a, h.start)
    if m is not None and not s.org_overlapping(m.start(), m.end()):
        return True
    return bool(lex.planned_before.search(pred))


def _refback(s: _Sent, h: _Hit) -> bool:
    lex, text = s.lex, s.text
    if lex.refback_after.match(text, h.end, s.s1):
        return True
    a, _ = s.clauses[h.clause]
    return bool(lex.refback_before.search(text, a, h.start))


def _anaphoric(s: _Sent, h: _Hit) -> bool:
    a, _ = s.clauses[h.clause]
    return bool(s.lex.anaphora.search(s.text, a, h.start))


def _generic_subject(s: _Sent, h: _Hit) -> bool:
    """The clause's subject is a quantified or unnamed group (多家厂商, 很多公司)."""
    a, _ = s.clauses[h.clause]
    g = s.subject[h.clause]
    if g is not None and g.start < h.start:
        upto = g.start
    else:
        _, a = s.strip_lead(a, h.start)
        m = s.marker(s.lex.predicate_marker, a, h.start)
        upto = m.start() if m else h.start
    if s.lex.generic_subject.search(s.text, a, upto):
        return True
    # the noun phrase right before the trigger (…助力多家厂商推出): after the last predicate word
    last = None
    for m in s.lex.predicate_marker.finditer(s.text, upto, h.start, overlapped=True):
        if s.aligned(m.start(), m.end()):
            last = m
    if last is not None and last.group() in s.lex.prepositions:
        return False    # 在各大应用商店上线: a place, not who launches
    tail_from = last.end() if last is not None else upto
    return bool(s.lex.generic_subject.search(s.text, tail_from, h.start))


# ---------------------------------------------------------------------------------------------
# Shared role helpers

def _subject_members(s: _Sent, c: int, upto: int) -> list[Mention]:
    """Who the clause is about: its subject group, else a name-like subject phrase the
    recogniser missed (text-only), else the same from the topic chain."""
    text, lex = s.text, s.lex
    for k in range(c, -1, -1):
        g = s.subject[k]
        if g is not None and g.start < upto:
            return list(g.members)
        span = s.subject_text(k, upto if k == c else None)
        if span is not None:
            span = _before_figures(s, *span)
            if span is not None and _name_like(lex, text[span[0]:span[1]]) \
                    and not lex.round.search(text, span[0], span[1]) \
                    and not s.org_overlapping(*span) and _subject_name_ok(s, *span):
                return [_text_org(text, *span)]
            return []
        if k > 0 and text[s.clauses[k - 1][1] - 1] == ":":
            return []
    return []


_NOT_NAME_START = frozenset("日对拟约以将在于向由被把和与及为因从据")
_SPEND_TAIL = regex.compile(r"(?:花费|耗资|斥资|出资|投入|花|以|拟|将|近|约|逾|共)+$")


def _before_figures(s: _Sent, a: int, b: int) -> tuple[int, int] | None:
    """A subject phrase cut before the first sum or date in it and the spending words before
    that (映客|8500万美元收购, 勒布朗·詹姆斯|花费650万欧元收购): the name comes first."""
    cut = min([m.start for _, m in s.money_in(a, b)] + [d.start for d in s.dates_in(a, b)] + [b])
    if cut == b:
        return a, b
    t = _SPEND_TAIL.search(s.text, a, cut)
    if t is not None:
        cut = t.start()
    return (a, cut) if cut - a >= 2 else None


def _subject_name_ok(s: _Sent, a: int, b: int) -> bool:
    """A subject phrase (already cut before sums and dates by _before_figures) that may stand for
    a name the recogniser missed: no 的-description (苹果的声明证实了此次), and not opening with a
    function character (日晚, 对应, 拟以…)."""
    t = s.text[a:b]
    return t[0] not in _NOT_NAME_START and "的" not in t


def _org_arg(ev: _Ev, role: str, m: Mention) -> None:
    key = _key_of(m, "", m.start, m.end) if m.values.get("canonical") else None
    if key is not None and any(a.role == role and a.mention is not None and
                               a.mention.values.get("canonical") == key for a in ev.args):
        return   # the same organisation named twice in one role (包括…阿里巴巴…，其中阿里巴巴…)
    ev.add(role, m.start, m.end, m)


def _before_text(s: _Sent, g: _Group, limit: int | None = None) -> str:
    """Text between the previous group (or the clause start) and g."""
    c = s.clause_of(g.start)
    a = s.clauses[c][0] if limit is None else limit
    i = bisect.bisect_left(s.gstarts, g.start) - 1
    if i >= 0 and s.groups[i].end > a:
        a = s.groups[i].end
    return s.text[a:g.start]


def _after_text(s: _Sent, g: _Group) -> str:
    """Text between g and the next group (or its clause end)."""
    c = s.clause_of(max(g.start, g.end - 1))
    b = s.clause_end(c)
    i = bisect.bisect_right(s.gstarts, g.start)
    if i < len(s.groups) and s.groups[i].start < b:
        b = s.groups[i].start
    t = s.text[g.end:b] if b > g.end else ""
    m = _PARENTHESISED.match(t)
    return t[m.end():] if m else t


def _persons(s: _Sent, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of the people (or text-only parties) named in text[a:b], titles and 的-modifiers off."""
    lex, text = s.lex, s.text
    out = []
    pos = a
    parts = []
    for m in lex.person_split.finditer(text, a, b):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, b))
    for p0, p1 in parts:
        while p0 < p1 and text[p0] in " ,":
            p0 += 1
        while p1 > p0 and text[p1 - 1] in " ,等":
            p1 -= 1
        if p1 <= p0:
            continue
        seg = text[p0:p1]
        k = seg.rfind("的")
        if 0 <= k < len(seg) - 1:
            p0 += k + 1
        # an affiliation in front (清华大学计算机系博士陈远航): drop the organisation
        for m in s.orgs_near(p0, p0 + 1):
            if m.start == p0 and m.end < p1:
                rest = text[m.end:p1]
                t = lex.title_lead.match(rest)
                if t and 2 <= len(rest) - t.end() <= 4:
                    p0 = m.end + t.end()
                break
        t = lex.title_lead.match(text, p0, p1)
        if t and p1 - t.end() >= 2:
            p0 = t.end()
        t = lex.title_tail.search(text, p0, p1)
        if t and t.start() - p0 >= 2:
            p1 = t.start()
        if p1 > p0 and not lex.pronoun.match(text[p0:p1]):
            out.append((p0, p1))
    return out


def _resolve_pronoun_subject(s: _Sent, c: int) -> tuple[int, int] | None:
    """A person subject for clause c: its own, else an earlier clause's (他 → the sentence's topic)."""
    for k in range(c, -1, -1):
        span = s.subject_text(k)
        if span is not None:
            return span
    return None


def _opens_predicate(s: _Sent, a: int, b: int) -> bool:
    """The text after a trigger opens another predicate (…发布不受影响, 上线支持…): no object."""
    text, lex = s.text, s.lex
    while a < b and text[a] in " 了":
        a += 1
    if a >= b:
        return True
    if lex.l_naming.match(text, a, b):
        return False
    m = s.marker(lex.predicate_marker, a, b)
    if m is not None and m.start() == a:
        return True
    tok = s.token_at(a)
    return tok is not None and tok[1][:1] in ("v", "d", "p") and tok[1] != "vn" and \
        lex.compound_head.match(text, tok[0], b) is None


def _list_items(s: _Sent, a: int, b: int) -> list[tuple[int, int]]:
    """Short items separated by 、/和/及/以及/, in text[a:b], or [] if it is not such a list."""
    text, lex = s.text, s.lex
    out = []
    pos = a
    for m in lex.item_separator.finditer(text[a:b]):
        out.append((pos, a + m.start()))
        pos = a + m.end()
    out.append((pos, b))
    items = []
    for p0, p1 in out:
        while p1 > p0 and text[p1 - 1] in " 等。":
            p1 -= 1
        # 三款小米CC系列手机 after the last name: the count and category are not a product
        cm = lex.counted_category.search(text[p0:p1])
        if cm and cm.start() > 0:
            p1 = p0 + cm.start()
        while p0 < p1 and text[p0] == " ":
            p0 += 1
        if not 2 <= p1 - p0 <= 16 or not _name_like(lex, text[p0:p1]):
            return []
        items.append((p0, p1))
    return items if len(items) >= 2 else []


# ---------------------------------------------------------------------------------------------
# Dates, status and the document-level checks

def _finish(ev: _Ev, s: _Sent, state: _DocState) -> EventMention | None:
    text = s.text
    if ev.event_type == "funding" and ev.rule.endswith("+anaphoric"):
        _merge_into_previous(ev, s, state)
        return None
    # a restatement of an event already found in an earlier sentence
    if ev.key is not None:
        earlier = [e for e in state.seen.get(ev.key, []) if e is not ev and getattr(e, "sentence", None) != s.sent.index]
        if earlier:
            # one happening, one event: what the restatement adds goes to the first (issue 16)
            if earlier[0].out is not None and ev.event_type in _SINGLE:
                _add_arguments(earlier[0].out, ev.args, text)
            return None
    date = _event_date(ev, s, state)
    ev.sentence = s.sent.index
    if ev.key is not None:
        state.seen.setdefault(ev.key, []).append(ev)
    if ev.event_type == "founding":
        org = ev.role_args("org")
        if org:
            state.founded.add(_key_of(org[0].mention, text, org[0].start, org[0].end))
    ev.out = EventMention(
        event_type=ev.event_type,
        trigger_start=ev.trigger[0],
        trigger_end=ev.trigger[1],
        sentence=s.sent,
        rule=ev.rule,
        arguments=sorted((EventArgument(a.role, a.start, a.end,
                                        None if a.mention is not None and a.mention.rule == _TEXT_RULE else a.mention)
                          for a in ev.args), key=lambda a: (a.start, a.role)),
        date=date,
        status=ev.status,
    )
    return ev.out


def _merge_into_previous(ev: _Ev, s: _Sent, state: _DocState) -> None:
    """本轮融资金额为20亿元，由X领投…: the details go to the round stated just before."""
    if not state.last_funding:
        return
    target = state.last_funding[-1]
    text = s.text
    keys = {_key_of(a.mention, text, a.start, a.end) for a in target.arguments}
    roles = {a.role for a in target.arguments}
    for a in ev.args:
        if a.role in ("amount", "valuation", "round", "investee") and a.role in roles:
            continue
        if _key_of(a.mention, text, a.start, a.end) in keys:
            continue
        mention = None if a.mention is not None and a.mention.rule == _TEXT_RULE else a.mention
        target.arguments.append(EventArgument(a.role, a.start, a.end, mention))
        keys.add(_key_of(a.mention, text, a.start, a.end))
        roles.add(a.role)


def _event_date(ev: _Ev, s: _Sent, state: _DocState) -> Mention | None:
    lex, text = s.lex, s.text
    t = ev.trigger[0]
    own = sorted(ev.clauses)
    inside_args = [(a.start, a.end) for a in ev.args if a.role in ("product", "award")]

    def ok(d: Mention) -> bool:
        if text[d.start:d.end].isdigit() and d.end in s.ostart_set:
            return False    # 2018商汤科技人工智能峰会: a bare year inside a name
        return not any(a0 <= d.start < a1 for a0, a1 in inside_args)

    def pick_before(cands: list[Mention]) -> Mention | None:
        cands = [d for d in cands if ok(d)]
        if not cands:
            return None
        last = cands[-1]
        if lex.interval_date.search(text[last.start:last.end]) and len(cands) >= 2:
            prev = cands[-2]
            # 去年5月底，在时隔不到两个月后，…: consecutive dates with no event between them
            # name one time; the anchored one wins. (2023年3月15日…发布…，三天后…上线: not so.)
            if not lex.interval_date.search(text[prev.start:prev.end]) and \
                    not any(prev.end <= p < last.start for p in s.hit_starts):
                return prev
        return last

    own_ranges = [s.clauses[c] for c in own]
    in_own = [d for a, b in own_ranges for d in s.dates_in(a, b)]
    before = [d for d in in_own if d.start < t]
    if before:
        return pick_before(before)
    for d in in_own:
        if d.start >= t and ok(d) and lex.date_preposition.search(text[max(s.s0, d.start - 2):d.start]) \
                and not any(t < p < d.start for p in s.hit_starts if p != t):
            return d    # 最近的D轮融资于2019年2月21日由…完成: the clause's own time
    first_own = s.clauses[own[0]][0] if own else s.s0
    earlier = s.dates_in(s.s0, first_own)[-4:]
    got = pick_before(earlier)
    if got is not None:
        return got
    after = [d for d in in_own if d.start >= t and ok(d)]
    if after:
        return after[0]
    if ev.status == "planned":
        return None
    # (a date later in the sentence belongs to what follows it: 投资15亿元，并在第二年4月领投…)
    # the narrative's current date
    if state.last_date is None:
        return None
    if lex.moved_on.match(text, s.s0, s.s1) or lex.flashback.search(text, s.s0, t):
        return None
    return state.last_date


# ---------------------------------------------------------------------------------------------
# One happening, one event (per document)

# The roles that name a happening, per type: two events of the type whose identifying roles agree
# (one text inside the other) and whose other single-valued roles do not disagree are one
# happening stated again (headline, 原标题, body, 此次收购). Types not listed are left alone.
_IDENTITY = {"funding": ("investee",), "acquisition": ("target", "acquirer")}
_SINGLE = {"funding": {"investee", "round", "amount", "valuation"},
           "acquisition": {"acquirer", "target", "price"}}
_CONFLICT = {"funding": ("round", "amount"), "acquisition": ("price",)}


def _texts(ev: EventMention, text: str, role: str) -> list[str]:
    return [_norm(text[a.start:a.end]) for a in ev.arguments if a.role == role]


def _agree(xs: list[str], ys: list[str]) -> bool:
    return any(x and y and (x in y or y in x) for x in xs for y in ys)


def _same_happening(first: EventMention, later: EventMention, text: str) -> bool:
    t = first.event_type
    for role in _CONFLICT[t]:
        xs, ys = _texts(first, text, role), _texts(later, text, role)
        if xs and ys and not _agree(xs, ys):
            return False            # B轮 after A轮, a second amount: another round or deal
    if first.date is not None and later.date is not None:
        d0, d1 = _norm(text[first.date.start:first.date.end]), _norm(text[later.date.start:later.date.end])
        if d0 != d1 and _DIGIT.search(d0) and _DIGIT.search(d1) and not (d0 in d1 or d1 in d0):
            return False            # 2015年 … 2018年: two happenings
    if t == "funding":
        xs = _texts(first, text, "investor") + _texts(first, text, "lead_investor")
        ys = _texts(later, text, "investor") + _texts(later, text, "lead_investor")
        if xs and ys and not _agree(xs, ys):
            return False            # IDG in 2014, StarVC in 2016: two rounds
    ids = _IDENTITY[t]
    named_first = [r for r in ids if _texts(first, text, r)]
    named_later = [r for r in ids if _texts(later, text, r)]
    if not named_later:
        return True                 # 此次融资/本次收购 with no name of its own refers back
    primary = ids[0]
    xs, ys = _texts(first, text, primary), _texts(later, text, primary)
    if xs and ys:
        return _agree(xs, ys)
    # one side lacks the primary role: the other identifying roles must agree
    rest = [r for r in ids[1:] if r in named_first and r in named_later]
    return bool(rest) and all(_agree(_texts(first, text, r), _texts(later, text, r)) for r in rest)


_DIGIT = regex.compile(r"[0-9一二三四五六七八九十]")


def _add_arguments(target: EventMention, args: list[EventArgument], text: str) -> None:
    """A later mention's arguments that its happening's event lacks: a single-valued role only
    when unfilled, a many-valued one (investor, lead investor) when its text is new."""
    single = _SINGLE.get(target.event_type, set())
    roles = {a.role for a in target.arguments}
    have = [_norm(text[a.start:a.end]) for a in target.arguments]
    for a in args:
        key = _norm(text[a.start:a.end])
        if (a.role in single and a.role in roles) or not key:
            continue
        if any(key in x or x in key for x in have if x):
            continue
        mention = None if a.mention is not None and a.mention.rule == _TEXT_RULE else a.mention
        target.arguments.append(EventArgument(a.role, a.start, a.end, mention))
        roles.add(a.role)
        have.append(key)
    target.arguments.sort(key=lambda a: (a.start, a.role))


_LEAD_LINES = 3     # headline, a repeated headline with 原标题, the lead paragraph
_REFERS_BACK = regex.compile(r"(?:此次|本次|该次|这次|此轮|本轮|该轮|该笔|这笔|上述|前述|这项|该项)[^,;:。!?]{0,6}$")


def _lead_end(text: str) -> int:
    pos = -1
    for _ in range(_LEAD_LINES):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return len(text)
    return pos


def one_per_happening(events: list[EventMention], text: str) -> list[EventMention]:
    """Fold each later mention of a happening into its first event (issue 16): a later mention
    adds the arguments its first event lacks (a single-valued role only when unfilled, a
    many-valued one when its text is new) and a date where the first had none, but never makes
    a second record. Works on any type listed in ``_IDENTITY``; the order of events is kept.

    Which mentions are restatements: any later mention of the happening a headline or lead
    states (its first event within the first lines), and a mention that refers back (此次收购,
    本轮融资) without a name of its own. A long story telling a company's rounds one by one
    (the same investor in 2015 and again in 2016) is not folded: no lead states them."""
    lead_end = _lead_end(text)
    kept: list[EventMention] = []
    firsts: dict[str, list[EventMention]] = {}
    for ev in events:
        t = ev.event_type
        if t not in _IDENTITY:
            kept.append(ev)
            continue
        refers_back = bool(_REFERS_BACK.search(text, max(0, ev.trigger_start - 12), ev.trigger_start)) and \
            not any(a.role in _IDENTITY[t] for a in ev.arguments)
        same = next((f for f in firsts.get(t, [])
                     if f.sentence.index != ev.sentence.index   # one sentence's frames are apart
                     and (f.sentence.start < lead_end or refers_back) and _same_happening(f, ev, text)), None)
        if same is None:
            firsts.setdefault(t, []).append(ev)
            kept.append(ev)
            continue
        _add_arguments(same, ev.arguments, text)
        if same.date is None and ev.date is not None:
            same.date = ev.date
    return kept
