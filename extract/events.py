"""Events: founding, funding, acquisition, partnership, product launch and award (issue 7).

``find_events(doc, dates, money, orgs)`` reads the analysis text (simplified, width-folded) one
sentence at a time and returns :class:`EventMention` objects whose arguments point at the
date/money/organisation mentions that fill them, or are text-only (rounds, products, people, and
names the organisation recogniser missed).

Data
----
Triggers and cues are data, not code: one lexicon per type, ``extract/data/event_<type>.json``
(triggers with their exclusions, role-marking phrases), and ``event_cues.json`` (plans, negation,
references back, comparison, generic subjects, discourse and predicate words). They are loaded and
compiled once per process (``_lexicon``); jieba's part-of-speech table is loaded once, on first
use (``_word_tags``), to see where a subject noun phrase ends.

How a sentence is read
----------------------
1. The sentence is cut into clauses at , ; : (not inside brackets, titles or short quotes) and at
   spaces between headline phrases. Its mentions are found by bisection. A name in brackets right
   after another (``芯睿科技股份有限公司(XinRui Technology, 以下简称芯睿)``) is an alias, and a name
   followed by 旗下/下属 is a parent (``小米旗下的小米长江产业基金``): neither fills a role. Names
   joined only by 、/和/与/及/以及 form one *group* (``IDG和StarVC``, ``高通、阿里巴巴和松禾资本``); a
   list goes on with names the recogniser missed (``与上海仪电、上海临港等``).
2. Each clause has a *subject*: its first group when nothing but dates, discourse words or a short
   descriptor precedes it; else a name-like phrase before its first predicate word (kept
   text-only); a clause without one inherits the previous clause's (Chinese topic chains), not
   across a colon; a sentence without any may take the previous sentence's within the paragraph.
3. Roles are assigned by the structure of the clause, never by distance: the subject (X成立,
   X获得…融资, X收购Y), role-marking phrases around a group (由X领投, X跟投, X加入, 获X投资,
   向X投资, 与X签署…协议, X联合Y推出Z, 估值达到…), objects after the trigger (收购Y, 推出Z).
4. Funding triggers of one sentence are gathered into *frames*, one per real-world round: 跟投,
   加入, 融资总计 in one sentence describe one round; a new round name, or a new date between two
   triggers, starts another; ``A轮和A+轮融资，A轮由…，A+轮则由…`` splits by the round-headed
   clauses. A count with a list (三笔战略融资，包括A、B和C) gives one event per investor. A frame
   opening with 本轮/此轮/本次 restates the round of the sentence before and adds to it.
5. Not events: triggers negated or failed (试图…入股失败), questions, clauses comparing with another
   organisation (远超B+轮1亿人民币的旷视科技), generic statements (多家厂商推出相应的新品,
   我们的融资…), nouns (投资人, 合作伙伴, 发布会), aggregates (累计融资, 先后获得6轮融资),
   references back (成立以来, 成立伊始, 被收购前) and later restatements of an event already found
   in an earlier sentence (the same organisation founded, the same product launched, the same
   parties, the same investee and round).

Status: a stated intention or plan (寻求, 计划, 拟, 筹备, 将于, 原定…) between the subject and the
trigger makes the event ``planned`` (README: "Stated intentions and plans … are events with
status planned"); everything else is ``actual``.

Date: the date in the event's own clauses before its trigger; else 于/在 + a date right after
it; else the nearest date earlier in the sentence (an anchored date wins over an interval such as
不到两个月后 right after it); else a date later in its own clauses; else — actual events only —
the narrative's current date: the most recent date earlier in the same paragraph, unless the
sentence moves the story on by an unstated time (此后…, 此项协议达成后…) or steps back (从小…).
A date later in the sentence belongs to what follows it (…，并在第二年4月领投…), and plans take no
narrative date.

Cost: every step works inside one sentence, with mentions and tokens found by bisection, so the
whole document is linear in its length (no loop over pairs of document mentions).
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, NamedTuple

import regex

from .analysis import AnalysedText, EventArgument, EventMention, Mention, Sentence, Token, TokenIndex

EVENT_TYPES = ("founding", "funding", "acquisition", "partnership", "product_launch", "award")

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


@dataclass(frozen=True, slots=True)
class _Trigger:
    event_type: str
    name: str
    pattern: Any
    kind: str
    extra: dict


class _Lexicon:
    def __init__(self) -> None:
        data = resources.files("extract") / "data"

        def load(name: str) -> dict:
            return json.loads((data / name).read_text(encoding="utf-8"))

        self.raw = {t: load(f"event_{t}.json") for t in EVENT_TYPES}
        cues = load("event_cues.json")
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
        # funding
        f = self.raw["funding"]
        self.round = c(f["round_pattern"])
        self.round_needs_context = c(f["round_needs_context"])
        self.f_round_context = c(r"\s?" + _words(f["round_context_after"]))
        self.f_round_done = c(_words(f["round_done_after"]))
        self.f_lead_after = c(f["lead_after"])
        self.f_lead_before = c(f["lead_before"])
        self.f_investor_after = c(f["investor_after"])
        self.f_investor_before = c(f["investor_before"])
        self.f_investee_before = c(f["investee_before"])
        self.f_investee_after = c(f["investee_after"].replace("ROUND", f["round_pattern"]))
        self.f_valuation_before = c(f["valuation_before"])
        self.f_count_before = c(f["count_before"])
        self.f_receive_invest = c(f["receive_before_invest"])
        self.f_investor_list = c(f["investor_list_words"])
        self.f_invest_object = tuple(f["invest_object_triggers"])
        self.f_aggregate_before = c(f["aggregate_before"])
        self.f_aggregate_after = c(f["aggregate_after"])
        self.f_aggregate_words = c(f["aggregate_words"])
        self.f_valuation_anaphora = c(f["valuation_anaphora_start"])
        # acquisition
        a = self.raw["acquisition"]
        self.a_price_cue = c(a["price_cue_before"])
        self.a_passive = c(a["passive_before"])
        self.a_passive_agent = c(a["passive_agent"])
        self.a_passive_refback = c(_words(a["passive_refback_after"]))
        # partnership
        p = self.raw["partnership"]
        self.p_counterparty_before = c(p["counterparty_before"])
        self.p_coparty_before = c(p["coparty_before"])
        self.p_joint = c(p["joint_cues"])
        self.p_anonymous = c(p["anonymous_party"])
        self.p_pair_joiner = c(_words(p["subject_pair_joiners"]))
        # product launch
        pl = self.raw["product_launch"]
        self.l_intransitive_only = set(pl["intransitive_only"])
        self.l_coorg_before = c(pl["coorg_before"])
        self.l_launcher_before = c(pl["launcher_before"])
        self.l_distributive = c(pl["distributive"])
        self.l_non_product = c("(?:" + _words(pl["non_product_heads"]) + ")$")
        self.l_prefix_strip = c(pl["product_prefix_strip"])
        self.l_name = c(pl["name_pattern"])
        self.l_latin = c(pl["latin_name_pattern"])
        self.l_latin_stop = set(pl["latin_stop"])
        self.l_copula = c(pl["copula_subject"])
        self.l_product_cue = c(pl["product_cue"])
        self.l_non_product_word = c(pl["non_product_words"])
        self.l_naming = c(pl["naming_verbs"])
        self.l_superseded = c(pl["superseded_plan"])
        # award
        aw = self.raw["award"]
        self.w_award_noun = c(aw["award_nouns"])
        self.w_competition_suffix = c(_words(aw["competition_suffixes"]))
        self.w_demonstrative_name = c(_words(aw["competition_demonstratives"]) + r"\S{0,2}")
        self.w_organiser_after = c(aw["organiser_after"])
        self.w_organiser_before = c(aw["organiser_before"])
        self.w_organiser_body = c("^(.*" + _words(aw["organiser_body"]) + ")")
        self.w_anaphoric = c(aw["anaphoric_award"])
        self.w_placing = c(aw["placing"])
        self.w_organiser_label = c(aw["organiser_label"])
        # founding
        fo = self.raw["founding"]
        self.o_founder_nouns = c(fo["founder_nouns"])
        self.o_intransitive_tail = c(fo["intransitive_tail"])
        self.o_name_after_noun = c(fo["name_after_noun"])
        self.o_location = c(fo["location_before_trigger"])
        self.o_founder_end = c(_words(fo["founder_phrase_end"]))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (loaded once, on first use).

    Only used to find where a subject noun phrase ends (at its first verb, preposition, adverb or
    non-coordinating conjunction), which a fixed word list cannot do for every verb of the news.
    """
    from .segment import word_tags

    return word_tags()


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
        return tok.end, _word_tags().get(tok.text, "")

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

    def _find_subject_text(self, c: int, upto: int | None) -> tuple[int, int] | None:
        a, b = self.clauses[c]
        b = self.clause_end(c) if upto is None else upto
        _, pos = self.strip_lead(a, b)
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
# Entry point

