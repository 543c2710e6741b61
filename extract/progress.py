"""What ``extract run`` tells a person while and after it runs: a progress bar and hints.

:class:`RunProgress` is a tqdm bar on standard error (documents done, the total when it is
known, documents per second, time left), shown only when standard error is a terminal and only
once the run has lasted a moment; otherwise it writes nothing, so logs and pipes stay clean.
:func:`count_documents` gives the total when that is cheap: one per ``.txt`` file and one per
non-blank line of the ``.jsonl`` files, counted with one fast read of the JSONL files only when
they hold at most :data:`COUNT_LIMIT_BYTES` together (then the read costs a small fraction of
the run, and the second read comes from the page cache); standard input, URLs and larger
corpora run with a count and rate but no total.

:class:`UnresolvedHint` counts relative dates left unresolved in documents that had no
``published`` date, and suggests ``--published`` when there are many.
"""
from __future__ import annotations

import os
import sys
from typing import IO, Iterable

# Counting the lines of 2 GB of JSONL takes about a second from disk cache, against an hour
# of processing; past that the total is left unknown rather than reading the corpus twice.
COUNT_LIMIT_BYTES = 2 * 1024 ** 3
# The bar appears only after this many seconds, so short runs print nothing but the summary.
DELAY_SECONDS = 1.0
# This many unresolved relative dates (in documents without a published date) trigger the hint.
HINT_MIN_UNRESOLVED = 5


def count_documents(paths: Iterable[str], limit_bytes: int = COUNT_LIMIT_BYTES) -> int | None:
    """The number of input documents (and input errors) when it is cheap to know, else None."""
    from .reader import InputError, list_inputs

    total = 0
    jsonl: list[str] = []
    for item in list_inputs(paths):
        if isinstance(item, InputError):
            total += 1                      # it becomes one error record
        elif item == "-" or "://" in item:
            return None
        elif item.endswith(".jsonl"):
            jsonl.append(item)
        else:
            total += 1
    try:
        if sum(os.path.getsize(p) for p in jsonl) > limit_bytes:
            return None
        for path in jsonl:
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if not line.isspace())
    except OSError:
        return None                         # the run itself reports the unreadable file
    return total


class RunProgress:
    """A progress bar of documents on ``stream`` (standard error), silent when it is not a terminal."""

    def __init__(self, total: int | None = None, initial: int = 0, stream: IO[str] | None = None,
                 delay: float = DELAY_SECONDS, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.bar = None
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", desc="extract", file=self.stream,
                            delay=delay, mininterval=0.25, dynamic_ncols=True, leave=False)

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def write(self, message: str) -> None:
        """One line on the stream, above the bar when there is one."""
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class UnresolvedHint:
    """Counts unresolved relative dates in documents that had no ``published`` date.

    Reads the serialised lines (``writer.Line``) of one document at a time; the JSON the
    pipeline writes is compact with fields in model order, so two substring tests suffice.
    """

    def __init__(self) -> None:
        self.unresolved = 0
        self.documents = 0

    def add(self, lines) -> None:
        if not lines or lines[0].type != "document" or '"published":null' not in lines[0].json:
            return
        n = sum(1 for line in lines if line.type == "date" and '"relative":true,"anchor":null' in line.json)
        if n:
            self.unresolved += n
            self.documents += 1

    def message(self) -> str | None:
        if self.unresolved < HINT_MIN_UNRESOLVED:
            return None
        return (f"hint: {self.unresolved} relative dates (去年, 今年, 上月 …) in {self.documents} document(s) "
                "stayed unresolved because those documents have no publication date; give one with "
                "--published YYYY[-MM[-DD]], a \"published\" field per JSONL line, or a NAME.meta.json sidecar")
