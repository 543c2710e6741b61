"""The event registry is the one list of event types: dispatch, schema, roles, stats, review page."""
import json
import types

import pytest

from extract import events
from extract.analysis import EventArgument, EventMention, Sentence
from extract.events import registry
from extract.pipeline import analyse

from .conftest import ROOT


def test_every_type_module_exports_its_name_roles_and_one_extractor():
    for t in registry.TYPES:
        assert isinstance(t.EVENT_TYPE, str) and t.EVENT_TYPE, t
        assert t.ROLES and all(isinstance(r, str) for r in t.ROLES), t.EVENT_TYPE
        assert hasattr(t, "extract_sentence") != hasattr(t, "extract_document"), t.EVENT_TYPE
        if hasattr(t, "extract_sentence"):
            lexicon = json.loads((ROOT / "extract" / "data" / t.DATA).read_text(encoding="utf-8"))
            assert lexicon["triggers"], t.DATA
    assert registry.EVENT_TYPES == tuple(t.EVENT_TYPE for t in registry.TYPES)
    assert set(registry.ROLES) == set(registry.EVENT_TYPES)


def test_the_record_schema_and_stats_take_the_registered_types():
    from extract.stats import EVENT_TYPES as stats_types
    schema = json.loads((ROOT / "schemas" / "event.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["event_type"]["enum"]) == registry.EVENT_TYPES
    assert stats_types == registry.EVENT_TYPES


def test_snapshot_events_use_only_their_types_roles():
    """Every argument written for the snapshot inputs has a role its type declares."""
    path = ROOT / "tests" / "snapshots" / "records.jsonl"
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["type"] == "event":
                n += 1
                assert {a["role"] for a in r["arguments"]} <= set(registry.ROLES[r["event_type"]]), r["id"]
    assert n > 100


def test_a_document_level_type_is_merged_in_the_pipelines_order(monkeypatch):
    """A module with extract_document registered in TYPES runs once per document; its events
    join the sentence-level ones sorted by trigger start, then type."""
    text = "星河科技于2020年5月完成2亿元B轮融资。"
    analysed, _ = analyse(text, "doc")
    calls = []

    def extract_document(doc, dates, money, orgs):
        calls.append(doc.doc_id)
        s = doc.sentences[0]
        return [EventMention("award", 0, 2, s, "test:doc-level", [EventArgument("winner", 0, 4)])]

    fake = types.ModuleType("fake_type")
    fake.EVENT_TYPE, fake.ROLES, fake.extract_document = "award", ("winner",), extract_document
    monkeypatch.setattr(registry, "DOCUMENT_TYPES", (fake,))
    found = events.find_events(analysed, [], [], [])
    assert calls == ["doc"]
    assert [(e.event_type, e.rule) for e in found][0] == ("award", "test:doc-level")
    assert [e.trigger_start for e in found] == sorted(e.trigger_start for e in found)
    assert isinstance(found[0].sentence, Sentence)


def test_a_type_module_with_no_extractor_is_refused():


    bad = types.ModuleType("bad_type")
    bad.EVENT_TYPE, bad.ROLES = "bad", ("x",)
    with pytest.raises(TypeError, match="exactly one of"):
        registry.check_types((*registry.TYPES, bad))

