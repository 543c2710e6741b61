"""The per-document pipeline: convert → split and segment → recognise → link → records.

``process_document`` is the one function every way of running the pipeline calls (the command
line, worker processes, a Dask cluster, the tests), so they all give the same records.
"""
from __future__ import annotations

import gc
import hashlib
import time
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator

from pydantic import ValidationError

from .schemas.records import (
    DateRecord, DocumentRecord, ErrorRecord, EventRecord, MoneyRecord, OrganisationRecord,
)

from . import dates, events, money, orgs
from .analysis import AnalysedText, EventMention, Mention, PartialDate
from .config import RunConfig
from .convert import Converted, convert
from .reader import InputDocument, InputError
from .resources import Resources, resources_for
from .segment import segment, split_sentences

RECORD_TYPES = ("date", "money", "organisation", "event")

_DEFAULT_CONFIG = RunConfig()

# Seconds spent in each stage by this process, for the benchmark (a few clock reads a document).
STAGE_SECONDS: Counter[str] = Counter()


class _Stage:
    __slots__ = ("name", "t0")

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        STAGE_SECONDS[self.name] += time.perf_counter() - self.t0


def analyse(text: str, doc_id: str = "doc", published: PartialDate | str | None = None,
            default_currency: str = "CNY", resources: Resources | None = None) -> tuple[AnalysedText, Converted]:
    """Convert and segment one document; the extractors all read the returned AnalysedText
    (``resources``: the run's, by default those of a run without user files)."""
    resources = resources or resources_for()
    if isinstance(published, str):
        published = PartialDate.parse(published)
    with _Stage("convert"):
        converted = convert(text)
    with _Stage("sentences"):
        sentences = split_sentences(converted.analysis)
    with _Stage("segment"):
        tokens = segment(converted.analysis, resources.tokenizer)
    analysed = AnalysedText(
        doc_id=doc_id,
        text=converted.analysis,
        simplified=converted.simplified,
        sentences=sentences,
        tokens=tokens,
        published=published,
        default_currency=default_currency,
        resources=resources,
    )
    return analysed, converted


def error_record(err: InputError) -> ErrorRecord:
    from .reader import printable  # every field escaped: an error record must always be writable

    return ErrorRecord(source=printable(err.source), line=err.line,
                       doc_id=printable(err.doc_id) if err.doc_id else err.doc_id, error=printable(err.error))


def process_document(doc: InputDocument, config: RunConfig | None = None,
                     resources: Resources | None = None) -> list[Any]:
    """All records of one document: its ``document`` record first, or a single ``error`` record.

    ``config.published`` and ``config.currency`` are run-wide defaults; the document's own
    values win. ``resources`` are the run's (by default ``resources_for(config)``, once per
    process). Any failure inside the pipeline becomes an error record for this document alone.
    """
    config = config or _DEFAULT_CONFIG
    resources = resources or resources_for(config)
    try:
        with _collector_paused():
            return _process(doc, doc.published or config.published, doc.currency or config.currency or "CNY",
                            resources)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a run
        return [ErrorRecord(source=doc.source, line=doc.line, doc_id=doc.doc_id,
                            error=f"internal error while processing the document: {type(exc).__name__}: {exc}")]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one document.

    A document allocates an object per token and mention (300,000 tokens in 500,000
    characters) and keeps most of them until it is done, so the collector's passes over the
    young objects find nothing to free and grow with the document: 0.25 s of 3.7 s at 500,000
    characters. The stages make no reference cycles (tests/test_pipeline_properties.py checks
    it), so reference counting frees everything in time (peak memory at 1.7M characters:
    568 MB either way); the collector resumes between documents.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _process(doc: InputDocument, published: str | None, currency: str, resources: Resources) -> list[Any]:
    analysed, converted = analyse(doc.text, doc.doc_id, published, currency, resources)
    with _Stage("dates"):
        date_mentions = dates.find_dates(analysed)
    with _Stage("money"):
        money_mentions = money.find_money(analysed)
    with _Stage("organisations"):
        org_mentions = orgs.find_organisations(analysed)
    with _Stage("events"):
        event_mentions = events.find_events(analysed, date_mentions, money_mentions, org_mentions)

    with _Stage("validate"):
        records = _RecordBuilder(doc, analysed, converted).build(
            date_mentions, money_mentions, org_mentions, event_mentions)
    counts = Counter(r.type for r in records)
    document = DocumentRecord(
        doc_id=doc.doc_id,
        source=doc.source if doc.line is None else f"{doc.source}:{doc.line}",
        chars=len(doc.text),
        sha256=hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        published=published,
        counts={t: counts.get(t, 0) for t in RECORD_TYPES},
    )
    return [document, *records]


