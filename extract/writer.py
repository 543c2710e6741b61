"""Writing records as JSON Lines, atomically, with the progress kept for ``--resume``.

Records go to ``OUTPUT.part`` beside the target, which is renamed over the target only when the
run finishes, so an interrupted or crashed run never leaves a half-written file under the
output's name and the previous output stays intact. Records are written one document at a time
(the document's record group), flushed after each, so an interrupted ``.part`` holds whole
documents plus at most one incomplete group, which ``--resume`` cuts off before continuing.
"""
from __future__ import annotations

import contextlib
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
    """One document's records as JSON lines; a group that cannot be serialised (a string that
    is not Unicode text slipped through) becomes that document's error record, so one document
    never stops the run."""
    try:
        return _lines(records)
    except ValueError as exc:  # pydantic's serialisation error is a ValueError
        return _lines([_unwritable(records[0], exc)])


def _lines(records: Sequence[Any]) -> list[Line]:
    out = []
    for r in records:
        problem = None
        if r.type == "error":
            problem = f"{r.source}{f':{r.line}' if r.line else ''}: {r.error}"
        out.append(Line(r.type, to_json_line(r), problem))
    return out


def _unwritable(first: Any, exc: Exception) -> Any:
    from schemas.records import ErrorRecord

    from .reader import printable

    doc_id = getattr(first, "doc_id", None)
    return ErrorRecord(source=printable(str(getattr(first, "source", "?"))), line=getattr(first, "line", None),
                       doc_id=printable(doc_id) if doc_id else None,
                       error=f"internal error: the document's records cannot be written as UTF-8 JSON "
                             f"({type(exc).__name__})")


def part_path(target: str) -> Path:
    path = Path(target)
    return path.with_name(path.name + ".part")


def completed_groups(part: Path, shas: list[str | None] | None = None) -> tuple[int, int, list[str]]:
    """Count the complete document groups at the start of a ``.part`` file.

    Returns (groups, byte length of those groups, their doc ids or sources). A group is one
    ``error`` record, or a ``document`` record followed by as many records as its counts say.
    ``shas``, when given, receives each group's text sha256 (None for an error record).
    """
    groups, good_bytes, keys = 0, 0, []
    pos = 0
    expected = 0
    key = ""
    sha = None
    with open(part, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            if not raw.endswith(b"\n"):
                break  # a line cut by the interruption
            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError):
                break
            if not isinstance(rec, dict):
                break
            if expected:
                expected -= 1
            elif rec.get("type") == "error":
                key = rec.get("doc_id") or rec.get("source", "")
                sha = None
            elif rec.get("type") == "document":
                counts = rec.get("counts")
                if not isinstance(counts, dict) or not all(isinstance(v, int) and v >= 0 for v in counts.values()):
                    break
                expected = sum(counts.values())
                key = rec.get("doc_id", "")
                sha = rec.get("sha256")
            else:
                break  # a record outside any group: the file is not ours to continue
            if not expected:
                groups += 1
                good_bytes = pos
                keys.append(key)
                if shas is not None:
                    shas.append(sha)
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
        self.done_shas: list[str | None] = []   # the text sha256 of each, to check on --resume
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
            self.already_done, good_bytes, self.done_keys = completed_groups(self._part, self.done_shas)
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
    handles: dict[str, IO[str]] = {}
    try:
        for t, p in parts.items():
            handles[t] = open(p, "w", encoding="utf-8", newline="\n")
        with open(base, encoding="utf-8") as fh:
            for line in fh:
                # The type is the first key of every record (see schemas/records.py).
                kind = line[9:line.index('"', 9)] if line.startswith('{"type":"') else json.loads(line)["type"]
                handles[kind].write(line)
        for h in handles.values():
            h.close()
    except OSError as exc:
        # A full disk or a lost folder: no .part left behind, the main output is complete.
        for h in handles.values():
            try:
                h.close()
            except OSError:
                pass
        for p in parts.values():
            with contextlib.suppress(OSError):
                p.unlink()
        raise OSError(exc.errno, f"--split could not write the per-type files ({exc.strerror or exc}); "
                                 f"{path} is complete") from None
    for t in RECORD_FILE_TYPES:
        os.replace(parts[t], targets[t])
    return [str(targets[t]) for t in RECORD_FILE_TYPES]


