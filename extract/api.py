"""The Python API: the records of a text, or of a stream of documents, as ``extract run`` writes them.

>>> import extract
>>> records = extract.process_text("商汤科技于2014年在香港成立。", doc_id="st", published="2019")
>>> [r.type for r in records]
['document', 'organisation', 'date', 'event']

Records are the validated Pydantic models of ``extract.schemas`` (``r.type``, ``r.text``,
``r.model_dump()``); :func:`to_jsonl` gives the exact JSON Lines bytes the command line writes.
Both functions run the same ``process_document`` as every runner, on a :class:`RunConfig` and
the process's :class:`Resources` for it (built on the first call, then reused).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Iterator, Mapping

from .config import RunConfig
from .pipeline import error_record, process_document
from .reader import InputDocument, InputError, duplicate_error, size_error
from .resources import Resources, resources_for

__all__ = ["RunConfig", "Resources", "process_documents", "process_text", "to_jsonl"]


def process_text(text: str, *, doc_id: str = "doc", published: str | None = None,
                 currency: str | None = None, source: str = "-",
                 config: RunConfig | None = None) -> list[Any]:
    """The records of one text: its ``document`` record, then its dates, money, organisations
    and events — or one ``error`` record (an empty or oversized text).

    ``published`` (YYYY[-MM[-DD]]) and ``currency`` (ISO 4217) are the document's own, as in a
    JSONL input line; ``config`` carries the run-wide settings and user files (a bad value or a
    malformed file raises ValueError). ``source`` is what the document record names as its
    origin (``extract run`` writes the path it read).
    """
    doc_config = _with_defaults(config, published, currency)
    return _records(InputDocument(doc_id, text, source), doc_config, resources_for(doc_config))


def process_documents(documents: Iterable[str | Mapping[str, Any] | tuple[str, str]], *,
                      config: RunConfig | None = None) -> Iterator[list[Any]]:
    """The records of each document in turn (one list per document, in input order), loading the
    resources once: the streaming form of :func:`process_text`, for corpora.

    A document is a mapping like a JSONL input line (``{"id", "text", "published"?,
    "currency"?}``), an ``(id, text)`` pair, or a bare string (id ``doc1``, ``doc2`` … by
    position). A repeated id gives an error record, as in ``extract run``.
    """
    config = config or RunConfig()
    resources = resources_for(config)
    seen: set[str] = set()
    for n, item in enumerate(documents, start=1):
        doc = _document(item, n)
        if doc.doc_id in seen:
            yield [error_record(duplicate_error(doc))]
            continue
        seen.add(doc.doc_id)
        yield _records(doc, config, resources)


def to_jsonl(records: Iterable[Any]) -> str:
    """The JSON Lines text of records, byte for byte what ``extract run`` writes for them."""
    from .writer import to_json_line

    return "".join(to_json_line(r) for r in records)


def _with_defaults(config: RunConfig | None, published: str | None, currency: str | None) -> RunConfig:
    config = config or RunConfig()
    if published is None and currency is None:
        return config
    return dataclasses.replace(config, published=published if published is not None else config.published,
                               currency=currency if currency is not None else config.currency)


def _document(item: Any, n: int) -> InputDocument:
    if isinstance(item, str):
        return InputDocument(f"doc{n}", item, "-")
    if isinstance(item, tuple) and len(item) == 2:
        return InputDocument(str(item[0]), item[1], "-")
    if isinstance(item, Mapping):
        published, currency = item.get("published"), item.get("currency")
        checked = RunConfig(published=published, currency=currency)   # ValueError on bad values
        return InputDocument(str(item.get("id", f"doc{n}")), item.get("text"), str(item.get("source", "-")),
                             checked.published, checked.currency)
    raise TypeError(f"document {n}: expected a string, an (id, text) pair or a mapping with 'text', "
                    f"got {type(item).__name__}")


def _records(doc: InputDocument, config: RunConfig, resources: Resources) -> list[Any]:
    if not isinstance(doc.text, str):
        raise TypeError(f"document {doc.doc_id!r}: text must be a string, got {type(doc.text).__name__}")
    if not doc.text.strip():
        return [error_record(InputError(doc.source, "empty document (no text)", doc_id=doc.doc_id))]
    too_large = size_error(doc, config.max_chars)
    if too_large is not None:
        return [error_record(too_large)]
    return process_document(doc, config, resources)