@dataclass(slots=True)
class _DocState:
    seen: dict[tuple, list[_Ev]] = field(default_factory=dict)   # key → earlier events
    founded: set[str] = field(default_factory=set)
    paragraph: int = -1
    last_date: Mention | None = None        # most recent date mention earlier in the paragraph
    last_topic: _Group | None = None        # previous sentence's topic, same paragraph
    last_funding: list[EventMention] = field(default_factory=list)   # previous sentence's


def find_events(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                orgs: list[Mention]) -> list[EventMention]:
    """All events of one document, in text order (see the module docstring for the rules)."""
    lex = _lexicon()
    text = doc.text
    dates_s = sorted(dates, key=lambda m: (m.start, m.end))
    money_s = sorted(money, key=lambda m: (m.start, m.end))
    orgs_s = sorted(orgs, key=lambda m: (m.start, -m.end))
    d_starts = [m.start for m in dates_s]
    m_starts = [m.start for m in money_s]
    o_starts = [m.start for m in orgs_s]
    tokens = doc.tokens
    index = doc.token_index()
    # Tokens that do not tile the text (never segment()'s) are read as no tokens.
    doc_tokens = _DocTokens(tokens, [t.start for t in tokens], index) if index is not None else None

    def within(items, starts, a, b):
        return items[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]

    state = _DocState()
    out: list[EventMention] = []
    paragraph, pos = 0, 0
    for sent in _bounded(text, doc.sentences):
        paragraph += text.count("\n", pos, sent.start)
        pos = sent.start
        if paragraph != state.paragraph:
            state.paragraph = paragraph
            state.last_date = None
            state.last_topic = None
        dates_here = within(dates_s, d_starts, sent.start, sent.end)
        money_here = within(money_s, m_starts, sent.start, sent.end)
        orgs_here = within(orgs_s, o_starts, sent.start, sent.end)
        if not orgs_here and not (money_here and state.last_funding) \
                and not lex.any_trigger.search(text, sent.start, sent.end):
            # No trigger, no organisation (so no topic) and no valuation to carry: the sentence
            # only moves the narrative date on (a quarter of sentences; events -0.05 s at
            # 500,000 characters).
            state.last_funding = []
            if dates_here:
                state.last_date = dates_here[-1]
            continue
        s = _Sent(text, sent, dates_here, money_here, orgs_here, lex, doc_tokens)
        evs = _sentence_events(s, state)
        found: list[EventMention] = []
        for ev in evs:
            em = _finish(ev, s, state)
            if em is not None:
                found.append(em)
        out += found
        funding_here = [e for e in found if e.event_type == "funding"]
        if not funding_here:
            _carry_valuation(s, state)
        state.last_funding = funding_here
        if s.dates:
            state.last_date = s.dates[-1]
        state.last_topic = s.topic() or state.last_topic
    from .financial import find_financial_events  # TEMPORARY hook (issue 17) until the registry of #14
    return out + find_financial_events(doc, dates, money, orgs)


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


