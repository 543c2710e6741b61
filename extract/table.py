"""One row per event: ``extract table RECORDS.jsonl [-o events.csv] [--format csv|parquet]``.

The deals table the records make possible without unnesting and joining by hand. Columns, in
this order:

* ``event_id``, ``doc_id``, ``event_type``, ``status``;
* ``date`` (the TIMEX3 value of the event's date record), ``date_earliest``, ``date_latest``,
  ``date_text`` (the words);
* ``trigger`` (its text), ``evidence`` (the sentence), ``evidence_complete``;
* one column per role of the contract (:func:`role_columns`): the fillers of that role, several
  joined by ``；`` in text order; an organisation filler is given by its canonical name (the
  name shared by every mention of that organisation), any other by its text;
* for money roles also ``<role>_value`` (the stated ``amount``; empty for an order of magnitude
  such as 數千萬, whose words stay in the role column) and ``<role>_currency``; for share counts
  and percentages ``<role>_value`` (the filler's ``value``, 5.01% → 0.0501);
* ``other_roles``: ``role=text`` of any role the contract does not list, so nothing is dropped.

The evidence sentence comes from the document's original text: the document record's
``source`` (a ``.txt`` file or ``FILE.jsonl:LINE``), looked for as recorded, relative to the
records file's folder and its parents, and in ``--source DIR``, and used only when its sha256 is
the one recorded. When the text cannot be found (records copied without their sources, or the
source changed), ``evidence`` is rebuilt from the spans the records carry inside the sentence
(trigger, arguments, mentions) joined by ``…``, and ``evidence_complete`` is false.

The records are read once, one document's records at a time (the pipeline writes them grouped),
so memory stays that of one document plus the line offsets of the JSONL sources.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .stats import MENTION_TYPES, iter_records

JOIN = "；"
MONEY, NUMBER, ORGANISATION, TEXT = "money", "number", "organisation", "text"
FIXED_COLUMNS = ("event_id", "doc_id", "event_type", "status", "date", "date_earliest", "date_latest",
                 "date_text", "trigger", "evidence", "evidence_complete")
FORMATS = ("csv", "parquet")


@lru_cache(maxsize=1)
def event_roles() -> dict[str, dict[str, str]]:
    """event type → {role: kind}: the types and roles of the event registry, in its order, each
    role with its kind from ``data/event_roles.json`` (which extra columns it gets; ``text`` when
    the file does not say).

    The one place the table learns the event types and roles; every column list derives from it.
    """
    from .events.registry import ROLES

    raw = json.loads(resources.files("extract").joinpath("data", "event_roles.json").read_text(encoding="utf-8"))
    return {etype: {role: raw.get(etype, {}).get(role, TEXT) for role in roles} for etype, roles in ROLES.items()}


@lru_cache(maxsize=1)
def role_kinds() -> dict[str, str]:
    """role → kind over all event types (a role that is money in one type gets money columns)."""
    kinds: dict[str, str] = {}
    for roles in event_roles().values():
        for role, kind in roles.items():
            if kinds.get(role) not in (MONEY, NUMBER):
                kinds[role] = kind
    return kinds


def role_columns() -> list[str]:
    """The role columns, in the contract's order: each role, then its value/currency columns."""
    columns: list[str] = []
    for role, kind in role_kinds().items():
        columns.append(role)
        if kind == MONEY:
            columns += [f"{role}_value", f"{role}_currency"]
        elif kind == NUMBER:
            columns.append(f"{role}_value")
    return columns


@lru_cache(maxsize=1)
def _columns() -> tuple[str, ...]:
    return (*FIXED_COLUMNS, *role_columns(), "other_roles")


def columns() -> list[str]:
    """Every column of the table, in order."""
    return list(_columns())


# ---------------------------------------------------------------------------------------------
# Rows

def event_rows(records_path: str, source_dir: str | None = None) -> Iterator[dict[str, Any]]:
    """One dict per event record of ``records_path`` (keys: :func:`columns`), in file order."""
    texts = _TextFinder(records_path, source_dir)
    kinds = role_kinds()
    for doc_id, document, mentions, events in _document_groups(iter_records(records_path)):
        if not events:
            continue
        text = texts.text_of(document) if document is not None else None
        by_id = {m["id"]: m for m in mentions if isinstance(m.get("id"), str)}
        for ev in events:
            yield _row(ev, doc_id, text, by_id, mentions, kinds)