# ---------------------------------------------------------------------------------------------
# Refusing outputs that would destroy something, and a second run on the same output

def split_targets(target: str) -> list[Path]:
    base = Path(target)
    stem = base.name[: -len(".jsonl")] if base.name.endswith(".jsonl") else base.name
    return [base.with_name(f"{stem}.{t}.jsonl") for t in RECORD_FILE_TYPES]


def lock_path(target: str) -> Path:
    path = Path(target)
    return path.with_name(path.name + ".lock")


def check_output(target: str, inputs: Sequence[str], data_files: Sequence[str] = (), split: bool = False) -> None:
    """Raise ValueError (a usage error: nothing is read or written) when writing ``target``
    would destroy something: a mistyped input path (the previous output would become one error
    record), an output that is an input or a data file, an output in an input folder (read
    back as documents by the next run), or an output name that is a folder, a device, a pipe
    or a symbolic link (it would be replaced by a plain file)."""
    for given in inputs:
        if given != "-" and "://" not in given and not os.path.exists(given):  # a broken link too
            raise ValueError(f"input {given!r}: no such file or folder; nothing was written")
    if target == "-":
        return
    outputs = [Path(target), part_path(target), lock_path(target)]
    if split:
        outputs += [p for t in split_targets(target) for p in (t, t.with_name(t.name + ".part"))]
    parent = Path(target).parent
    if parent.exists() and not parent.is_dir():
        raise ValueError(f"output {target!r}: {str(parent)!r} is not a folder")
    for out in outputs:
        if out.is_symlink():
            raise ValueError(f"output {str(out)!r} is a symbolic link; name the file it points to")
        if out.exists():
            if out.is_dir():
                raise ValueError(f"output {str(out)!r} is a folder; name a file")
            if not out.is_file():
                raise ValueError(f"output {str(out)!r} is not a regular file (a device, pipe or socket); "
                                 f"use -o - and redirect standard output instead")
    out_dir = os.path.realpath(parent)
    for given in [*inputs, *data_files]:
        if given == "-" or "://" in given or not os.path.exists(given):
            continue
        if os.path.isdir(given):
            if os.path.realpath(given) == out_dir and given in inputs:
                raise ValueError(f"output {target!r} is inside the input folder {given!r}; the next run "
                                 f"would read it as input (write it elsewhere)")
            continue
        for out in outputs:
            if out.exists() and os.path.samefile(out, given):
                raise ValueError(f"output {str(out)!r} is also the input {given!r}; it would be overwritten")


class OutputBusy(ValueError):
    pass


_held_locks: list[tuple[int, Path]] = []


def lock_output(target: str) -> None:
    """Hold ``OUTPUT.lock`` for the rest of this process, or raise OutputBusy when another run
    holds it: two runs writing one output would interleave their records.

    The lock is ``flock`` on the file (released by the kernel however the process ends, even
    killed); the file is removed at a normal exit. After locking, the name must still be the
    file that was locked (a finishing run may have just removed it), else lock the new one.
    """
    if target == "-":
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (documented)
        return
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputBusy(f"another extract run is writing {target} (it holds {path}); "
                             f"wait for it to finish or choose another -o") from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    if not _held_locks:
        import atexit

        atexit.register(_release_locks)
    _held_locks.append((fd, path))


def _release_locks() -> None:
    while _held_locks:
        fd, path = _held_locks.pop()
        with contextlib.suppress(OSError):
            path.unlink()   # still ours: we hold the lock until the close below
        os.close(fd)
