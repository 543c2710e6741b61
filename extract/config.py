"""One run's configuration: what ``extract run`` and ``extract.process_text`` are told.

A :class:`RunConfig` is plain, immutable and picklable, so the same object goes to the local
runner, every ``--jobs`` worker and every Dask worker; each process turns it into its
:class:`extract.resources.Resources` once (``resources_for``). Nothing here loads jieba.

The user files are checked when the configuration is made (:meth:`RunConfig.check_files`),
before any document is read: a malformed line is one clear error naming the file and the line,
not an internal error in every document.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from .analysis import PartialDate
from .reader import DEFAULT_MAX_CHARS

# jieba's user dictionary line: word [frequency] [tag], separated by single spaces (jieba's
# own parser takes any line, so a tab-separated or misspelt line would silently add a wrong word)
_WORD = regex.compile(r"[^\s]+")
_FREQ = regex.compile(r"[0-9]+")
_TAG = regex.compile(r"[a-z]+")


@dataclass(frozen=True)
class RunConfig:
    """Run-wide settings; a document's own ``published``/``currency`` win over these."""

    published: str | None = None            # YYYY[-MM[-DD]]: the reference date for 去年/今年
    currency: str | None = None             # what a bare 元 means (ISO 4217), default CNY
    user_dicts: tuple[str, ...] = ()        # extra jieba user dictionaries, in load order
    org_files: tuple[str, ...] = ()         # extra organisation lexicons (organisations.tsv format)
    max_chars: int = DEFAULT_MAX_CHARS      # longer documents become error records
    org_model: str | None = None            # organisation CRF file; None: the shipped one, "none": rules only

    def __post_init__(self) -> None:
        if self.published is not None:
            object.__setattr__(self, "published", PartialDate.parse(str(self.published)).isoformat())
        if self.currency is not None:
            if not (len(self.currency) == 3 and self.currency.isascii() and self.currency.isalpha()):
                raise ValueError(f"currency must be an ISO 4217 code such as TWD, got {self.currency!r}")
            object.__setattr__(self, "currency", self.currency.upper())
        object.__setattr__(self, "user_dicts", tuple(str(p) for p in self.user_dicts))
        object.__setattr__(self, "org_files", tuple(str(p) for p in self.org_files))
        if not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise ValueError(f"max_chars must be a positive number of characters, got {self.max_chars!r}")

    def check_files(self) -> None:
        """Raise ValueError ``FILE:LINE: problem`` for the first bad line of a user file."""
        for path in self.user_dicts:
            check_user_dictionary(path)
        if self.org_model not in (None, "none"):
            from .orgtagger import OrgTagger

            OrgTagger(self.org_model)   # a missing or foreign file is one clear error, before any document
        if self.org_files:
            from .orgs import check_user_organisations

            for path in self.org_files:
                check_user_organisations(path)


def read_user_text(path: str | Path, what: str) -> str:
    """A user file's text (UTF-8, an optional BOM), or ValueError naming the file and line."""
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{what} {str(path)!r} is not a readable file")
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{path}:{line}: {what} is not UTF-8 text (byte {exc.start})") from None


def check_user_dictionary(path: str | Path) -> None:
    """A jieba user dictionary: ``word [frequency] [tag]`` a line, single spaces between; blank
    lines and lines starting with ``#`` are skipped."""
    text = read_user_text(path, "user dictionary")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):   # a comment, as in the package's own userdict.txt
            continue
        fields = line.split(" ")
        ok = 1 <= len(fields) <= 3 and _WORD.fullmatch(fields[0]) is not None
        if ok and len(fields) == 2:
            ok = _FREQ.fullmatch(fields[1]) is not None or _TAG.fullmatch(fields[1]) is not None
        elif ok and len(fields) == 3:
            ok = _FREQ.fullmatch(fields[1]) is not None and _TAG.fullmatch(fields[2]) is not None
        if not ok:
            shown = line if len(line) <= 40 else line[:40] + "…"
            raise ValueError(f"{path}:{number}: expected 'word [frequency] [tag]' separated by single "
                             f"spaces (frequency digits, tag lower-case letters), got {shown!r}")