def _document_groups(records: Iterable[dict]) -> Iterator[tuple[str, dict | None, list[dict], list[dict]]]:
    """(doc_id, document record, mentions, events) per run of records of one document."""
    current: str | None = None
    document: dict | None = None
    mentions: list[dict] = []
    events: list[dict] = []
    for record in records:
        rtype = record.get("type")
        if rtype not in ("document", "event", *MENTION_TYPES) or record.get("doc_id") is None:
            continue
        doc_id = str(record["doc_id"])
        if doc_id != current:
            if current is not None:
                yield current, document, mentions, events
            current, document, mentions, events = doc_id, None, [], []
        if rtype == "document":
            document = record
        elif rtype == "event":
            events.append(record)
        else:
            mentions.append(record)
    if current is not None:
        yield current, document, mentions, events


def _row(ev: dict, doc_id: str, text: str | None, by_id: dict[str, dict], mentions: list[dict],
         kinds: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(_columns())
    date = by_id.get(ev.get("date")) if isinstance(ev.get("date"), str) else None
    trigger = ev.get("trigger") if isinstance(ev.get("trigger"), dict) else {}
    row.update(event_id=ev.get("id"), doc_id=doc_id, event_type=ev.get("event_type"), status=ev.get("status"),
               trigger=trigger.get("text"))
    if date is not None:
        row.update(date=date.get("value"), date_earliest=date.get("earliest"), date_latest=date.get("latest"),
                   date_text=date.get("text"))
    row["evidence"], row["evidence_complete"] = _evidence(ev, text, mentions)

    fillers: dict[str, list[tuple[int, dict, dict | None]]] = {}
    for arg in ev.get("arguments") or []:
        if not isinstance(arg, dict) or not isinstance(arg.get("role"), str):
            continue
        ref = by_id.get(arg.get("ref")) if isinstance(arg.get("ref"), str) else None
        start = arg.get("start") if isinstance(arg.get("start"), int) else 0
        fillers.setdefault(arg["role"], []).append((start, arg, ref))
    other = []
    for role, found in fillers.items():
        found.sort(key=lambda f: f[0])
        names = [_filler_name(arg, ref) for _, arg, ref in found]
        if role not in kinds:
            other += [f"{role}={name}" for name in names]
            continue
        row[role] = JOIN.join(names)
        if kinds[role] == MONEY:
            money = [ref for _, _, ref in found if ref is not None and ref.get("type") == "money"]
            row[f"{role}_value"] = _joined([m.get("amount") for m in money])
            row[f"{role}_currency"] = _joined([m.get("currency") for m in money])
        elif kinds[role] == NUMBER:
            row[f"{role}_value"] = _joined([arg.get("value") for _, arg, _ in found])
    row["other_roles"] = JOIN.join(other) or None
    return row


def _filler_name(arg: dict, ref: dict | None) -> str:
    if ref is not None and ref.get("type") == "organisation" and ref.get("canonical"):
        return str(ref["canonical"])
    return str(arg.get("text", ""))


def _joined(values: list[Any]) -> Any:
    """One value as itself (a number stays a number); several joined by ；; none as empty."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return JOIN.join(_plain(v) for v in values)


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _evidence(ev: dict, text: str | None, mentions: list[dict]) -> tuple[str | None, bool]:
    evidence = ev.get("evidence") if isinstance(ev.get("evidence"), dict) else {}
    start, end = evidence.get("start"), evidence.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        return None, False
    if text is not None and end <= len(text):
        return text[start:end], True
    # Without the text: the spans the records carry inside the sentence, in text order.
    spans: dict[tuple[int, int], str] = {}
    candidates = [ev.get("trigger"), *(ev.get("arguments") or []), *mentions]
    for span in candidates:
        if not isinstance(span, dict):
            continue
        s, e, t = span.get("start"), span.get("end"), span.get("text")
        if isinstance(s, int) and isinstance(e, int) and isinstance(t, str) and start <= s < e <= end:
            spans[(s, e)] = t
    pieces, last_end = [], start
    for (s, e), t in sorted(spans.items()):
        if s < last_end:                      # nested or overlapping: already covered
            continue
        pieces.append(("…" if s > last_end else "") + t)
        last_end = e
    joined = "".join(pieces) + ("…" if last_end < end else "")
    return joined or None, False


class _TextFinder:
    """Original texts of documents, from their recorded source, checked against their sha256."""

    def __init__(self, records_path: str, source_dir: str | None):
        from .render import source_bases

        self.bases = source_bases(records_path, source_dir)
        self.line_offsets: dict[Path, list[int] | None] = {}

    def text_of(self, document: dict) -> str | None:
        from .render import _find_file, _jsonl_text, _read_txt, _sha256, _source_location

        location = _source_location(document.get("source"))
        if location is None:
            return None
        path = _find_file(location[0], self.bases)
        if path is None:
            return None
        if location[1] is None:
            text = _read_txt(path)
        else:
            raw = self._jsonl_line(path, location[1])
            text = _jsonl_text(raw, location[1]) if raw is not None else None
        expected = document.get("sha256")
        if text is None or not expected or _sha256(text) != expected:   # no sha256: no text (as render)
            return None
        return text

    def _jsonl_line(self, path: Path, number: int) -> bytes | None:
        """Line ``number`` (1-based) of a JSONL file, by an index of line offsets built once."""
        if path not in self.line_offsets:
            offsets: list[int] | None = [0]
            try:
                with open(path, "rb") as fh:
                    for raw in fh:
                        offsets.append(offsets[-1] + len(raw))
            except OSError:
                offsets = None
            self.line_offsets[path] = offsets
        offsets = self.line_offsets[path]
        if offsets is None or not 1 <= number < len(offsets):
            return None
        try:
            with open(path, "rb") as fh:
                fh.seek(offsets[number - 1])
                return fh.read(offsets[number] - offsets[number - 1])
        except OSError:
            return None


# ---------------------------------------------------------------------------------------------
# Writing

def parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def choose_format(output: str, given: str | None) -> str:
    if given:
        return given
    return "parquet" if output.lower().endswith(".parquet") else "csv"


def write_table(records_path: str, output: str, fmt: str = "csv", source_dir: str | None = None) -> tuple[int, int]:
    """Write the events table; return (rows, rows whose evidence came from the spans only)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r} (csv or parquet)")
    if fmt == "parquet" and not parquet_available():
        raise ValueError("Parquet needs pyarrow: pip install 'zh-extract[parquet]' (or use --format csv)")
    if fmt == "parquet" and output == "-":
        raise ValueError("Parquet is binary: give an output file with -o")
    rows = event_rows(records_path, source_dir)
    if fmt == "csv":
        return _write_csv(rows, output)
    return _write_parquet(rows, output)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_csv(rows: Iterable[dict], output: str) -> tuple[int, int]:
    names = columns()
    n = sparse = 0

    def write(fh: IO[str]) -> None:
        nonlocal n, sparse
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_cell(row[c]) for c in names])
            n += 1
            sparse += not row["evidence_complete"]

    if output == "-":
        stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            write(stdout)
            stdout.flush()
        finally:
            stdout.detach()                   # leave sys.stdout open for the interpreter
        return n, sparse
    path = Path(output)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    # UTF-8 with a BOM: Excel then reads the Chinese correctly; pandas, DuckDB and csv skip it.
    with open(part, "w", encoding="utf-8-sig", newline="") as fh:
        write(fh)
    part.replace(path)
    return n, sparse


def _write_parquet(rows: Iterable[dict], output: str) -> tuple[int, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = columns()
    data: dict[str, list] = {c: [] for c in names}
    for row in rows:
        for c in names:
            data[c].append(row[c])
    arrays = {}
    for c, values in data.items():
        if c == "evidence_complete":
            arrays[c] = pa.array(values, type=pa.bool_())
        elif c.endswith("_value") and all(v is None or isinstance(v, (int, float)) and not isinstance(v, bool)
                                          for v in values):
            arrays[c] = pa.array([None if v is None else float(v) for v in values], type=pa.float64())
        else:                                 # text; a value column with several fillers is text too
            arrays[c] = pa.array([None if v is None else _plain(v) for v in values], type=pa.string())
    path = Path(output)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    pq.write_table(pa.table(arrays), part)
    part.replace(path)
    n = len(data["event_id"])
    return n, sum(1 for v in data["evidence_complete"] if not v)