class _RecordBuilder:
    """Maps mentions back to the original text and builds validated records with stable ids."""

    def __init__(self, doc: InputDocument, analysed: AnalysedText, converted: Converted):
        self.doc = doc
        self.analysed = analysed
        self.converted = converted
        self.ids: dict[int, str] = {}   # id(mention) → record id, for anchors and event refs

    def build(self, date_mentions, money_mentions, org_mentions, event_mentions) -> list[Any]:
        """Validated records: mentions in text order, then events (which refer to them)."""
        try:
            records: list[Any] = [*self.dates(date_mentions), *self.money(money_mentions),
                                  *self.organisations(org_mentions)]
            records.sort(key=lambda r: (r.start, r.end, r.type))
            return records + self.events(event_mentions)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise RuntimeError(f"a record failed validation: {first['loc']}: {first['msg']}") from None

    def _span(self, kind: str, m: Mention) -> dict[str, Any]:
        start, end = self.converted.offsets.to_original(m.start, m.end)
        record_id = f"{self.doc.doc_id}/{kind}/{start}-{end}"
        self.ids[id(m)] = record_id
        return {
            "id": record_id,
            "doc_id": self.doc.doc_id,
            "start": start,
            "end": end,
            "text": self.doc.text[start:end],
            "simplified": self.converted.simplified[m.start:m.end],
            "sentence": self.analysed.sentence_at(m.start).index,
            "rule": m.rule,
        }

    def dates(self, mentions: list[Mention]) -> list[DateRecord]:
        fields = [self._span("date", m) for m in mentions]
        out = []
        for m, base in zip(mentions, fields):
            anchor = None
            if m.anchor_published:
                anchor = "published"
            elif m.anchor_index is not None:
                anchor = fields[m.anchor_index]["id"]
            out.append(DateRecord(**base, **m.values, anchor=anchor))
        return out

    def money(self, mentions: list[Mention]) -> list[MoneyRecord]:
        return [MoneyRecord(**self._span("money", m), **m.values) for m in mentions]

    def organisations(self, mentions: list[Mention]) -> list[OrganisationRecord]:
        entities: dict[str, str] = {}
        out = []
        for m in mentions:
            canonical = m.values["canonical"]
            entity = entities.setdefault(canonical, f"{self.doc.doc_id}/entity/{len(entities) + 1}")
            out.append(OrganisationRecord(**self._span("organisation", m), entity=entity, **m.values))
        return out

    def events(self, mentions: list[EventMention]) -> list[EventRecord]:
        out = []
        text = self.doc.text
        for n, ev in enumerate(sorted(mentions, key=lambda e: (e.trigger_start, e.event_type)), start=1):
            t0, t1 = self.converted.offsets.to_original(ev.trigger_start, ev.trigger_end)
            s0, s1 = self.converted.offsets.to_original(ev.sentence.start, ev.sentence.end)
            arguments = []
            for arg in ev.arguments:
                a0, a1 = self.converted.offsets.to_original(arg.start, arg.end)
                ref = self.ids.get(id(arg.mention)) if arg.mention is not None else None
                argument = {"role": arg.role, "text": text[a0:a1], "start": a0, "end": a1, "ref": ref}
                if arg.value is not None:
                    argument["value"] = arg.value
                arguments.append(argument)
            out.append(EventRecord(
                id=f"{self.doc.doc_id}/event/{n}",
                doc_id=self.doc.doc_id,
                event_type=ev.event_type,
                trigger={"text": text[t0:t1], "start": t0, "end": t1},
                arguments=arguments,
                date=self.ids.get(id(ev.date)) if ev.date is not None else None,
                evidence={"start": s0, "end": s1},
                sentence=ev.sentence.index,
                rule=ev.rule,
                status=ev.status,
            ))
        return out