def _sentence_events(s: _Sent, state: _DocState) -> list[_Ev]:
    hits = _hits(s)
    s.hit_starts = sorted(h.start for hs in hits.values() for h in hs)
    evs: list[_Ev] = []
    evs += _founding(s, hits.get("founding", []), state)
    evs += _funding(s, hits.get("funding", []), state, [e for e in evs if e.event_type == "founding"])
    evs += _acquisition(s, hits.get("acquisition", []), state)
    evs += _partnership(s, hits.get("partnership", []), state)
    evs += _launch(s, hits.get("product_launch", []), state)
    evs += _award(s, hits.get("award", []), state)
    return evs


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
            if _name_like(lex, text[span[0]:span[1]]) and not lex.round.search(text, span[0], span[1]) \
                    and not s.org_overlapping(*span):
                return [_text_org(text, *span)]
            return []
        if k > 0 and text[s.clauses[k - 1][1] - 1] == ":":
            return []
    return []


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


# ---------------------------------------------------------------------------------------------
# Founding

def _founding(s: _Sent, hits: list[_Hit], state: _DocState) -> list[_Ev]:
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


# ---------------------------------------------------------------------------------------------
# Funding

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
        if lex.round_needs_context.search(m.group()) and not lex.f_round_context.match(text[b:b + 3]):
            continue
        if lex.refback_after.match(text, b, s.s1) or lex.f_round_done.match(text[b:b + 4]):
            continue
        out.append((a, b))
    return out


