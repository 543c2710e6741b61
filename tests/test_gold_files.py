"""Gold files are consistent with their texts: the check that keeps hand annotation honest."""
import json

import pytest

from extract.events.registry import ROLES
from extract.scoring import load_manifest

from .conftest import ROOT

MANIFEST = ROOT / "tests" / "gold" / "manifest.json"
ENTRIES = load_manifest(MANIFEST)
ALLOWED_ROLES = {t: set(roles) for t, roles in ROLES.items()}   # from the event registry


def _records(entry):
    out = []
    for path in entry["gold"]:
        with open(ROOT / path, encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def _text(entry):
    return (ROOT / entry["text"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["doc_id"] for e in ENTRIES])
def test_every_gold_span_is_the_text_at_its_offsets(entry):
    text = _text(entry)
    records = _records(entry)
    assert records
    for r in records:
        if r["type"] == "event":
            spans = [r["trigger"], *r["arguments"]] + ([r["date"]] if r.get("date") else [])
            for s in spans:
                assert text[s["start"]:s["end"]] == s["text"], (r["id"], s)
            ev = r["evidence"]
            assert 0 <= ev["start"] < ev["end"] <= len(text)
            assert ev["start"] <= r["trigger"]["start"] < ev["end"], r["id"]
        else:
            assert text[r["start"]:r["end"]] == r["text"], r["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["doc_id"] for e in ENTRIES])
def test_ids_unique_and_spans_of_a_type_do_not_overlap(entry):
    records = _records(entry)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for kind in ("date", "money", "organisation"):
        spans = sorted((r["start"], r["end"]) for r in records if r["type"] == kind)
        assert spans, f"no {kind} gold"
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), kind


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["doc_id"] for e in ENTRIES])
def test_values_are_well_formed(entry):
    for r in _records(entry):
        if r["type"] == "date" and r.get("earliest"):
            assert r["earliest"] <= r["latest"], r["id"]
        elif r["type"] == "money":
            assert len(r["currency"]) == 3 and r["currency"].isupper(), r["id"]
            if r["min"] is not None and r["max"] is not None:
                assert r["min"] <= r["max"], r["id"]
        elif r["type"] == "organisation":
            assert r["org_type"] in {"company", "investor", "university", "research", "government", "other"}
        elif r["type"] == "event":
            assert {a["role"] for a in r["arguments"]} <= ALLOWED_ROLES[r["event_type"]], r["id"]


def test_gold_documents_are_substantial():
    for entry in ENTRIES:
        assert len(_text(entry)) >= 1500, entry["doc_id"]
