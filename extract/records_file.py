"""Reading a records file (JSON Lines written by ``extract run``, or gold annotations) as
untrusted input, for ``render``, ``stats``, ``eval`` and every other command that reads one.

A records file may have been edited, truncated or made by someone else. Every line must be a
JSON object whose known fields have the types of the output contract (RECORDS.md), with
offsets and counts bounded by :data:`MAX_OFFSET`, so that no command can be made to fail with
a traceback or to build a structure as large as a number in the file says. Unknown fields and
record types pass through untouched (gold files carry ``note``; consumers skip types they do
not know). Every problem is a :class:`RecordsFileError` (a ValueError) of one line:
``FILE:LINE: what is wrong``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

# No document of a run reaches this (``--max-chars`` defaults to 2,000,000 and a document of
# that size already takes about a gigabyte to process); an offset past it is not an offset.
MAX_OFFSET = 10_000_000


class RecordsFileError(ValueError):
    pass


_STR = (str,)
_OPT_STR = (str, type(None))
_OPT_NUM = (int, float, type(None))
_OPT_BOOL = (bool, type(None))
_OPT_INT = (int, type(None))

# field → the JSON types it may have, where present (RECORDS.md v2 and the gold files).
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "type": _STR, "id": _OPT_STR, "doc_id": _OPT_STR, "source": _OPT_STR, "error": _OPT_STR,
    "text": _OPT_STR, "simplified": _OPT_STR, "rule": _OPT_STR, "sha256": _OPT_STR,
    "published": _OPT_STR, "value": _OPT_STR, "mod": _OPT_STR, "earliest": _OPT_STR,
    "latest": _OPT_STR, "granularity": _OPT_STR, "anchor": _OPT_STR, "currency": _OPT_STR,
    "canonical": _OPT_STR, "org_type": _OPT_STR, "entity": _OPT_STR, "event_type": _OPT_STR,
    "status": _OPT_STR, "relative": _OPT_BOOL,
    "amount": _OPT_NUM, "min": _OPT_NUM, "max": _OPT_NUM,
    "line": _OPT_INT, "sentence": _OPT_INT,
}
OFFSET_FIELDS = ("start", "end", "chars")
MENTION_TYPES = ("date", "money", "organisation")


def iter_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of ``path`` one at a time, each checked (see the module docstring); blank
    lines are skipped. Raises RecordsFileError for the first bad line, OSError if unreadable."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise RecordsFileError(f"{path}: not a records file (a folder or a device)")
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise RecordsFileError(f"{where}: not UTF-8 (byte {exc.start})") from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordsFileError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
            except RecursionError:
                raise RecordsFileError(f"{where}: not valid JSON (nested too deeply)") from None
            except ValueError as exc:  # an integer past Python's digit limit
                raise RecordsFileError(f"{where}: not valid JSON ({str(exc).split(';')[0]})") from None
            problem = record_problem(record)
            if problem:
                raise RecordsFileError(f"{where}: {problem}")
            yield record


def load_records(path: str | Path) -> list[dict[str, Any]]:
    return list(iter_records(path))


def record_problem(record: Any) -> str | None:
    """What makes ``record`` unusable, or None."""
    if not isinstance(record, dict):
        return f"a record must be a JSON object, got {_kind(record)}"
    for name, types in FIELD_TYPES.items():
        if name in record and not _is(record[name], types):
            return f"field {name!r} must be {_names(types)}, got {_kind(record[name])}"
    rtype = record.get("type")
    # What the commands rely on in a record of the contract's types (null only where allowed).
    required = {"event": ("event_type", "trigger"),
                **{t: ("start", "end") for t in MENTION_TYPES}}.get(rtype, ())
    for name in required:
        if record.get(name) is None:
            return f"a {rtype} record needs field {name!r}"
    if rtype != "error" and "doc_id" in record and record["doc_id"] is None:
        return "field 'doc_id' must be a string, got null"
    if rtype == "event" and "arguments" in record and record["arguments"] is None:
        return "field 'arguments' must be a list, got null"
    if rtype == "event" and "evidence" in record and record["evidence"] is None:
        return "field 'evidence' must be an object, got null"
    for name in OFFSET_FIELDS:
        if name in record:
            problem = _offset_problem(record[name], name)
            if problem:
                return problem
    problem = _span_problem(record)
    if problem:
        return problem
    counts = record.get("counts")
    if "counts" in record and not (isinstance(counts, dict) and all(
            isinstance(k, str) and _is(v, (int,)) and 0 <= v <= MAX_OFFSET for k, v in counts.items())):
        return "field 'counts' must map record types to counts"
    if isinstance(record.get("date"), (str, type(None))):
        pass  # an event's date: a record id (gold: a {text, start, end, ref} object, below)
    elif not isinstance(record["date"], dict):
        return f"field 'date' must be a record id, an object or null, got {_kind(record['date'])}"
    for name in ("trigger", "evidence", "date"):
        if isinstance(record.get(name), str) and name == "date":
            continue
        if name in record and record[name] is not None:
            if not isinstance(record[name], dict):
                return f"field {name!r} must be an object, got {_kind(record[name])}"
            problem = _part_problem(record[name], name)
            if problem:
                return problem
    if "arguments" in record and record["arguments"] is not None:
        args = record["arguments"]
        if not isinstance(args, list):
            return f"field 'arguments' must be a list, got {_kind(args)}"
        for n, arg in enumerate(args):
            if not isinstance(arg, dict):
                return f"arguments[{n}] must be an object, got {_kind(arg)}"
            for key in ("role", "ref"):
                if key in arg and not _is(arg[key], _OPT_STR):
                    return f"arguments[{n}].{key} must be a string or null, got {_kind(arg[key])}"
            problem = _part_problem(arg, f"arguments[{n}]")
            if problem:
                return problem
    return None


def _part_problem(part: dict, name: str) -> str | None:
    for key in ("start", "end"):
        if part.get(key) is None:
            return f"{name} needs {key!r} (a whole number)"
    if "text" in part and not _is(part["text"], _OPT_STR):
        return f"{name}.text must be a string or null, got {_kind(part['text'])}"
    for key in ("start", "end"):
        if key in part:
            problem = _offset_problem(part[key], f"{name}.{key}")
            if problem:
                return problem
    return _span_problem(part, f"{name}.")


def _span_problem(obj: dict, prefix: str = "") -> str | None:
    start, end = obj.get("start"), obj.get("end")
    if isinstance(start, int) and isinstance(end, int) and start > end:
        return f"{prefix}start {start} is after {prefix}end {end}"
    return None


def _offset_problem(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not _is(value, (int,)):
        return f"field {name!r} must be a whole number, got {_kind(value)}"
    if not 0 <= value <= MAX_OFFSET:
        return f"field {name!r} is {value}, outside 0…{MAX_OFFSET:,}"
    return None


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # JSON true/false are not numbers here
        return bool in types
    return isinstance(value, types)


def _names(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
             type(None): "null"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)