def _funding(s: _Sent, hits: list[_Hit], state: _DocState, founded_here: list[_Ev] = ()) -> list[_Ev]:
    if not hits:
        return []
    lex, text = s.lex, s.text
    rounds = _rounds(s)
    portfolio = [h for h in hits if h.trig.kind == "portfolio"]
    hits = [h for h in hits if h.trig.kind != "portfolio" and not _aggregate(s, h)]
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
            m = lex.f_count_before.search(text, a, p)
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


def _aggregate(s: _Sent, h: _Hit) -> bool:
    """先后获得6轮融资 / 融资8轮 / 累计融资: a count of rounds over time, not one round."""
    text = s.text
    before = text[max(s.s0, h.start - 4):h.start]
    after = text[h.end:h.end + 4]
    lex = s.lex
    return bool(lex.f_aggregate_before.search(before) or lex.f_aggregate_after.match(after)
                or lex.f_aggregate_words.search(text, s.clauses[h.clause][0], h.start))


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
    lex, text = s.lex, s.text
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
    clause_set = set(f.clauses)
    groups: list[_Group] = []
    for c in sorted(clause_set):
        a, b = s.clauses[c]
        i = bisect.bisect_left(s.gstarts, a)
        if i > 0 and s.groups[i - 1].end > a:
            i -= 1      # a list that runs on from the clause before (…，以及X跟投)
        while i < len(s.groups) and s.groups[i].start < b:
            if not groups or groups[-1] is not s.groups[i]:
                groups.append(s.groups[i])
            i += 1
    hit_spans = [(h.start, h.end) for h in f.hits]
    for g in groups:
        role = _funding_role(s, g, f, hit_spans)
        if role:
            role_of[id(g)] = role
            for c in (s.clause_of(g.start), s.clause_of(g.end - 1)):
                f.used.add(c)
    # subjects of the frame's hits (an unrecognised name as subject is kept text-only)
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
        if kind == "raise" or kind == "invest" and lex.f_receive_invest.search(pred):
            role_of[id(subj)] = "investee"
        elif kind == "lead":
            role_of[id(subj)] = "lead_investor"
        elif kind in ("invest", "follow"):
            role_of[id(subj)] = "investor"
    # 获得X数百万美金的天使轮投资: an investor the recogniser missed, between 获得 and the money
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
            subjects.append(g)
    for g in groups + subjects:
        role = role_of.get(id(g))
        if not role:
            continue
        for m in g.members:
            _org_arg(ev, role, m)
    # an investee from the sentence's topic, or the previous frame's
    if not ev.has("investee"):
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
    # investees are not investors
    inv_keys = {_key_of(a.mention, text, a.start, a.end) for a in ev.role_args("investee")}
    ev.args = [a for a in ev.args if a.role == "investee" or _key_of(a.mention, text, a.start, a.end) not in inv_keys
               or a.role in ("round", "amount", "valuation")]
    # -- money: valuation vs amount
    amount_done = False
    for c in sorted(f.clauses):
        a, b = s.clauses[c]
        for _, m in s.money_in(a, b):
            before = text[a:m.start]
            if lex.f_valuation_before.search(before[-14:]) and "估值" in before:
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
    ev.clauses = set(f.used)
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
    lex, text = s.lex, s.text
    before = _before_text(s, g)
    after = _after_text(s, g)
    if lex.f_lead_after.match(after) or lex.f_lead_before.search(before):
        return "lead_investor"
    if lex.f_investee_before.search(before):
        # 向X投资 / 对X进行战略投资: X receives
        c = s.clause_of(g.start)
        if any(g.end <= h0 and s.clause_of(h0) == c for h0, _ in hit_spans):
            return "investee"
    # X right after an investing trigger: 投资商汤科技, 注资X
    for h0, h1 in hit_spans:
        if 0 <= g.start - h1 <= 1 and text[h1:g.start] in ("", "了"):
            trig_text = text[h0:h1]
            if any(w in trig_text for w in lex.f_invest_object):
                return "investee"
    if lex.f_investee_after.match(after):
        return "investee"
    if lex.f_investor_after.match(after):
        return "investor"
    if lex.f_investor_before.search(before):
        c = s.clause_of(g.start)
        if any(s.clause_of(h0) == c and h0 >= g.end for h0, _ in hit_spans) or lex.f_investor_list.search(before):
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
            not s.lex.f_valuation_anaphora.match(s.text, s.s0, min(s.s1, s.s0 + 8)):
        return
    ev = state.last_funding[-1]
    if ev.status != "actual" or any(a.role == "valuation" for a in ev.arguments):
        return
    for _, m in s.money_in(s.s0, s.s1):
        before = s.text[max(s.s0, m.start - 14):m.start]
        if "估值" in before and s.lex.f_valuation_before.search(before):
            ev.arguments.append(EventArgument("valuation", m.start, m.end, m))
            return


