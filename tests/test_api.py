"""The Python API gives the records ``extract run`` writes, for one text or a stream of them."""
import json

import pytest

import extract
from extract.config import RunConfig

from .cli_helpers import run_cli
from .conftest import ROOT


def test_process_text_equals_the_command_line_on_the_sample(tmp_path):
    out = tmp_path / "cli.jsonl"
    code, _, err = run_cli("run", "raw/", "-o", out)
    assert code == 0, err
    [txt] = sorted((ROOT / "raw").glob("*.txt"))
    published = json.loads(txt.with_name(txt.stem + ".meta.json").read_text(encoding="utf-8"))["published"]
    records = extract.process_text(txt.read_text(encoding="utf-8"), doc_id=txt.stem, published=published,
                                   source=f"raw/{txt.name}")
    assert extract.to_jsonl(records) == out.read_text(encoding="utf-8")
    assert records[0].type == "document" and records[0].counts["event"] > 10
    assert {r.type for r in records} == {"document", "date", "money", "organisation", "event"}


def test_process_documents_streams_the_same_records_as_the_snapshot():
    """Every text of the regression snapshot, through the streaming API: the CLI's bytes."""
    texts = [json.loads(line) for line in open(ROOT / "tests" / "snapshots" / "texts.jsonl", encoding="utf-8")]
    docs = [{**t, "source": f"tests/snapshots/texts.jsonl:{n}"} for n, t in enumerate(texts[:300], start=1)]
    wanted: dict[str, list[str]] = {}
    with open(ROOT / "tests" / "snapshots" / "records.jsonl", encoding="utf-8") as fh:
        for line in fh:
            wanted.setdefault(json.loads(line)["doc_id"], []).append(line)
    got = list(extract.process_documents(docs))
    assert len(got) == len(docs)
    for doc, records in zip(docs, got):
        assert extract.to_jsonl(records) == "".join(wanted[doc["id"]]), doc["id"]


def test_records_are_typed_models():
    records = extract.process_text("星河科技于2020年5月完成2亿元B轮融资。", doc_id="a", published="2020-06")
    money = [r for r in records if r.type == "money"]
    assert money[0].amount == 200_000_000 and money[0].currency == "CNY"
    assert money[0].model_dump()["text"] == "2亿元"
    event = [r for r in records if r.type == "event"][0]
    assert event.event_type == "funding" and {a.role for a in event.arguments} >= {"investee", "amount", "round"}


def test_document_values_and_run_configuration():
    text = "該公司去年獲得3,000萬元投資。"
    twd = extract.process_text(text, published="2021", currency="twd")
    assert [r.currency for r in twd if r.type == "money"] == ["TWD"]
    dated = [r for r in twd if r.type == "date"][0]
    assert dated.value == "2020"
    run = RunConfig(published="2019", currency="HKD")
    assert [r.currency for r in extract.process_text(text, config=run) if r.type == "money"] == ["HKD"]
    # the document's own values win over the run's, as in a JSONL line
    assert [r.currency for r in extract.process_text(text, currency="TWD", config=run) if r.type == "money"] == ["TWD"]


def test_bad_input_gives_error_records_and_bad_arguments_raise():
    [err] = extract.process_text("   ", doc_id="blank")
    assert err.type == "error" and "empty" in err.error
    [big] = extract.process_text("字" * 50, config=RunConfig(max_chars=10))
    assert big.type == "error" and "too large" in big.error
    with pytest.raises(ValueError, match="published"):
        extract.process_text("文字", published="yesterday")
    with pytest.raises(ValueError, match="ISO 4217"):
        extract.process_text("文字", currency="dollars")


def test_streaming_forms_and_duplicate_ids():
    out = list(extract.process_documents(["第一篇。", ("b", "第二篇。"), {"id": "b", "text": "又是b。"}]))
    assert [recs[0].doc_id for recs in out] == ["doc1", "b", "b"]
    assert [recs[0].type for recs in out] == ["document", "document", "error"]
    with pytest.raises(TypeError, match="document 1"):
        list(extract.process_documents([42]))
