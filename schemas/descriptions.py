"""Descriptions written into the exported JSON Schemas, each linking the field's place in the
output contract (``docs/records.md``). Kept apart from the models so that the models stay a
plain statement of types and checks; :func:`describe` adds them to a generated schema."""
from __future__ import annotations

from typing import Any

DOC = "docs/records.md"

_MENTION = {
    "type": "The record type.",
    "id": "Deterministic id, unique in the output: DOC/KIND/START-END.",
    "doc_id": "The document's id.",
    "start": "Start offset (code points) into the original text.",
    "end": "End offset (exclusive) into the original text.",
    "text": "original[start:end].",
    "simplified": "The same span in simplified Chinese.",
    "sentence": "0-based index of the sentence that holds it.",
    "rule": "The rule or lexicon entry that produced it (provenance).",
}

# model (class) name → (anchor in docs/records.md, model description, field descriptions)
DESCRIPTIONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "DateRecord": ("date", "A date expression and its normalised value.", {
        **_MENTION,
        "value": "TIMEX3 value (1958, 2014-03, 199, 2016-H1, 2017-SU) or an ISO 8601 interval; null if unresolved.",
        "mod": "TIMEX3 modifier: START, MID, END, APPROX, BEFORE, AFTER, ON_OR_AFTER, LESS_THAN, MORE_THAN.",
        "earliest": "First day (YYYY-MM-DD) of the expression before mod; null if unresolved.",
        "latest": "Last day (YYYY-MM-DD) of the expression before mod; null if unresolved.",
        "granularity": "day, month, quarter, half, season, year, decade or century.",
        "relative": "True when the expression needs an anchor (去年, 同年, 半年後).",
        "anchor": "Id of the date record it was resolved against, or \"published\"; null if unresolved.",
    }),
    "MoneyRecord": ("money", "An amount of money with a currency.", {
        **_MENTION,
        "amount": "The amount stated, in units of the currency; null for an order of magnitude (數千萬).",
        "min": "Inclusive lower bound; null when unbounded below.",
        "max": "Inclusive upper bound; null when unbounded above.",
        "currency": "ISO 4217 code; a bare 元 is the document's currency (default CNY).",
        "mod": "APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE or EQUAL_OR_LESS.",
        "per": "The unit of a price per unit (share, tonne, person …), else null: the project's field.",
    }),
    "OrganisationRecord": ("organisation", "A mention of a named organisation.", {
        **_MENTION,
        "canonical": "One simplified-Chinese name shared by every mention of the organisation in the document.",
        "entity": "Id shared by all mentions of the organisation in the document (DOC/entity/N).",
        "org_type": "company, investor, university, research, government or other.",
    }),
    "EventRecord": ("event", "An event, its trigger, its role fillers and its sentence.", {
        "type": "The record type.",
        "id": "DOC/event/N, in order of the trigger.",
        "doc_id": "The document's id.",
        "event_type": "One of the event types of the contract.",
        "trigger": "The word that states the event.",
        "arguments": "Role fillers: role, text, offsets, and ref (the filling record's id, or null).",
        "date": "Id of the event's date record, or null.",
        "evidence": "Offsets of the sentence that states the event.",
        "sentence": "0-based index of that sentence.",
        "rule": "The rule that produced it (provenance).",
        "status": "actual, or planned for an intention or announced plan (擬收購, 計劃籌集).",
    }),
    "DocumentRecord": ("document", "One per input document, before its other records.", {
        "type": "The record type.",
        "doc_id": "The document's id.",
        "source": "Where it was read: a path as given, FILE.jsonl:LINE, or -.",
        "chars": "Length of the original text in code points.",
        "sha256": "SHA-256 of the original text (UTF-8).",
        "published": "The reference date used for 去年/今年 (YYYY[-MM[-DD]]), or null.",
        "counts": "Number of records written for the document, by type.",
    }),
    "ErrorRecord": ("error", "An input that could not be processed, and why.", {
        "type": "The record type.",
        "source": "The input file, or -.",
        "line": "The JSONL line, where it applies.",
        "doc_id": "The document's id, if known.",
        "error": "What is wrong, in words a person can act on.",
    }),
    "Argument": ("event", "One role filler of an event.", {
        "role": "The role, one of the event type's roles.",
        "text": "original[start:end].",
        "start": "Start offset into the original text.",
        "end": "End offset (exclusive) into the original text.",
        "ref": "Id of the date, money or organisation record filling the role, or null for text.",
        "value": "For share counts and percentages: the number (1200萬股 → 12000000; 5.01% → 0.0501).",
    }),
    "TriggerSpan": ("event", "The word that states an event.", {
        "text": "original[start:end].",
        "start": "Start offset into the original text.",
        "end": "End offset (exclusive) into the original text.",
    }),
    "Evidence": ("event", "The sentence that states an event.", {
        "start": "Start offset of the sentence in the original text.",
        "end": "End offset (exclusive) of the sentence in the original text.",
    }),
}


def _describe_model(schema: dict[str, Any]) -> None:
    entry = DESCRIPTIONS.get(schema.get("title", ""))
    if entry is None:
        return
    anchor, model_text, fields = entry
    schema["description"] = f"{model_text} See {DOC}#{anchor}."
    for name, prop in schema.get("properties", {}).items():
        if name in fields:
            prop["description"] = f"{fields[name]} See {DOC}#{anchor}."


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with descriptions on its models (itself and its ``$defs``), in place."""
    _describe_model(schema)
    for sub in schema.get("$defs", {}).values():
        _describe_model(sub)
    if "oneOf" in schema and "title" not in schema:
        schema["description"] = f"Any record of zh-extract's output; see {DOC}."
    return schema