# ---------------------------------------------------------------------------------------------
# Acquisition

def _acquisition(s: _Sent, hits: list[_Hit], state: _DocState) -> list[_Ev]:
    lex, text = s.lex, s.text
    out = []
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        passive = lex.a_passive.search(text[max(a, h.start - 1):h.start]) or \
            lex.a_passive_agent.search(text[a:h.start])
        if passive and lex.a_passive_refback.match(text[h.end:h.end + 2]):
            continue    # 被收购前: a reference back
        if _refback(s, h) and not passive:
            continue
        ev = _Ev("acquisition", (h.start, h.end), f"acquisition:{h.trig.name}", {c})
        subj = s.subject_of(c)
        if passive:
            pm = lex.a_passive_agent.search(text[a:h.start])
            agents = s.groups_between(a + pm.start(1), h.start) if pm else []
            for g in agents[:1]:
                for m in g.members:
                    _org_arg(ev, "acquirer", m)
            if subj is not None and subj.start < h.start and (not agents or subj is not agents[0]):
                for m in subj.members:
                    _org_arg(ev, "target", m)
        else:
            for m in _subject_members(s, c, h.start):
                _org_arg(ev, "acquirer", m)
            t0 = h.end + (1 if text.startswith("的", h.end) else 0)   # 新收购的X: X is the target
            while t0 < cend and text[t0] in "了 ":
                t0 += 1
            objs = s.groups_between(t0, cend)
            if objs and objs[0] is not subj and objs[0].start - t0 <= 20:
                for m in objs[0].members:
                    _org_arg(ev, "target", m)
            elif not _opens_predicate(s, t0, cend):
                # a name the recogniser missed: a quoted title, else the object (A、B及C: each)
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
                if lex.a_price_cue.search(before[-8:]) or (ci == c and 0 <= h.start - m.end <= 2):
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


# ---------------------------------------------------------------------------------------------
# Partnership

def _partnership(s: _Sent, hits: list[_Hit], state: _DocState) -> list[_Ev]:
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


# ---------------------------------------------------------------------------------------------
# Product launch

