"""Writing records as JSON Lines, atomically.

Records go to a temporary file beside the target, which is renamed over it only when the run
finishes, so an interrupted or crashed run never leaves a half-written file where a good one was.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any


def to_json_line(record: Any) -> str:
    return record.model_dump_json() + "\n"


class RecordWriter:
    """Context manager: ``with RecordWriter(path) as w: w.write(record)``; ``-`` is stdout."""

    def __init__(self, target: str):
        self.target = target
        self._fh: IO[str] | None = None
        self._tmp: str | None = None

    def __enter__(self) -> "RecordWriter":
        if self.target == "-":
            self._fh = sys.stdout
        else:
            path = Path(self.target)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self

    def write(self, record: Any) -> None:
        assert self._fh is not None
        self._fh.write(to_json_line(record))

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._fh is None or self._fh is sys.stdout:
            if self._fh is not None:
                self._fh.flush()
            return
        if exc_type is None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)  # type: ignore[arg-type]
        else:
            self._fh.close()
            os.unlink(self._tmp)  # type: ignore[arg-type]
