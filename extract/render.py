"""A review page of a records file: ``extract render RECORDS.jsonl [--doc ID] -o report.html``.

:func:`render` writes ONE self-contained HTML file (inline CSS and JS from ``data/render/``; no
network, fonts or images; a Content-Security-Policy allowing only those two inline blocks, by
hash) with, for every document:

* its original text, every date, money amount and organisation highlighted in its own colour;
  the normalised value shows on hover (``title``) and on keyboard focus (each mention is
  focusable; a CSS tooltip shows ``data-tip``); every mention of one organisation entity has the
  same underline colour and numbered badge;
* a table of its events (type, trigger, date, arguments, evidence); clicking a row scrolls to
  and highlights the evidence sentence;
* a timeline (inline SVG) of the dated events, x = the ``earliest`` of the event's date record;

and an index of the documents (and a list of error records) at the top.

The records do not carry the document text. It comes from ``texts`` (doc_id → text) or else from
the ``source`` of the document record (a ``.txt`` file, or ``FILE.jsonl:LINE``), checked against
its ``sha256``. Without it, only the spans the records carry are shown, with gaps between them.

Highlighting walks the spans once in sorted order with a stack of open elements. Spans nest
outermost first: sorted by (start, longer first, rank), where rank at an identical extent is
evidence sentence > organisation > money > date > trigger. A span that crosses the end of an
enclosing one (overlapping mentions of different types) is split there: the part inside closes
with its parent and the rest reopens right after it as a continuation fragment (class ``cont``,
same ``data-id``), so the markup stays well nested and no character is lost.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from .events import registry as event_registry
from .records_file import MAX_OFFSET
from .stats import MENTION_TYPES, iter_records

# Rank at an identical extent: lower nests outside.
RANK = {"evidence": 0, "organisation": 1, "money": 2, "date": 3, "trigger": 4}
ENTITY_COLOURS = 12
GAP = "\uffff"  # a Unicode noncharacter: marks characters of the text the records do not give
_GAP_RUN = re.compile(GAP + "+")
_JSONL_SOURCE = re.compile(r"(?s)(.+\.jsonl):(\d+)")


# ---------------------------------------------------------------------------------------------
# Public entry point

def render(records_path: str, out_path: str, doc_id: str | None = None,
           texts: dict[str, str] | None = None, source_dir: str | None = None,
           missing: list[str] | None = None) -> int:
    """Write the review page of ``records_path`` to ``out_path``; return the number of documents.

    ``doc_id`` renders that document only (ValueError if the records have no such document);
    ``texts`` maps doc_id → original text and wins over reading the document's ``source``, which
    is looked for in ``source_dir`` and the folders of :func:`source_bases`. The ids of the
    documents whose text was not found are appended to ``missing`` when it is given.
    """
    docs, errors = _load(records_path)
    if doc_id is not None:
        docs = [d for d in docs if d.doc_id == doc_id]
        errors = [e for e in errors if e.get("doc_id") == doc_id]
        if not docs:
            raise ValueError(f"no document with id {doc_id!r} in {records_path}")
    for n, doc in enumerate(docs):
        doc.key = f"d{n}"
    _attach_texts(docs, texts or {}, source_bases(records_path, source_dir))
    if missing is not None:
        missing.extend(d.doc_id for d in docs if not d.full_text)

    title = f"Review: {Path(records_path).name}" + (f" — {doc_id}" if doc_id is not None else "")
    views = [_build_view(doc) for doc in docs]
    body = "\n".join([_page_head(title, records_path, docs, errors, _corpus_search(docs)),
                      _corpus_events(views),
                      *(_document_section(doc, view) for doc, view in zip(docs, views))])
    page = _page(title, body)
    out = Path(out_path)
    _check_page_target(out, records_path)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    # lone surrogates (possible in a decoded text) cannot be UTF-8: replace rather than fail
    out.write_text(page, encoding="utf-8", errors="replace")
    return len(docs)


def _check_page_target(out: Path, records_path: str) -> None:
    """The page replaces only a plain file that is not the records file itself."""
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise ValueError(f"output {str(out)!r} is not a plain file (a folder, device or link); name a file")
    if out.exists() and out.samefile(records_path):
        raise ValueError(f"output {str(out)!r} is the records file itself; it would be overwritten")


# ---------------------------------------------------------------------------------------------
# Loading records and texts

@dataclass
class _Doc:
    doc_id: str
    record: dict | None = None                    # the document record, if present
    mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    key: str = ""                                 # "d0", "d1" …: prefix of every HTML id in its section
    text: str = ""                                # the original text, or the sparse reconstruction
    full_text: bool = False                       # False: only the spans the records carry
    notices: list[str] = field(default_factory=list)


def _load(records_path: str) -> tuple[list[_Doc], list[dict]]:
    docs: dict[str, _Doc] = {}
    errors: list[dict] = []
    for record in iter_records(records_path):
        rtype = record.get("type")
        if rtype == "error":
            errors.append(record)
            continue
        if rtype not in ("document", "event", *MENTION_TYPES) or record.get("doc_id") is None:
            continue
        key = str(record["doc_id"])
        doc = docs.setdefault(key, _Doc(key))
        if rtype == "document":
            doc.record = record
        elif rtype == "event":
            doc.events.append(record)
        else:
            doc.mentions.append(record)
    return list(docs.values()), errors


def _attach_texts(docs: list[_Doc], texts: dict[str, str], bases: "SourceBases") -> None:
    """Give every document its text: ``texts``, else its source file, else the sparse spans."""
    from_sources = _read_sources([d for d in docs if d.doc_id not in texts], bases)
    for doc in docs:
        text = texts.get(doc.doc_id)
        origin = "the given text"
        if text is None:
            text, origin = from_sources.get(doc.doc_id, (None, ""))
        expected = (doc.record or {}).get("sha256")
        if text is not None and not expected and doc.doc_id not in texts:
            text = None  # a source file's text is shown only when the record says which text it is
        if text is not None and expected and _sha256(text) != expected:
            doc.notices.append(f"The text from {origin} is not the one the records were made from "
                               "(its sha256 differs); only the spans the records carry are shown.")
            text = None
        if text is None:
            if not any("sha256 differs" in n for n in doc.notices):
                source = (doc.record or {}).get("source")
                where = (f"its source {source} was not found here, beside the records or in --source"
                         if _source_location(source) else "the records name no source file")
                doc.notices.append(f"The document text is not available ({where}); only the spans the "
                                   "records carry are shown, in place, with gaps between them. Give the "
                                   "folder of the inputs with: extract render --source DIR.")
            doc.text, doc.full_text = _sparse_text(doc), False
        else:
            doc.text, doc.full_text = text, True


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _source_location(source: Any) -> tuple[str, int | None] | None:
    """``(path, line)`` of a document record's source, or None when it names no file."""
    if not isinstance(source, str) or not source or source == "-":
        return None
    match = _JSONL_SOURCE.fullmatch(source)
    if match:
        return match.group(1), int(match.group(2))
    if source.lower().endswith(".txt"):
        return source, None
    return None