def _launch(s: _Sent, hits: list[_Hit], state: _DocState) -> list[_Ev]:
    lex, text = s.lex, s.text
    out: list[_Ev] = []
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        if _generic_subject(s, h):
            continue
        products: list[tuple[int, int]] = []
        relative = text.startswith("的", h.end)
        obj0 = h.end + (1 if relative else 0)
        intransitive = h.trig.name in lex.l_intransitive_only
        # the object, continued over a list after a colon or 以及…
        obj_end = cend
        if text[s.clauses[c][1] - 1] == ":":
            # 发布了多个产品: A, B 和 C (a list runs on for a few clauses at most)
            obj_end = s.clause_end(min(len(s.clauses) - 1, c + 8))
        else:
            k = c
            while k + 1 < len(s.clauses) and lex.continuation.match(s.strip_lead(*s.clauses[k + 1])[0]):
                k += 1
                obj_end = s.clause_end(k)
        product_only = bool(h.trig.extra.get("product_only"))
        if not intransitive and not product_only and not _opens_predicate(s, obj0, cend):
            products = _products(s, obj0, cend, obj_end)
        copula = None
        if relative:
            cm = lex.l_copula.match(text[a:h.start])
            if cm and not lex.anaphoric_start.match(cm.group("subject")):
                copula = (a + cm.start("subject"), a + cm.end("subject"))
        if copula is not None:
            ps = _products(s, copula[0], copula[1], copula[1]) or [copula]
            products = ps
        product_is_subject = False
        brand: list[Mention] = []
        if not products and (intransitive or product_only or not text[h.end:cend].strip(" 了")
                             or _opens_predicate(s, obj0, cend)):
            np_span = _brand_phrase(s, c, h.start)
            if np_span is not None:
                # 比亚迪秦Pro超能版上市: a brand name opening the product's name
                products = [np_span]
                brand = list(s.subject[c].members)
                product_is_subject = True
            else:
                span = _subject_product(s, c, h.start)
                if span is not None:
                    products = [span]
                    product_is_subject = True
        if product_only and not (product_is_subject and (s.subject[c] is None or brand) and
                                 lex.l_product_cue.search(text, products[0][0], products[0][1]) if products else False):
            continue    # X在港交所上市: a listing, not a product
        products = [p for p in products if not lex.l_non_product_word.search(text, p[0], p[1])]
        if not products:
            continue
        # the organisations: subject (own or inherited), co-launchers (联合/联手/与…共同), 由X
        orgs: list[Mention] = []
        text_orgs: list[tuple[int, int]] = []
        subj = s.subject_of(c)
        own = s.subject[c]
        if brand:
            orgs += brand
            own = subj = None
            skip_subject = True
        elif own is not None and own.start < h.start and _NAME_CHAR.match(text[own.end:own.end + 1]) \
                and s.marker(lex.predicate_marker, own.end, h.start) is not None \
                and s.marker(lex.predicate_marker, own.end, h.start).start() > own.end:
            # the name only begins the subject (腾讯微视、抖音短视频纷纷上线): the phrase is the launcher
            span = (own.start, s.marker(lex.predicate_marker, own.end, h.start).start())
            text_orgs += _persons(s, *span)
            own = subj = None
            skip_subject = True
        else:
            skip_subject = False
        if product_is_subject and own is None and not brand:
            # “衡思”App在应用商店上线: the launcher is the topic of the earlier clauses
            subj = next((s.subject[k] for k in range(c - 1, -1, -1) if s.subject[k] is not None), None)
            if subj is not None:
                orgs += subj.members
            skip_subject = True
        if copula is None and not skip_subject:
            if subj is not None and subj.start < h.start and not any(p[0] <= subj.start < p[1] for p in products):
                orgs += subj.members
            elif own is None:
                span = s.subject_text(c, h.start)
                if span and not any(p[0] <= span[0] < p[1] for p in products) and \
                        not text[span[0]:span[1]].startswith(("在", "于")):
                    text_orgs += _persons(s, *span)
        for g in s.groups_between(a, h.start):
            if g is subj:
                continue
            before = _before_text(s, g)
            if lex.l_coorg_before.search(before) or lex.l_launcher_before.search(before) or \
                    (relative and g.end >= h.start - 1):
                orgs += [m for m in g.members if m not in orgs]
        if not orgs and not text_orgs and copula is None and not product_is_subject and own is None:
            orgs += [m for m in _subject_members(s, c, h.start)
                     if m.rule == _TEXT_RULE and not any(p[0] <= m.start < p[1] for p in products)]
        distributive = bool(lex.l_distributive.search(text, a, h.start))
        status = "planned" if _planned(s, h) else "actual"
        launchers: list[list[Any]] = [[*orgs, *text_orgs]]
        if distributive and len(orgs) + len(text_orgs) >= 2:
            launchers = [[o] for o in [*orgs, *text_orgs]]
        for who in launchers:
            for p in products:
                ev = _Ev("product_launch", (h.start, h.end), f"product_launch:{h.trig.name}", {c}, status=status)
                for o in who:
                    if isinstance(o, tuple):
                        ev.add("org", *o)
                    else:
                        _org_arg(ev, "org", o)
                ev.add("product", *p)
                ev.key = ("product_launch", _norm(text[p[0]:p[1]]))
                out.append(ev)
    # one launch stated twice in a sentence (原定…推出，…将于…上线): keep the later wording
    merged: list[_Ev] = []
    by_key: dict[Any, list[_Ev]] = {}
    for ev in out:
        same = next((e for e in by_key.get(ev.key, []) if e.trigger != ev.trigger), None)
        if same is None:
            merged.append(ev)
            by_key.setdefault(ev.key, []).append(ev)
            continue
        if lex.l_superseded.search(text, s.s0, same.trigger[0]):
            same.trigger = ev.trigger
            same.clauses |= ev.clauses
            same.rule = ev.rule
        if ev.status == "planned":
            same.status = "planned"
    return merged


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


