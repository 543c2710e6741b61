"""Accuracy on the gold documents may only go up: each figure at or above its floor.

Floors live in tests/floors.json: measured figures rounded down. Raise them when the extractors
improve; never lower one to make a change pass.
"""
import json
from functools import lru_cache

import pytest

from extract.reader import InputDocument
from extract.pipeline import process_document
from extract.scoring import evaluate, load_event_scope, load_gold, load_manifest

from .conftest import ROOT

MANIFEST = ROOT / "tests" / "gold" / "manifest.json"
FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _predictions() -> dict:
    out = {}
    for entry in load_manifest(MANIFEST):
        text = (ROOT / entry["text"]).read_text(encoding="utf-8")
        doc = InputDocument(entry["doc_id"], text, entry["text"], entry.get("published"))
        records = process_document(doc)
        assert records[0].type == "document", records[0]
        out[entry["doc_id"]] = [r.model_dump(mode="json") for r in records[1:]]
    return out


@lru_cache(maxsize=None)
def _figures(doc_id: str) -> dict:
    gold = load_gold(MANIFEST)
    return evaluate({doc_id: gold[doc_id]}, {doc_id: _predictions()[doc_id]}, load_event_scope(MANIFEST)).figures()


CASES = [(doc, name, floor) for doc, floors in sorted(FLOORS.items()) for name, floor in sorted(floors.items())]


@pytest.mark.parametrize("doc_id,figure,floor", CASES, ids=[f"{d}:{n}" for d, n, _ in CASES])
def test_figure_at_or_above_floor(doc_id, figure, floor):
    measured = _figures(doc_id)[figure]
    assert measured >= floor, f"{doc_id} {figure} = {measured:.4f} fell below its floor {floor}"