class SourceBases(NamedTuple):
    """Where recorded sources are looked for: ``strict`` (``--source DIR``, the current folder,
    the records file's folder) for any recorded path, and ``parents`` (the records file's two
    parent folders) for relative paths only."""

    strict: list[Path]
    parents: list[Path]

    def all(self) -> list[Path]:
        return [*self.strict, *self.parents]


def source_bases(records_path: str, source_dir: str | None = None) -> SourceBases:
    """Folders a recorded source is looked for in, in order.

    ``--source DIR`` first, then the current folder, then the records file's folder and its
    two parents (``extract run raw/ -o output/records.jsonl`` records ``raw/NAME.txt``, which is
    beside ``output/``). A found file is used only if its sha256 is the recorded one.
    """
    folder = Path(records_path).resolve().parent
    strict = list(dict.fromkeys([*([Path(source_dir)] if source_dir else []), Path.cwd(), folder]))
    parents = [p for p in list(folder.parents)[:2] if p not in strict]
    return SourceBases(strict, parents)


def _find_file(path: str, bases: SourceBases) -> Path | None:
    """The file a recorded source names: as recorded, under each base, else by its name alone
    in each base (the sources moved into one folder). A records file is untrusted, so a file is
    taken only when it is plausible for the base it was found through (_plausible_source): a
    relative path or a link cannot lead out of its base, and an absolute path must lie inside
    one of ``bases.strict``."""
    candidate = Path(path)
    if candidate.is_absolute():
        tries = [(candidate, base) for base in bases.strict]
    else:
        tries = [(base / candidate, base) for base in bases.all()]
    tries += [(base / candidate.name, base) for base in bases.all()]
    for p, base in tries:
        try:
            if p.is_file() and _plausible_source(p, base):
                return p
        except OSError:
            continue
    return None


# A source file larger than any input the pipeline reads is not one (render reads it whole).
MAX_SOURCE_BYTES = 256 * 1024 * 1024


def _plausible_source(path: Path, base: Path) -> bool:
    """A records file is untrusted: its ``source`` may name any file. Only a plausible input is
    read: a regular ``.txt``/``.jsonl`` file (symbolic links resolved) inside ``base``, of a
    size an input can have. Its text is then shown only when its sha256 is the one the
    document record states (_attach_texts)."""
    real = path.resolve()
    if real.suffix.lower() not in (".txt", ".jsonl") or not real.is_file():
        return False
    if real.stat().st_size > MAX_SOURCE_BYTES:
        return False
    return real.is_relative_to(base.resolve())


def _read_sources(docs: list[_Doc], bases: "SourceBases") -> dict[str, tuple[str, str]]:
    """doc_id → (text, where it came from), reading each source file once."""
    out: dict[str, tuple[str, str]] = {}
    wanted_lines: dict[Path, dict[int, str]] = {}      # jsonl file → line → doc_id
    for doc in docs:
        location = _source_location((doc.record or {}).get("source"))
        if location is None:
            continue
        path = _find_file(location[0], bases)
        if path is None:
            continue
        if location[1] is None:
            text = _read_txt(path)
            if text is not None:
                out[doc.doc_id] = (text, str(path))
        else:
            wanted_lines.setdefault(path, {})[location[1]] = doc.doc_id
    for path, lines in wanted_lines.items():
        try:
            with open(path, "rb") as fh:
                for number, raw in enumerate(fh, start=1):
                    if number in lines:
                        text = _jsonl_text(raw, number)
                        if text is not None:
                            out[lines[number]] = (text, f"{path}:{number}")
        except OSError:
            continue
    return out


def _read_txt(path: Path) -> str | None:
    from .reader import DecodeError, decode_bytes  # the pipeline's own decoding, so offsets agree

    try:
        return decode_bytes(path.read_bytes())
    except (OSError, DecodeError):
        return None


def _jsonl_text(raw: bytes, number: int) -> str | None:
    try:
        obj = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except ValueError:
        return None
    text = obj.get("text") if isinstance(obj, dict) else None
    return text if isinstance(text, str) else None


