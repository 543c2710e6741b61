"""Accuracy on the gold documents may only go up: each figure at or above its floor.

Floors are measured figures rounded down, per way of running: tests/floors.json for the rules
alone (``--org-model none``, the organisation stage before the tagger of issue #15) and
tests/floors_tagger.json for the default run with the shipped organisation tagger. Raise them
when the extractors improve; never lower one to make a change pass.
"""
import json
from functools import lru_cache

import pytest

from extract.config import RunConfig
from extract.reader import InputDocument
from extract.pipeline import process_document
from extract.resources import resources_for
from extract.scoring import evaluate, load_event_scope, load_gold, load_manifest

from .conftest import ROOT

MANIFEST = ROOT / "tests" / "gold" / "manifest.json"
FLOORS = {mode: json.loads((ROOT / "tests" / name).read_text(encoding="utf-8"))
          for mode, name in (("rules", "floors.json"), ("tagger", "floors_tagger.json"))}
CONFIGS = {"rules": RunConfig(org_model="none"), "tagger": RunConfig()}


@lru_cache(maxsize=None)
def _predictions(mode: str) -> dict:
    out = {}
    config = CONFIGS[mode]
    for entry in load_manifest(MANIFEST):
        text = (ROOT / entry["text"]).read_text(encoding="utf-8")
        doc = InputDocument(entry["doc_id"], text, entry["text"], entry.get("published"))
        records = process_document(doc, config, resources_for(config))
        assert records[0].type == "document", records[0]
        out[entry["doc_id"]] = [r.model_dump(mode="json") for r in records[1:]]
    return out


@lru_cache(maxsize=None)
def _figures(mode: str, doc_id: str) -> dict:
    gold = load_gold(MANIFEST)
    return evaluate({doc_id: gold[doc_id]}, {doc_id: _predictions(mode)[doc_id]},
                    load_event_scope(MANIFEST)).figures()


CASES = [(mode, doc, name, floor) for mode, by_doc in sorted(FLOORS.items())
         for doc, floors in sorted(by_doc.items()) for name, floor in sorted(floors.items())]


@pytest.mark.parametrize("mode,doc_id,figure,floor", CASES, ids=[f"{m}:{d}:{n}" for m, d, n, _ in CASES])
def test_figure_at_or_above_floor(mode, doc_id, figure, floor):
    measured = _figures(mode, doc_id)[figure]
    # 1e-9: a figure such as 43/50 computes to 0.8599999…; the floor is two decimals
    assert measured >= floor - 1e-9, f"{mode}: {doc_id} {figure} = {measured:.4f} fell below its floor {floor}"


def test_both_ways_of_running_have_floors_for_every_gold_document():
    docs = {e["doc_id"] for e in load_manifest(MANIFEST)}
    assert set(FLOORS["rules"]) == set(FLOORS["tagger"]) == docs
