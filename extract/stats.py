"""Summary figures of a records file: ``extract stats RECORDS.jsonl [--json]``.

:func:`stats` reads the JSON Lines once and returns a plain dict (what ``--json`` prints);
:func:`format_stats` turns that dict into tables for a terminal, padded by display width so that
Chinese names line up.

The dict::

    {"records": 123,                      # non-blank lines
     "by_type": {"document": 2, "error": 1, "date": 40, ...},
     "documents": [{"doc_id", "source", "chars", "date", "money", "organisation", "event"}, ...],
     "organisations": [{"canonical", "org_type", "mentions", "documents"}, ...],  # most frequent first
     "events_by_type": {"funding": 7, ...},
     "events_by_year": {"2014": {"funding": 2, ...}, ..., "undated": {...}},
     "errors": [{"source", "line", "doc_id", "error"}, ...]}

An event's year is the year of its date record's ``earliest``; events without a date, or whose
date is unresolved, count as ``undated``.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator

from .events import registry as event_registry

MENTION_TYPES = ("date", "money", "organisation")
COUNTED_TYPES = (*MENTION_TYPES, "event")
EVENT_TYPES = event_registry.EVENT_TYPES
UNDATED = "undated"


# The one loader of records files, which checks each record (re-exported for render and others).
from .records_file import iter_records  # noqa: E402,F401


def stats(records_path: str) -> dict:
    """Counts of a records file (see the module docstring for the shape of the dict)."""
    total = 0
    by_type: Counter[str] = Counter()
    documents: dict[str, dict[str, Any]] = {}          # doc_id → row, in order of appearance
    org_mentions: Counter[str] = Counter()
    org_types: dict[str, Counter[str]] = defaultdict(Counter)
    org_docs: dict[str, set[str]] = defaultdict(set)
    date_years: dict[str, str] = {}                      # date record id → year of earliest
    events: list[tuple[str, str | None]] = []            # (event_type, date id)
    errors: list[dict[str, Any]] = []

    def doc_row(doc_id: str) -> dict[str, Any]:
        if doc_id not in documents:
            documents[doc_id] = {"doc_id": doc_id, "source": None, "chars": None,
                                 **{t: 0 for t in COUNTED_TYPES}}
        return documents[doc_id]

    for record in iter_records(records_path):
        total += 1
        rtype = str(record.get("type"))
        by_type[rtype] += 1
        doc_id = record.get("doc_id")
        doc_id = None if doc_id is None else str(doc_id)
        if rtype == "document":
            row = doc_row(doc_id or "?")
            row["source"], row["chars"] = record.get("source"), record.get("chars")
        elif rtype == "error":
            errors.append({k: record.get(k) for k in ("source", "line", "doc_id", "error")})
        elif rtype in COUNTED_TYPES:
            doc_row(doc_id or "?")[rtype] += 1
        if rtype == "organisation":
            canonical = str(record.get("canonical") or record.get("text") or "?")
            org_mentions[canonical] += 1
            org_types[canonical][str(record.get("org_type"))] += 1
            org_docs[canonical].add(doc_id or "?")
        elif rtype == "date" and record.get("id") is not None:
            earliest = record.get("earliest")
            if isinstance(earliest, str) and len(earliest) >= 4 and earliest[:4].isdigit():
                date_years[str(record["id"])] = earliest[:4]
        elif rtype == "event":
            date_id = record.get("date")
            events.append((str(record.get("event_type")), date_id if isinstance(date_id, str) else None))

    organisations = [
        {"canonical": name,
         # the most frequent org_type of the name (ties: alphabetical), for a name typed differently
         "org_type": min(org_types[name].items(), key=lambda kv: (-kv[1], kv[0]))[0],
         "mentions": n,
         "documents": len(org_docs[name])}
        for name, n in sorted(org_mentions.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    events_by_type: Counter[str] = Counter()
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    for event_type, date_id in events:
        events_by_type[event_type] += 1
        by_year[date_years.get(date_id, UNDATED) if date_id else UNDATED][event_type] += 1
    years = sorted(y for y in by_year if y != UNDATED) + ([UNDATED] if UNDATED in by_year else [])

    return {
        "records": total,
        "by_type": {t: by_type[t] for t in _type_order(by_type)},
        "documents": list(documents.values()),
        "organisations": organisations,
        "events_by_type": {t: events_by_type[t] for t in _event_type_order(events_by_type)},
        "events_by_year": {y: {t: by_year[y][t] for t in _event_type_order(by_year[y])} for y in years},
        "errors": errors,
    }


def _type_order(counts: Counter[str]) -> list[str]:
    known = ("document", "error", *COUNTED_TYPES)
    return [*known, *sorted(t for t in counts if t not in known)]


def _event_type_order(counts: Counter[str]) -> list[str]:
    return [t for t in EVENT_TYPES if counts.get(t)] + sorted(t for t in counts if t not in EVENT_TYPES)


# ---------------------------------------------------------------------------------------------
# Terminal tables

def format_stats(s: dict, max_documents: int = 50, max_organisations: int = 20) -> str:
    """The dict of :func:`stats` as tables for a terminal (longest lists cut, with a note)."""
    by_type = s.get("by_type", {})
    docs = s.get("documents", [])
    n_docs = by_type.get("document", 0)
    n_errors = len(s.get("errors", []))
    parts = [f"{_plural(s.get('records', 0), 'record')}: {_plural(n_docs, 'document')} processed, "
             f"{_plural(n_errors, 'error record')}"]

    parts.append(_section("Records by type", ["type", "records"],
                          [[t, n] for t, n in by_type.items()], right={1}))

    rows = [[d["doc_id"], d.get("source") or "", _num(d.get("chars")), *(d.get(t, 0) for t in COUNTED_TYPES)]
            for d in docs[:max_documents]]
    more = f"… and {len(docs) - max_documents} more documents (all of them with --json)" \
        if len(docs) > max_documents else ""
    parts.append(_section("Records by document", ["document", "source", "chars", *COUNTED_TYPES],
                          rows, right={2, 3, 4, 5, 6}, note=more))

    orgs = s.get("organisations", [])
    rows = [[o["canonical"], o["org_type"], o["mentions"], o["documents"]] for o in orgs[:max_organisations]]
    more = f"… {len(orgs)} organisations in all (all of them with --json)" if len(orgs) > max_organisations else ""
    parts.append(_section("Most frequent organisations", ["organisation", "type", "mentions", "documents"],
                          rows, right={2, 3}, note=more))

    by_year = s.get("events_by_year", {})
    types = list(s.get("events_by_type", {}))
    if by_year:
        rows = [[year, *(counts.get(t, 0) or "" for t in types), sum(counts.values())]
                for year, counts in by_year.items()]
        rows.append(["total", *(s["events_by_type"][t] for t in types), sum(s["events_by_type"].values())])
        parts.append(_section("Events by year (of the event's date) and type", ["year", *types, "total"],
                              rows, right=set(range(1, len(types) + 2))))
    else:
        parts.append("Events by year and type\n  (no events)")

    errors = s.get("errors", [])
    if errors:
        rows = [[e.get("source") or "", e.get("line") or "", e.get("doc_id") or "", e.get("error") or ""]
                for e in errors]
        parts.append(_section("Documents with errors", ["source", "line", "document", "error"], rows, right={1}))
    else:
        parts.append("Documents with errors\n  (none)")
    return "\n\n".join(parts) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _num(value: Any) -> str:
    return "" if value is None else f"{value}"


def _section(title: str, headers: list[str], rows: list[list[Any]], right: set[int] = frozenset(),
             note: str = "") -> str:
    body = _table(headers, rows, right) if rows else "  (none)"
    return f"{title}\n{body}" + (f"\n  {note}" if note else "")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _table(headers: list[str], rows: list[list[Any]], right: set[int]) -> str:
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c).replace("\n", " ") for c in r] for r in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        out = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            last = i == len(row) - 1
            out.append(pad + cell if i in right else cell + ("" if last else pad))
        return "  " + "  ".join(out)

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])