def _products(s: _Sent, a: int, b: int, list_end: int) -> list[tuple[int, int]]:
    """Product spans in an object text[a:b] (or a list running to list_end)."""
    lex, text = s.lex, s.text
    pre = lex.l_prefix_strip.match(text, a, b)
    if pre:
        a = pre.end()
    if a >= list_end:
        return []
    out = []
    for m in lex.l_name.finditer(text, a, list_end):
        n0, n1 = m.start(1), m.end(1)
        # a name with a Latin suffix (“衡思”App) keeps it
        tail = _LATIN_TAIL.match(text, m.end(), list_end)
        if tail:
            n0, n1 = m.start(), tail.end()
        out.append((n0, n1))
    if not out:
        for m in lex.l_latin.finditer(text, a, list_end):
            w = m.group()
            if w in lex.l_latin_stop or len(w) < 2 or s.org_overlapping(m.start(), m.end()):
                continue
            if _VERSION_NUMBER.fullmatch(w):
                continue
            # a Latin word that only qualifies a Chinese head (AI晶片, AR功能) is not the name
            if _HAN.match(text[m.end():m.end() + 1]) and _SHORT_CAPS.fullmatch(w):
                continue
            out.append((m.start(), m.end()))
    if out:
        return out
    # a list of plain names (发布了A、B和C): one product each
    items = _list_items(s, a, list_end)
    if len(items) >= 2:
        return items
    # the object noun phrase without its modifiers
    t1 = b
    while t1 > a and text[t1 - 1] in " 等,。":
        t1 -= 1
    seg = text[a:t1]
    if not seg or len(seg) > 30 or lex.generic_object.match(seg):
        return []
    k = seg.rfind("的")
    if 0 <= k < len(seg) - 1:
        a += k + 1
        seg = text[a:t1]
    if lex.generic_object.match(seg) or lex.l_non_product.search(seg) or len(seg) < 2:
        return []
    if any(m.start <= a and m.end >= t1 for m in s.orgs_near(a, t1)):
        return []
    if _NO_LETTERS.fullmatch(seg):
        return []
    return [(a, t1)]


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


def _brand_phrase(s: _Sent, c: int, upto: int) -> tuple[int, int] | None:
    """The clause's subject when an organisation name only opens it (比亚迪秦Pro ev超能版)."""
    g = s.subject[c]
    text = s.text
    if g is None or len(g.members) != 1 or g.start >= upto or \
            not _NAME_CHAR.match(text[g.end:g.end + 1]):
        return None
    end = upto
    m = s.marker(s.lex.predicate_marker, g.end, upto)
    if m is not None:
        end = m.start()
    end = min(end, s.verb_boundary(g.end, end))
    for d in s.dates:
        if g.end <= d.start < end:
            end = d.start
    while end > g.end and text[end - 1] == " ":
        end -= 1
    if end <= g.end:
        return None
    return g.start, end