def _sparse_text(doc: _Doc) -> str:
    """A text of GAP characters with every span the records carry written in at its offsets."""
    pieces: list[tuple[int, str]] = []
    for m in doc.mentions:
        pieces.append((m.get("start"), m.get("text")))
    for ev in doc.events:
        trigger = ev.get("trigger") or {}
        pieces.append((trigger.get("start"), trigger.get("text")))
        for arg in ev.get("arguments") or []:
            pieces.append((arg.get("start"), arg.get("text")))
    # Bounded by the document's stated length (records files are untrusted input, see
    # extract/records_file.py, whose offsets are capped too).
    chars = (doc.record or {}).get("chars")
    limit = chars if isinstance(chars, int) and not isinstance(chars, bool) and chars >= 0 else MAX_OFFSET
    pieces = [(s, t) for s, t in pieces if isinstance(s, int) and 0 <= s and isinstance(t, str)
              and s + len(t) <= limit]
    length = max((s + len(t) for s, t in pieces), default=0)
    for ev in doc.events:
        end = (ev.get("evidence") or {}).get("end")
        if isinstance(end, int) and end <= limit:
            length = max(length, end)
    chars = [GAP] * length
    for start, text in pieces:
        chars[start:start + len(text)] = text
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Escaping

def _esc(text: str) -> str:
    """Text content: markup characters escaped; CR kept as a reference (the parser would drop it)."""
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def _text_chunk(text: str) -> str:
    """Escaped text, with runs of unknown characters (sparse mode) shown as one gap marker."""
    if GAP not in text:
        return _esc(text)
    out, pos = [], 0
    for match in _GAP_RUN.finditer(text):
        out.append(_esc(text[pos:match.start()]))
        n = match.end() - match.start()
        out.append(f'<span class="gap" title="{n} characters not in the records">…</span>')
        pos = match.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Highlighting: one walk over the sorted spans

