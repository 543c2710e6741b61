"""Writing records as JSON Lines, atomically, with the progress kept for ``--resume``.

Records go to ``OUTPUT.part`` beside the target, which is renamed over the target only when the
run finishes, so an interrupted or crashed run never leaves a half-written file under the
output's name and the previous output stays intact. Records are written one document at a time
(the document's record group), flushed after each, so an interrupted ``.part`` holds whole
documents plus at most one incomplete group, which ``--resume`` cuts off before continuing.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any, NamedTuple, Sequence


def to_json_line(record: Any) -> str:
    return record.model_dump_json() + "\n"


class Line(NamedTuple):
    """One record, serialised where it was made (a worker process, a Dask worker), so that only
    strings travel back to the writer. ``problem`` is the stderr line of an error record.

    A named tuple, not a slotted dataclass: it pickles four times faster, and the parent of
    ``--jobs N`` unpickles every line the workers send."""

    type: str
    json: str
    problem: str | None = None


def to_lines(records: Sequence[Any]) -> list[Line]:
    out = []
    for r in records:
        problem = None
        if r.type == "error":
            problem = f"{r.source}{f':{r.line}' if r.line else ''}: {r.error}"
        out.append(Line(r.type, to_json_line(r), problem))
    return out


def part_path(target: str) -> Path:
    path = Path(target)
    return path.with_name(path.name + ".part")


def completed_groups(part: Path) -> tuple[int, int, list[str]]:
    """Count the complete document groups at the start of a ``.part`` file.

    Returns (groups, byte length of those groups, their doc ids or sources). A group is one
    ``error`` record, or a ``document`` record followed by as many records as its counts say.
    """
    groups, good_bytes, keys = 0, 0, []
    pos = 0
    expected = 0
    key = ""
    with open(part, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            if not raw.endswith(b"\n"):
                break  # a line cut by the interruption
            try:
                rec = json.loads(raw)
            except ValueError:
                break
            if expected:
                expected -= 1
            elif rec.get("type") == "error":
                key = rec.get("doc_id") or rec.get("source", "")
            elif rec.get("type") == "document":
                expected = sum(rec.get("counts", {}).values())
                key = rec["doc_id"]
            else:
                break  # a record outside any group: the file is not ours to continue
            if not expected:
                groups += 1
                good_bytes = pos
                keys.append(key)
    return groups, good_bytes, keys


class RecordWriter:
    """``with RecordWriter(path) as w: w.write_group(to_lines(records))``; ``-`` is standard output.

    With ``resume=True`` an existing ``.part`` is kept up to its last complete group and
    ``already_done`` says how many input items it holds.
    """

    def __init__(self, target: str, resume: bool = False):
        self.target = target
        self.resume = resume
        self.already_done = 0
        self.done_keys: list[str] = []
        self._fh: IO[str] | None = None
        self._part: Path | None = None

    def __enter__(self) -> "RecordWriter":
        if self.target == "-":
            self._fh = sys.stdout
            return self
        path = Path(self.target)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._part = part_path(self.target)
        if self.resume and self._part.exists():
            self.already_done, good_bytes, self.done_keys = completed_groups(self._part)
            with open(self._part, "r+b") as fh:
                fh.truncate(good_bytes)
            self._fh = open(self._part, "a", encoding="utf-8", newline="\n")
        else:
            self._fh = open(self._part, "w", encoding="utf-8", newline="\n")
        return self

    def write_group(self, lines: Sequence[Line]) -> None:
        """One document's records, flushed together so an interruption cuts between documents."""
        assert self._fh is not None
        self._fh.write("".join(line.json for line in lines))
        self._fh.flush()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._fh is None:
            return
        if self._fh is sys.stdout:
            self._fh.flush()
            return
        self._fh.flush()
        if exc_type is None:
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._part, self.target)  # type: ignore[arg-type]
        else:
            # Interrupted or failed: the previous output stays; the .part is kept for --resume.
            self._fh.close()


RECORD_FILE_TYPES = ("document", "error", "date", "money", "organisation", "event")


def split_by_type(path: str) -> list[str]:
    """Write ``NAME.TYPE.jsonl`` beside ``NAME.jsonl`` for every record type, for loading one
    table per type. Streams the file once; each output appears atomically."""
    base = Path(path)
    stem = base.name[: -len(".jsonl")] if base.name.endswith(".jsonl") else base.name
    targets = {t: base.with_name(f"{stem}.{t}.jsonl") for t in RECORD_FILE_TYPES}
    parts = {t: p.with_name(p.name + ".part") for t, p in targets.items()}
    handles = {t: open(p, "w", encoding="utf-8", newline="\n") for t, p in parts.items()}
    try:
        with open(base, encoding="utf-8") as fh:
            for line in fh:
                # The type is the first key of every record (see schemas/records.py).
                kind = line[9:line.index('"', 9)] if line.startswith('{"type":"') else json.loads(line)["type"]
                handles[kind].write(line)
    finally:
        for h in handles.values():
            h.close()
    for t in RECORD_FILE_TYPES:
        os.replace(parts[t], targets[t])
    return [str(targets[t]) for t in RECORD_FILE_TYPES]