def _subject_product(s: _Sent, c: int, upto: int) -> tuple[int, int] | None:
    """The product as subject of an intransitive launch (“衡思”App在应用商店上线)."""
    for k in range(c, -1, -1):
        span = s.subject_text(k, upto if k == c else None)
        if span is None:
            continue
        p0, p1 = span
        seg = s.text[p0:p1]
        j = seg.rfind("的")
        if 0 <= j < len(seg) - 1:
            p0 += j + 1
        if any(m.start <= p0 and m.end >= p1 for m in s.orgs_near(p0, p1)):
            return None
        if s.lex.generic_object.match(s.text[p0:p1]):
            return None
        return p0, p1
    return None


# ---------------------------------------------------------------------------------------------
# Award

def _competitions(s: _Sent) -> list[tuple[int, int]]:
    """Named competitions in the sentence (ImageNet大赛, 第十一届…总决赛), longest spans."""
    lex, text = s.lex, s.text
    found = []
    for m in lex.w_competition_suffix.finditer(text, s.s0, s.s1):
        end = m.end()
        start = m.start()
        while start > s.s0 and text[start - 1] not in _BOUNDARY + "在的了和与及、参加" \
                and start > m.start() - 30:
            start -= 1
        while start < m.start() and text[start] in "加“\"":
            if text[start] in "“\"":
                break
            start += 1
        name = text[start:m.start()]
        if not _NAME_CHAR.search(name) or lex.w_demonstrative_name.fullmatch(name):
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


def _award(s: _Sent, hits: list[_Hit], state: _DocState) -> list[_Ev]:
    if not hits:
        return []
    lex, text = s.lex, s.text
    out: list[_Ev] = []
    comps = None
    organisers: list[Mention] = []
    for g in s.groups:
        if lex.w_organiser_after.match(_after_text(s, g)) or lex.w_organiser_label.search(_before_text(s, g)):
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
                if lex.w_organiser_before.search(_before_text(s, g)):
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
        else:
            _winners(s, ev, c, h)
            if kind == "prize":
                # 获颁经济部「奖」: the organisation right after the verb gives the award
                after = s.groups_between(obj0, cend)
                if after and after[0].start == obj0:
                    for m in after[0].members:
                        _org_arg(ev, "organiser", m)
                    obj0 = after[0].end
                if lex.w_anaphoric.match(text, obj0, cend):
                    continue
                if obj0 < cend:
                    a0, a1 = _award_span(s, obj0, cend)
                    placing = lex.w_placing.search(text, a0, a1)
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
                    ev.add("award", a0, a1)
                    # the body giving it (…大会(CVPR)该年度的“最佳论文奖”)
                    if a0 > obj0:
                        org_text = text[obj0:a0]
                        mb = lex.w_organiser_body.search(org_text)
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
        ev.status = "planned" if _planned(s, h) else "actual"
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
    if 0 <= k < len(seg) - 1 and s.lex.w_award_noun.search(seg[k + 1:]):
        return a + k + 1, b
    return a, b


def _winners(s: _Sent, ev: _Ev, c: int, h: _Hit) -> None:
    """The winners: the subject organisations, else the people or team named as subject."""
    lex = s.lex
    own = s.subject[c]
    if own is not None and own.start < h.start:
        for m in own.members:
            _org_arg(ev, "winner", m)
        return
    span = s.subject_text(c, h.start)
    if span is not None:
        for p in _persons(s, *span):
            ev.add("winner", *p)
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
            ev.add("winner", *p)


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
            return None
    date = _event_date(ev, s, state)
    ev.sentence = s.sent.index
    if ev.key is not None:
        state.seen.setdefault(ev.key, []).append(ev)
    if ev.event_type == "founding":
        org = ev.role_args("org")
        if org:
            state.founded.add(_key_of(org[0].mention, text, org[0].start, org[0].end))
    return EventMention(
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
