"""Shared types passed between the stages.

Every extractor reads an :class:`AnalysedText` (the simplified, width-folded text of one
document with its sentences and tokens) and returns :class:`Mention` objects whose offsets are
into that analysis text. The pipeline maps them back to the original text and turns them into
records, so extractors never deal with the original script or with record ids.
"""
from __future__ import annotations

import bisect
import datetime
import operator
from array import array
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int


# Not frozen: a document has one Token per word (300,000 in 500,000 characters) and a frozen
# dataclass's __init__ costs three times as much (0.13 s → 0.05 s there). Nothing changes a token.
@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int


def token_owners(tokens: list[Token], n: int) -> array | None:
    """The index of the token holding each character of a text of length ``n``, when the tokens
    tile it (none empty, each starting where the previous ends, from 0 to ``n``, as segment()
    makes them); None otherwise. The owner is the running count of token starts, counted in C
    rather than character by character (0.14 s → 0.04 s at 500,000 characters)."""
    if not n or not tokens or tokens[0].start != 0 or tokens[-1].end != n:
        return None
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    if starts[1:] != ends[:-1] or 0 in map(operator.sub, ends, starts):
        return None
    marks = bytearray(n)
    for start in starts:
        marks[start] = 1
    owners = array("i", accumulate(marks, initial=-1))
    del owners[0]
    return owners


@dataclass(frozen=True, slots=True)
class TokenIndex:
    """Where the tokens of a text that they tile are, by character: built once per document
    and shared by the stages that ask about word edges."""

    owner: array        # owner[i]: index of the token holding character i
    edge: bytearray     # edge[i] == 1 where a token starts, and at the end of the text (len n + 1)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A reference date such as a document's ``published``: year, optional month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a clear message."""
        parts = value.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"published must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        nums = [int(p) for p in parts]
        year, month, day = nums[0], (nums[1] if len(nums) > 1 else None), (nums[2] if len(nums) > 2 else None)
        if year < 1000:  # 0000 is no year; dates near year 1 cannot be shifted back (去年)
            raise ValueError(f"published has an impossible year: {value!r} (1000-9999)")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"published has an impossible month: {value!r}")
        if day is not None:
            try:
                datetime.date(year, month, day)  # type: ignore[arg-type]
            except ValueError:
                raise ValueError(f"published has an impossible day: {value!r}") from None
        return cls(year, month, day)

    def isoformat(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out


@dataclass(slots=True)
class AnalysedText:
    doc_id: str
    text: str                       # simplified + width-folded; same length as ``simplified``
    simplified: str                 # OpenCC t2s output (what records show as ``simplified``)
    sentences: list[Sentence]
    tokens: list[Token]             # jieba segmentation of ``text``, in order
    published: PartialDate | None = None
    default_currency: str = "CNY"   # what a bare 元 means in this document
    resources: Any = None           # the run's extract.resources.Resources (None: the defaults)

    sentence_starts: list[int] = field(default_factory=list, repr=False)
    _token_index: TokenIndex | None | bool = field(default=False, init=False, repr=False)  # False: not built yet

    def __post_init__(self) -> None:
        self.sentence_starts = [s.start for s in self.sentences]

    def token_index(self) -> TokenIndex | None:
        """The tokens' index by character (built on first use), or None when the tokens do not
        tile the text (see token_owners)."""
        if self._token_index is False:
            owners = token_owners(self.tokens, len(self.text))
            if owners is None:
                self._token_index = None
            else:
                edge = bytearray(len(self.text) + 1)
                edge[-1] = 1
                for token in self.tokens:
                    edge[token.start] = 1
                self._token_index = TokenIndex(owners, edge)
        return self._token_index

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing ``offset`` (binary search over sorted sentence starts)."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentences[max(i, 0)]


@dataclass(slots=True)
class Mention:
    """One recognised span in analysis-text offsets, with its normalised values.

    ``kind`` is ``date``, ``money`` or ``organisation``; ``values`` holds the type's normalised
    fields exactly as RECORDS.md names them (e.g. ``value``, ``mod``, ``earliest`` for dates).
    Relative dates name their anchor by ``anchor_index`` (index into the same list of date
    mentions) or ``anchor_published``; the pipeline turns that into a record id.
    """

    kind: str
    start: int
    end: int
    rule: str
    values: dict[str, Any] = field(default_factory=dict)
    anchor_index: int | None = None
    anchor_published: bool = False


@dataclass(slots=True)
class EventArgument:
    role: str
    start: int
    end: int
    mention: Mention | None = None   # the date/money/organisation mention filling it, if any
    value: float | None = None       # a share count's or percentage's number (1200万股 → 12000000)


@dataclass(slots=True)
class EventMention:
    """One event in analysis-text offsets; the pipeline turns mention links into record ids."""

    event_type: str
    trigger_start: int
    trigger_end: int
    sentence: Sentence
    rule: str
    arguments: list[EventArgument] = field(default_factory=list)
    date: Mention | None = None
    status: str = "actual"