@dataclass
class Span:
    start: int
    end: int
    rank: int
    seq: int                 # input order, the last tie-breaker
    tag: str                 # element name
    attrs: str               # escaped attributes of the first fragment
    cont_attrs: str          # escaped attributes of a continuation fragment

    def open(self, continued: bool) -> str:
        return f"<{self.tag}{self.cont_attrs if continued else self.attrs}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def highlight(text: str, spans: Iterable[Span]) -> str:
    """``text`` as escaped HTML with every span's element around its characters, well nested.

    O(n log n + n·depth): one sort, then one pass; spans that cross an enclosing span's end are
    split there (closed with it and reopened as a continuation right after).
    """
    ordered = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)),
                     key=lambda s: (s.start, -s.end, s.rank, s.seq))
    out: list[str] = []
    stack: list[Span] = []
    pos = 0

    def close_through(limit: int) -> None:
        nonlocal pos
        while stack:
            end = min(s.end for s in stack)
            if end > limit:
                return
            out.append(_text_chunk(text[pos:end]))
            pos = end
            first = next(i for i, s in enumerate(stack) if s.end == end)
            reopen = []
            for s in reversed(stack[first:]):
                out.append(s.close())
                if s.end > end:
                    reopen.append(s)
            del stack[first:]
            for s in reversed(reopen):           # outer to inner, as they were
                out.append(s.open(continued=True))
                stack.append(s)

    for span in ordered:
        close_through(span.start)
        out.append(_text_chunk(text[pos:span.start]))
        pos = span.start
        out.append(span.open(continued=False))
        stack.append(span)
    close_through(len(text))
    out.append(_text_chunk(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Values shown on hover and focus

def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "?"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _tip(m: dict, entity_no: int | None = None) -> str:
    kind = m.get("type")
    lines: list[str] = []
    if kind == "date":
        value = m.get("value")
        lines.append(f"date {value if value is not None else '(unresolved)'}"
                     + (f" · {m['mod']}" if m.get("mod") else ""))
        if m.get("earliest") or m.get("latest"):
            lines.append(f"{m.get('earliest') or '?'} … {m.get('latest') or '?'} · {m.get('granularity', '')}")
        if m.get("relative"):
            lines.append(f"relative to {m.get('anchor') or '(unresolved)'}")
    elif kind == "money":
        currency = m.get("currency", "")
        if m.get("amount") is not None:
            lines.append(f"money {currency} {_number(m['amount'])}" + (f" · {m['mod']}" if m.get("mod") else ""))
        else:
            lines.append(f"money {currency} (order of magnitude)" + (f" · {m['mod']}" if m.get("mod") else ""))
        lo, hi = m.get("min"), m.get("max")
        if lo != m.get("amount") or hi != m.get("amount"):
            lines.append(f"range {_number(lo) if lo is not None else '−∞'} … {_number(hi) if hi is not None else '+∞'}")
    elif kind == "organisation":
        lines.append(f"organisation {m.get('canonical', '?')} · {m.get('org_type', '?')}")
        if entity_no is not None:
            lines.append(f"entity {entity_no}" + (f" ({m['entity']})" if m.get("entity") else ""))
    if m.get("rule"):
        lines.append(f"rule: {m['rule']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# One document

@dataclass
class _DocView:
    """What the parts of one document section share: HTML ids of mentions, evidence, events."""
    doc: _Doc
    mention_html_id: dict[str, str] = field(default_factory=dict)    # record id → HTML id
    mention_by_id: dict[str, dict] = field(default_factory=dict)
    entity_no: dict[str, int] = field(default_factory=dict)          # entity key → 1, 2, …
    entity_info: dict[int, list] = field(default_factory=dict)       # number → [canonical, type, count]
    evidence_id: dict[tuple[int, int], str] = field(default_factory=dict)
    evidence_events: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    event_row_id: list[str] = field(default_factory=list)            # parallel to doc.events
    mismatches: int = 0
    out_of_range: int = 0


def _entity_key(m: dict) -> str:
    return str(m.get("entity") or m.get("canonical") or m.get("text") or "")


def _build_view(doc: _Doc) -> _DocView:
    view = _DocView(doc)
    k = doc.key
    for n, m in enumerate(doc.mentions):
        rid = str(m.get("id", f"{k}-mention-{n}"))
        view.mention_html_id[rid] = f"{k}-m{n}"
        view.mention_by_id[rid] = m
        if m.get("type") == "organisation":
            number = view.entity_no.setdefault(_entity_key(m), len(view.entity_no) + 1)
            info = view.entity_info.setdefault(number, [m.get("canonical") or m.get("text"), m.get("org_type"), 0])
            info[2] += 1
    for n, ev in enumerate(doc.events):
        row = f"{k}-e{n}"
        view.event_row_id.append(row)
        span = _evidence_span(ev)
        if span is not None:
            if span not in view.evidence_id:
                view.evidence_id[span] = f"{k}-ev{len(view.evidence_id)}"
            view.evidence_events.setdefault(span, []).append(row)
    return view


def _evidence_span(ev: dict) -> tuple[int, int] | None:
    evidence = ev.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def _valid_span(start: Any, end: Any, length: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def _spans(view: _DocView) -> list[Span]:
    doc, text = view.doc, view.doc.text
    spans: list[Span] = []
    seq = 0

    def add(start, end, rank, tag, attrs, cont_attrs):
        nonlocal seq
        spans.append(Span(start, end, rank, seq, tag, attrs, cont_attrs))
        seq += 1

    for (start, end), html_id in view.evidence_id.items():
        if not _valid_span(start, end, len(text)):
            view.out_of_range += 1
            continue
        rows = " ".join(view.evidence_events[(start, end)])
        add(start, end, RANK["evidence"], "span",
            f' class="evid" id="{html_id}" data-events="{rows}"', f' class="evid cont" data-events="{rows}"')

    for rid, m in view.mention_by_id.items():
        start, end, kind = m.get("start"), m.get("end"), m.get("type")
        if not _valid_span(start, end, len(text)):
            view.out_of_range += 1
            continue
        classes = f"m m-{kind}"
        if text[start:end] != m.get("text"):
            view.mismatches += 1
            classes += " mismatch"
        extra = ""
        entity_no = None
        if kind == "organisation":
            entity_no = view.entity_no[_entity_key(m)]
            classes += f" ent-c{(entity_no - 1) % ENTITY_COLOURS}"
            extra = (f' data-ent="{entity_no}" data-entity="{_attr(m.get("entity") or "")}"'
                     f' data-canonical="{_attr(m.get("canonical") or "")}"')
        tip = _attr(_tip(m, entity_no))
        common = f' data-type="{kind}" data-id="{_attr(rid)}"{extra} title="{tip}"'
        add(start, end, RANK[kind], "mark",
            f' class="{classes}" id="{view.mention_html_id[rid]}" tabindex="0"{common} data-tip="{tip}"',
            f' class="{classes} cont"{common}')

    triggers: dict[tuple[int, int], list[int]] = {}
    for n, ev in enumerate(doc.events):
        trigger = ev.get("trigger") or {}
        span = (trigger.get("start"), trigger.get("end"))
        if _valid_span(*span, len(text)):
            triggers.setdefault(span, []).append(n)          # type: ignore[arg-type]
        else:
            view.out_of_range += 1
    for (start, end), numbers in triggers.items():
        rows = " ".join(view.event_row_id[n] for n in numbers)
        ids = " ".join(str(doc.events[n].get("id", "")) for n in numbers)
        what = ", ".join(str(doc.events[n].get("event_type")) for n in numbers)
        common = f' data-type="trigger" data-events="{rows}" data-id="{_attr(ids)}" title="trigger: {_attr(what)}"'
        add(start, end, RANK["trigger"], "span", f' class="trig"{common}', f' class="trig cont"{common}')
    return spans


def _document_section(doc: _Doc, view: _DocView | None = None) -> str:
    view = view or _build_view(doc)
    text_html = highlight(doc.text, _spans(view))
    if view.mismatches:
        doc.notices.append(f"{view.mismatches} mention(s) do not match the text at their offsets "
                           "(outlined in red).")
    if view.out_of_range:
        doc.notices.append(f"{view.out_of_range} span(s) lie outside the text and are not shown.")
    record = doc.record or {}
    meta = []
    if record.get("source") is not None:
        meta.append(f"source <code>{_esc(str(record['source']))}</code>")
    if record.get("chars") is not None:
        meta.append(f"{_number(record['chars'])} characters")
    if record.get("published"):
        meta.append(f"published {_esc(str(record['published']))}")
    counts = _counts(doc)
    meta.append(" · ".join(f"{n} {t}" for t, n in counts.items()))
    notices = "".join(f'<p class="notice">{_esc(n)}</p>' for n in doc.notices)
    k = doc.key
    return (
        f'<section class="doc" id="{k}" data-doc-id="{_attr(doc.doc_id)}">\n'
        f'<h2><span>{_esc(doc.doc_id)}</span><a class="up" href="#index">↑ index</a></h2>\n'
        f'<p class="meta">{" · ".join(meta)}</p>\n{notices}'
        f'{_timeline(view)}\n'
        f'<div class="doc-body">\n'
        f'<div class="text" lang="zh" aria-label="document text">{text_html}</div>\n'
        f'<aside class="side">{_events_table(view)}{_entity_legend(view)}</aside>\n'
        f'</div>\n</section>'
    )


def _counts(doc: _Doc) -> dict[str, int]:
    counts = {t: 0 for t in (*MENTION_TYPES, "event")}
    for m in doc.mentions:
        counts[m["type"]] += 1
    counts["event"] = len(doc.events)
    return counts


def _entity_legend(view: _DocView) -> str:
    if not view.entity_info:
        return ""
    items = []
    for number, (canonical, org_type, count) in sorted(view.entity_info.items()):
        items.append(
            f'<li><button type="button" class="ent-c{(number - 1) % ENTITY_COLOURS}" data-ent="{number}" '
            f'aria-pressed="false" title="outline every mention"><span class="badge">{number}</span>'
            f'{_esc(str(canonical))} <span class="muted">{_esc(str(org_type))} · {count}×</span></button></li>')
    opened = " open" if len(items) <= 24 else ""
    return (f'<details class="ent-legend"{opened}><summary><h3>Organisations ({len(items)} entities)</h3></summary>'
            f'<ul class="entities">{"".join(items)}</ul></details>')


def _events_table(view: _DocView) -> str:
    doc = view.doc
    if not doc.events:
        return '<h3>Events</h3><p class="muted">No events.</p>'
    rows = []
    for n, ev in enumerate(doc.events):
        row_id = view.event_row_id[n]
        span = _evidence_span(ev)
        ev_html_id = view.evidence_id.get(span) if span else None
        etype = str(ev.get("event_type"))
        trigger = ev.get("trigger") or {}
        planned = '<span class="planned">planned</span>' if ev.get("status") == "planned" else ""
        type_cell = (f'<td class="etype et-{_attr(etype)}"><span class="tag">{_esc(etype)}</span>{planned}'
                     f'<br><b>{_esc(str(trigger.get("text", "")))}</b></td>')
        date_rec = view.mention_by_id.get(ev.get("date")) if isinstance(ev.get("date"), str) else None
        if date_rec is not None:
            date_cell = (f'<td class="date"><a href="#{view.mention_html_id[ev["date"]]}">{_esc(str(date_rec.get("text", "")))}</a>'
                         f'<br><span class="value">{_esc(str(date_rec.get("value") or "unresolved"))}</span></td>')
        elif ev.get("date"):
            date_cell = f'<td class="muted">{_esc(str(ev["date"]))}</td>'
        else:
            date_cell = '<td class="muted">—</td>'
        args = []
        for arg in ev.get("arguments") or []:
            label = _esc(str(arg.get("text", "")))
            ref = arg.get("ref")
            if isinstance(ref, str) and ref in view.mention_html_id:
                label = f'<a href="#{view.mention_html_id[ref]}">{label}</a>'
            args.append(f'<li><span class="role">{_esc(str(arg.get("role", "")))}</span> {label}</li>')
        args_cell = f'<td><ul class="args">{"".join(args)}</ul></td>'
        if ev_html_id:
            evidence_cell = (f'<td class="snippet"><a href="#{ev_html_id}" data-ev="{ev_html_id}" '
                             f'data-evt="{row_id}">{_snippet(doc, span, trigger)}</a></td>')
            row_attrs = f' data-ev="{ev_html_id}" data-evt="{row_id}"'
        else:
            evidence_cell, row_attrs = '<td class="muted">—</td>', ""
        rows.append(f'<tr class="evrow" id="{row_id}"{row_attrs} data-event-id="{_attr(ev.get("id", ""))}">'
                    f'{type_cell}{date_cell}{args_cell}{evidence_cell}</tr>')
    return (f'<h3>Events ({len(rows)})</h3><table class="events"><thead><tr><th>type</th><th>date</th>'
            f'<th>arguments</th><th>evidence</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _snippet(doc: _Doc, span: tuple[int, int], trigger: dict) -> str:
    """The evidence sentence around the trigger, at most about 40 characters, trigger in bold."""
    start, end = span
    t0, t1 = trigger.get("start"), trigger.get("end")
    if not (isinstance(t0, int) and isinstance(t1, int) and start <= t0 <= t1 <= end):
        t0 = t1 = start
    left, right = max(start, t0 - 16), min(end, t1 + 22)
    text = doc.text

    def part(a: int, b: int) -> str:
        return _esc(text[a:b].replace(GAP, "…").replace("\n", " "))

    return ("…" if left > start else "") + part(left, t0) + f"<b>{part(t0, t1)}</b>" + part(t1, right) \
        + ("…" if right < end else "")


# ---------------------------------------------------------------------------------------------
# Timeline

TL_WIDTH, TL_MARGIN, TL_AXIS_Y, TL_LANE, TL_BREAK = 960, 24, 30, 15, 26
TL_MAX_LANES = 30
TL_GAP_YEARS = 3            # more years than this without an event between two events: an axis break
TL_LABELS = {t.EVENT_TYPE: t.LABEL for t in event_registry.TYPES if hasattr(t, "LABEL")}
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)


def _parse_day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class _Segment:
    """Years ``first``..``last`` (inclusive) drawn linearly between ``x0`` and ``x1``."""
    first: int
    last: int
    x0: float = 0.0
    x1: float = 0.0

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    def x(self, day: dt.date) -> float:
        lo = dt.date(self.first, 1, 1).toordinal()
        hi = dt.date(self.last, 12, 31).toordinal() + 1
        return self.x0 + (day.toordinal() - lo) / (hi - lo) * (self.x1 - self.x0)


def _segments(years: list[int]) -> list[_Segment]:
    """The axis: runs of years with events, split where more than TL_GAP_YEARS years have none."""
    segments = [_Segment(years[0], years[0])]
    for year in years[1:]:
        if year - segments[-1].last - 1 > TL_GAP_YEARS:
            segments.append(_Segment(year, year))
        else:
            segments[-1].last = year
    usable = TL_WIDTH - 2 * TL_MARGIN - TL_BREAK * (len(segments) - 1)
    total = sum(seg.years for seg in segments)
    x = float(TL_MARGIN)
    for seg in segments:
        seg.x0, seg.x1 = x, x + usable * seg.years / total
        x = seg.x1 + TL_BREAK
    return segments


def _ticks(seg: _Segment) -> list[tuple[dt.date, str]]:
    """Tick days and labels of one segment: years (every few if crowded), or quarters if roomy."""
    per_year = (seg.x1 - seg.x0) / seg.years
    if per_year >= 4 * 48:
        return [(dt.date(y, m, 1), str(y) if m == 1 else f"{y}-{m:02d}")
                for y in range(seg.first, seg.last + 1) for m in (1, 4, 7, 10)]
    step = next((s for s in _YEAR_STEPS if per_year * s >= 40), _YEAR_STEPS[-1])
    first = -(-seg.first // step) * step
    return [(dt.date(y, 1, 1), str(y)) for y in range(first, seg.last + 1, step)] or \
        [(dt.date(seg.first, 1, 1), str(seg.first))]


def _timeline(view: _DocView) -> str:
    """Inline SVG: one mark per dated event at the earliest day of its date record.

    Time runs left to right, linearly within each run of years that have events; long stretches
    without events are cut out (an axis break) so that crowded years get the room. Labels go in
    the first free lane below the axis.
    """
    doc = view.doc
    if not doc.events:
        return ""
    marks = []
    for n, ev in enumerate(doc.events):
        date_rec = view.mention_by_id.get(ev.get("date")) if isinstance(ev.get("date"), str) else None
        day = _parse_day(date_rec.get("earliest")) if date_rec else None
        if day is not None:
            marks.append((day, n, date_rec))
    if not marks:
        return f'<p class="muted">Timeline: none of the {len(doc.events)} events has a resolved date.</p>'
    marks.sort(key=lambda m: (m[0], m[1]))
    segments = _segments(sorted({day.year for day, _, _ in marks}))
    segment_of = {y: seg for seg in segments for y in range(seg.first, seg.last + 1)}

    parts = []
    last_label = -1e9
    for seg in segments:
        parts.append(f'<line class="axis" x1="{seg.x0:.1f}" y1="{TL_AXIS_Y}" x2="{seg.x1:.1f}" y2="{TL_AXIS_Y}"/>')
        for day, label in _ticks(seg):
            x = seg.x(day)
            text = ""
            if x - last_label >= 8 * len(label):
                text, last_label = f'<text x="{x:.1f}" y="{TL_AXIS_Y - 10}">{label}</text>', x
            parts.append(f'<g class="tick"><line x1="{x:.1f}" y1="{TL_AXIS_Y - 4}" x2="{x:.1f}" '
                         f'y2="{TL_AXIS_Y + 4}"/>{text}</g>')
    for left, right in zip(segments, segments[1:]):
        mid = (left.x1 + right.x0) / 2
        parts.append(f'<g class="break"><line x1="{mid - 5:.1f}" y1="{TL_AXIS_Y + 5}" x2="{mid - 1:.1f}" '
                     f'y2="{TL_AXIS_Y - 5}"/><line x1="{mid + 1:.1f}" y1="{TL_AXIS_Y + 5}" x2="{mid + 5:.1f}" '
                     f'y2="{TL_AXIS_Y - 5}"/></g>')

    lane_ends: list[float] = []
    for day, n, date_rec in marks:
        ev = doc.events[n]
        etype = str(ev.get("event_type"))
        label = TL_LABELS.get(etype, etype)
        x = segment_of[day.year].x(day)
        width = 6.4 * len(label) + 10
        right_side = x + width <= TL_WIDTH - 2
        extent = (x - 5, x + width) if right_side else (x - width, x + 5)
        lane = next((i for i, end in enumerate(lane_ends) if end < extent[0]), None)
        if lane is None:
            if len(lane_ends) < TL_MAX_LANES:
                lane = len(lane_ends)
                lane_ends.append(extent[1])
            else:                                   # out of lanes: overlap the emptiest one
                lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
        lane_ends[lane] = max(lane_ends[lane], extent[1])
        y = TL_AXIS_Y + 16 + lane * TL_LANE
        span = _evidence_span(ev)
        ev_id = view.evidence_id.get(span) if span else None
        target = f' href="#{ev_id}" data-ev="{ev_id}" data-evt="{view.event_row_id[n]}"' if ev_id else ""
        anchor, lx = ("start", x + 6) if right_side else ("end", x - 6)
        title = f"{etype}: {date_rec.get('text', '')} ({date_rec.get('value') or day.isoformat()}) · {ev.get('id', '')}"
        parts.append(
            f'<a class="tl-mark et-{_attr(etype)}"{target}><title>{_esc(title)}</title>'
            f'<line class="stem" x1="{x:.1f}" y1="{TL_AXIS_Y}" x2="{x:.1f}" y2="{y}"/>'
            f'<circle cx="{x:.1f}" cy="{y}" r="4.5"/>'
            f'<text class="lbl" x="{lx:.1f}" y="{y + 4}" text-anchor="{anchor}">{_esc(label)}</text></a>')
    height = TL_AXIS_Y + 16 + len(lane_ends) * TL_LANE
    breaks = " (// skips years without events)" if len(segments) > 1 else ""
    caption = (f"Timeline: {len(marks)} of {len(doc.events)} events dated, each at the earliest day of its "
               f"date{breaks}; click a mark to see its sentence.")
    return (f'<figure class="timeline"><svg class="tl" viewBox="0 0 {TL_WIDTH} {height}" role="img" aria-label="timeline of dated events">'
            f'{"".join(parts)}</svg><figcaption>{caption}</figcaption></figure>')


# ---------------------------------------------------------------------------------------------
# Page

def _page_head(title: str, records_path: str, docs: list[_Doc], errors: list[dict], search: str = "") -> str:
    totals = {t: 0 for t in (*MENTION_TYPES, "event")}
    rows = []
    for doc in docs:
        counts = _counts(doc)
        for t, n in counts.items():
            totals[t] += n
        source = (doc.record or {}).get("source")
        chars = (doc.record or {}).get("chars")
        orgs = sorted({str(v) for m in doc.mentions if m.get("type") == "organisation"
                       for v in (m.get("canonical"), m.get("text")) if v})
        types = sorted({str(ev.get("event_type")) for ev in doc.events})
        rows.append(
            f'<tr data-doc="{doc.key}" data-key="{_attr(doc.doc_id)} {_attr(source or "")}" '
            f'data-orgs="{_attr(SEP.join(orgs))}" data-types="{_attr(" ".join(types))}">'
            f'<td class="first-line"><a href="#{doc.key}">{_esc(_first_line(doc))}</a></td>'
            f'<td><code>{_esc(doc.doc_id)}</code></td>'
            f'<td>{_esc(str(source or ""))}</td><td class="num">{_number(chars) if chars is not None else ""}</td>'
            + "".join(f'<td class="num">{n}</td>' for n in counts.values())
            + f'<td>{"" if doc.full_text else "spans only"}</td></tr>')
    swatches = [("date", "dates"), ("money", "money"), ("organisation", "organisations"), ("trigger", "event triggers")]
    controls = "".join(
        f'<label><input type="checkbox" checked data-toggle="{kind}"> <span class="swatch {kind}">{label}</span></label>'
        for kind, label in swatches) + '<span class="swatch evidence">evidence of the selected event</span>'
    index = (
        f'<nav id="index" aria-label="documents"><h3>Documents ({len(docs)})</h3>'
        f'<div class="index-wrap"><table class="index"><thead><tr><th>first line</th><th>id</th><th>source</th>'
        f'<th class="num">chars</th><th class="num">dates</th><th class="num">money</th><th class="num">orgs</th>'
        f'<th class="num">events</th><th>text</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></nav>'
    )
    error_html = ""
    if errors:
        items = "".join(
            f'<tr><td>{_esc(str(e.get("source", "")))}{":" + _esc(str(e["line"])) if e.get("line") else ""}</td>'
            f'<td>{_esc(str(e.get("doc_id") or ""))}</td><td>{_esc(str(e.get("error", "")))}</td></tr>'
            for e in errors)
        error_html = (f'<section id="errors"><h3>Documents with errors ({len(errors)})</h3><table class="errors">'
                      f'<thead><tr><th>source</th><th>document</th><th>error</th></tr></thead><tbody>{items}</tbody>'
                      f'</table></section>')
    summary = (f'{_plural(len(docs), "document")} · ' + " · ".join(f"{n} {t}" for t, n in totals.items())
               + f' · {_plural(len(errors), "error")} · from <code>{_esc(str(records_path))}</code>')
    hint = ("Hover or focus (Tab) a highlighted span for its normalised value; click an event or a "
            "timeline mark to jump to its sentence; click an organisation to outline all its mentions; "
            "search by text, organisation and event type below.")
    missing = [d for d in docs if not d.full_text]
    missing_html = ""
    if missing:
        missing_html = (
            f'<p class="notice" id="missing-text">The text of {_plural(len(missing), "document")} of {len(docs)} '
            f'could not be found ({_esc(", ".join(d.doc_id for d in missing[:5]))}{", …" if len(missing) > 5 else ""}): '
            'the sources the records name are not where they were, relative to here or to the records file, '
            'or have changed since. Those documents show only the spans the records carry. Rerun with '
            '<code>extract render RECORDS --source DIR</code>, DIR being the folder of the input files.</p>')
    return (f'<header class="page-head"><h1>{_esc(title)}</h1><p class="meta">{summary}</p>'
            f'<p class="meta">{hint}</p>{missing_html}{search}<div class="controls">{controls}</div>'
            f'{_legend(docs)}{index}{error_html}</header>')


SEP = "\u001f"                 # between names in one data attribute (never in a name)
FIRST_LINE_CHARS = 60


def _first_line(doc: _Doc) -> str:
    """The document's first non-blank line, cut to about 60 characters, for the index."""
    if not doc.full_text:
        spans = sorted((m.get("start", 0), str(m.get("text", ""))) for m in doc.mentions
                       if isinstance(m.get("start"), int))
        return "(text not available) " + " … ".join(t for _, t in spans[:4]) if spans else \
            f"(text not available) {doc.doc_id}"
    for line in doc.text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= FIRST_LINE_CHARS else line[:FIRST_LINE_CHARS] + "…"
    return doc.doc_id


def _legend(docs: list[_Doc]) -> str:
    """What every colour and mark on the page means (event types: those present)."""
    types = sorted({str(ev.get("event_type")) for doc in docs for ev in doc.events})
    kinds = [
        ('<span class="swatch date">2014年3月</span>', "a date (hover or focus: its value)"),
        ('<span class="swatch money">1億美元</span>', "an amount of money"),
        ('<span class="swatch organisation">商湯科技<sup class="badge">1</sup></span>',
         "an organisation: the underline colour and number are one entity (all its names)"),
        ('<span class="swatch trigger">融資</span>', "the word that states an event (trigger)"),
        ('<span class="swatch evidence">…</span>', "the sentence of the event you clicked"),
        ('<span class="swatch mismatch-s">?</span>', "a record whose text differs from the text at its offsets"),
        ('<span class="gap">…</span>', "text the records do not carry (source not found)"),
    ]
    items = "".join(f"<li>{sample} {_esc(text)}</li>" for sample, text in kinds)
    tags = "".join(f'<li><span class="etype et-{_attr(t)}"><span class="tag">{_esc(t)}</span></span></li>'
                   for t in types)
    planned = '<li><span class="planned">planned</span> an intention, not yet done</li>' if types else ""
    events = f'<p class="legend-h">Event types</p><ul class="legend-list">{tags}{planned}</ul>' if types else ""
    return (f'<details class="legend" open><summary>Legend</summary><ul class="legend-list">{items}</ul>'
            f'{events}</details>')


def _corpus_search(docs: list[_Doc]) -> str:
    """The search form: text, organisation (with the corpus's names offered) and event type."""
    names = sorted({str(m.get("canonical")) for d in docs for m in d.mentions
                    if m.get("type") == "organisation" and m.get("canonical")})
    types: dict[str, int] = {}
    for d in docs:
        for ev in d.events:
            types[str(ev.get("event_type"))] = types.get(str(ev.get("event_type")), 0) + 1
    options = "".join(f'<option value="{_attr(t)}">{_esc(t)} ({n})</option>' for t, n in sorted(types.items()))
    datalist = "".join(f'<option value="{_attr(n)}"></option>' for n in names)
    return (
        '<section id="search" aria-label="search"><h3>Search</h3><div class="search-form">'
        '<label>text <input id="q-text" type="search" placeholder="words, an id or a source"></label>'
        '<label>organisation <input id="q-org" type="search" list="org-names" '
        'placeholder="a name, e.g. 商湯 or 商汤科技"></label>'
        f'<datalist id="org-names">{datalist}</datalist>'
        f'<label>event type <select id="q-type"><option value="">any</option>{options}</select></label>'
        '<button type="button" id="q-clear">clear</button></div>'
        '<p class="meta" id="q-status" role="status" aria-live="polite"></p></section>')


def _corpus_events(views: list["_DocView"]) -> str:
    """Every event of the corpus in one table: sortable by any column, filtered by the search."""
    rows = []
    for view in views:
        doc = view.doc
        first = _first_line(doc)
        short = first if len(first) <= 24 else first[:24] + "…"
        names_of: dict[str, set[str]] = {}          # canonical → every name it is written as here
        for m in doc.mentions:
            if m.get("type") == "organisation" and m.get("canonical"):
                names_of.setdefault(str(m["canonical"]), set()).add(str(m.get("text", "")))
        for n, ev in enumerate(doc.events):
            etype = str(ev.get("event_type"))
            trigger = ev.get("trigger") or {}
            date_rec = view.mention_by_id.get(ev.get("date")) if isinstance(ev.get("date"), str) else None
            date_value = str(date_rec.get("value") or "unresolved") if date_rec else ""
            date_sort = str(date_rec.get("earliest") or "") if date_rec else ""
            date_words = (f'<br><span class="value">{_esc(str(date_rec.get("text", "")))}</span>'
                          if date_rec else "")
            names, orgs = [], []
            for arg in ev.get("arguments") or []:
                ref = view.mention_by_id.get(arg.get("ref")) if isinstance(arg.get("ref"), str) else None
                shown = str(arg.get("text", ""))
                if ref is not None and ref.get("type") == "organisation":
                    canonical = str(ref.get("canonical") or "")
                    orgs += [canonical, shown, *sorted(names_of.get(canonical, ()))]
                    if ref.get("canonical") and ref.get("canonical") != shown:
                        shown = f"{shown} ({ref['canonical']})"
                names.append(f'<li><span class="role">{_esc(str(arg.get("role", "")))}</span> {_esc(shown)}</li>')
            span = _evidence_span(ev)
            ev_id = view.evidence_id.get(span) if span else None
            row_id = view.event_row_id[n]
            if ev_id:
                evidence = (f'<a href="#{ev_id}" data-ev="{ev_id}" data-evt="{row_id}">'
                            f'{_snippet(doc, span, trigger)}</a>')
                target = f' data-ev="{ev_id}" data-evt="{row_id}"'
            else:
                evidence, target = '<span class="muted">—</span>', ""
            planned = '<span class="planned">planned</span>' if ev.get("status") == "planned" else ""
            rows.append(
                f'<tr class="allrow" data-doc="{doc.key}" data-type="{_attr(etype)}" '
                f'data-orgs="{_attr(SEP.join(dict.fromkeys(o for o in orgs if o)))}"{target}>'
                f'<td class="doc-cell" data-sort="{_attr(first)}"><a href="#{doc.key}" title="{_attr(doc.doc_id + ": " + first)}">'
                f'{_esc(short)}</a></td>'
                f'<td class="etype et-{_attr(etype)}" data-sort="{_attr(etype)}"><span class="tag">{_esc(etype)}</span>'
                f'{planned}</td>'
                f'<td class="date" data-sort="{_attr(date_sort)}">{_esc(date_value)}{date_words}</td>'
                f'<td><b>{_esc(str(trigger.get("text", "")))}</b></td>'
                f'<td><ul class="args">{"".join(names)}</ul></td>'
                f'<td class="snippet">{evidence}</td></tr>')
    if not rows:
        return '<section id="all-events"><h3>All events</h3><p class="muted">No events.</p></section>'
    head = "".join(f'<th aria-sort="none"><button type="button" data-sort-col="{i}">{name}</button></th>'
                   for i, name in enumerate(("document", "type", "date", "trigger", "arguments", "evidence")))
    return (f'<section id="all-events"><h3>All events (<span id="all-count">{len(rows)}</span>)</h3>'
            '<p class="meta">Click a column title to sort; click a row to see its sentence.</p>'
            f'<div class="all-wrap"><table class="all-events"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _resource(name: str) -> str:
    return resources.files("extract").joinpath("data", "render", name).read_text(encoding="utf-8")


def _event_colours(css: str) -> str:
    """The stylesheet with one colour rule per registered event type (three to a line) in place
    of its EVENT COLOURS comment; a type without a COLOUR takes the stylesheet's default."""
    rules = [f".et-{t.EVENT_TYPE} {{ --et: {t.COLOUR}; }}" for t in event_registry.TYPES if hasattr(t, "COLOUR")]
    lines = "".join(" ".join(rules[i:i + 3]) + "\n" for i in range(0, len(rules), 3))
    marker = "/* EVENT COLOURS: one .et-TYPE rule per registered type (extract/render.py) */\n"
    return css.replace(marker, lines, 1)


def _csp_hash(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, body: str) -> str:
    css, js = _event_colours(_resource("review.css")), _resource("review.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    values = {"csp": csp, "title": _esc(title), "css": css, "js": js, "body": body}
    # one pass, so text inside the inserted values is never taken for a placeholder
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _resource("page.html"))
