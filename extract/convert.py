"""Traditional → simplified conversion (OpenCC t2s) with an exact map back to the original.

OpenCC converts phrase by phrase, and a phrase can change length. The map records only the
places where the converted text is not one character per original character; everywhere else a
simplified offset is the original offset shifted by the length changes before it. Lines whose
converted length equals their own length (nearly all of them) cost nothing beyond the
conversion itself.
"""
from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field
from functools import lru_cache

import opencc
import regex

from .numerals import fold_width

_CONVERTER = opencc.OpenCC("t2s")

# Lines are converted whole; a line whose length changes is re-converted in chunks cut after
# punctuation or every 256 characters, so aligning it never costs more than a chunk at a time.
_CHUNK = regex.compile(r"[^。！？；，、,;!?\s]{0,255}[。！？；，、,;!?\s]?|.", regex.DOTALL)


@lru_cache(maxsize=65536)
def _convert_char(ch: str) -> str:
    return _CONVERTER.convert(ch)


@dataclass(slots=True)
class OffsetMap:
    """Maps a span of the converted text back to the original text.

    ``blocks`` are ``(conv_start, conv_end, orig_start, orig_end)`` for the stretches that did not
    convert one-to-one, sorted and disjoint; between them offsets shift by a constant.
    """

    blocks: list[tuple[int, int, int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def add(self, conv_start: int, conv_end: int, orig_start: int, orig_end: int) -> None:
        self.blocks.append((conv_start, conv_end, orig_start, orig_end))
        self._starts.append(conv_start)

    def _position(self, offset: int, is_end: bool) -> int:
        i = bisect.bisect_right(self._starts, offset - 1 if is_end else offset) - 1
        if i < 0:
            return offset
        cs, ce, os_, oe = self.blocks[i]
        if cs <= offset < ce or (is_end and cs < offset <= ce):
            # Inside a stretch that changed length: the whole stretch is the smallest honest span.
            return oe if is_end else os_
        return offset - ce + oe

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if not self.blocks:
            return start, end
        if start == end:
            pos = self._position(start, False)
            return pos, pos
        return self._position(start, False), self._position(end, True)


@dataclass(slots=True)
class Converted:
    original: str
    simplified: str   # OpenCC t2s output
    analysis: str     # simplified with full-width ASCII folded; same length as ``simplified``
    offsets: OffsetMap


def convert(original: str) -> Converted:
    # Nearly always no line changes length: one call for the whole document then, instead of one
    # a line (OpenCC's phrases never span a line break, so the result is the same; conversion of
    # 400 news documents: 0.085 s → 0.035 s).
    whole = _CONVERTER.convert(original)
    if len(whole) == len(original) and \
            list(map(len, whole.splitlines(keepends=True))) == list(map(len, original.splitlines(keepends=True))):
        return Converted(original, whole, fold_width(whole), OffsetMap())
    pieces: list[str] = []
    offsets = OffsetMap()
    orig_pos = conv_pos = 0
    for line in original.splitlines(keepends=True):
        out = _CONVERTER.convert(line)
        if len(out) != len(line):
            out = _convert_uneven_line(line, orig_pos, conv_pos, offsets)
        pieces.append(out)
        orig_pos += len(line)
        conv_pos += len(out)
    simplified = "".join(pieces)
    return Converted(original, simplified, fold_width(simplified), offsets)


def _convert_uneven_line(line: str, orig_pos: int, conv_pos: int, offsets: OffsetMap) -> str:
    out_parts: list[str] = []
    for m in _CHUNK.finditer(line):
        chunk = m.group()
        if not chunk:
            continue
        conv = _CONVERTER.convert(chunk)
        if len(conv) != len(chunk):
            _align_chunk(chunk, conv, orig_pos + m.start(), conv_pos, offsets)
        out_parts.append(conv)
        conv_pos += len(conv)
    return "".join(out_parts)


def _align_chunk(chunk: str, conv: str, orig_start: int, conv_start: int, offsets: OffsetMap) -> None:
    """Record blocks for a chunk whose phrase conversion changed its length.

    The chunk converted character by character (one character each in OpenCC's t2s tables) is
    aligned with its phrase conversion: equal runs map one-to-one, every other run is a block.
    """
    per_char = "".join(_convert_char(ch) for ch in chunk)
    if len(per_char) != len(chunk):
        # Not one-to-one even per character: the chunk as a whole is the honest block.
        offsets.add(conv_start, conv_start + len(conv), orig_start, orig_start + len(chunk))
        return
    matcher = difflib.SequenceMatcher(None, per_char, conv, autojunk=False)
    regions: list[list[int]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a0 == a1 or b0 == b1:
            # Text added or dropped by a phrase rule joins its neighbouring character, so every
            # converted character has a source and every original character a destination.
            if a0 > 0 and b0 > 0:
                a0, b0 = a0 - 1, b0 - 1
            else:
                a1, b1 = a1 + 1, b1 + 1
        if regions and a0 <= regions[-1][1]:
            regions[-1][1], regions[-1][3] = max(regions[-1][1], a1), max(regions[-1][3], b1)
        else:
            regions.append([a0, a1, b0, b1])
    for a0, a1, b0, b1 in regions:
        offsets.add(conv_start + b0, conv_start + b1, orig_start + a0, orig_start + a1)
