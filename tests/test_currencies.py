"""ISO 4217 validation of --currency and of a document's own currency (JSONL line, sidecar)."""
from __future__ import annotations

import json

import pytest

from extract.currencies import iso_codes, normalise_currency
from extract.reader import InputDocument, InputError, iter_inputs, read_jsonl_lines

from .cli_helpers import read_records, run_cli


def test_the_code_list_holds_every_currency_the_money_lexicon_produces():
    lexicon = json.loads(open("extract/data/money_words.json", encoding="utf-8").read())
    produced = set()
    for key, table in lexicon.items():
        if isinstance(table, dict):
            produced.update(v for k, v in table.items() if not k.startswith("_") and isinstance(v, str)
                            and len(v) == 3 and v.isupper())
    assert {"CNY", "USD", "HKD", "TWD", "GBP", "EUR", "JPY"} <= produced
    assert produced <= set(iso_codes())
    assert len(iso_codes()) > 150


@pytest.mark.parametrize("given, code", [("TWD", "TWD"), ("usd", "USD"), (" hkd ", "HKD"), ("Eur", "EUR")])
def test_any_letter_case_is_accepted_and_upper_cased(given, code):
    assert normalise_currency(given) == code


@pytest.mark.parametrize("given, says", [("RMB", "CNY"), ("NTD", "TWD"), ("NT$", "TWD"), ("ABC", "ISO 4217"),
                                         ("dollars", "ISO 4217"), ("", "ISO 4217"), (840, "a string"),
                                         (None, "a string")])
def test_non_codes_are_refused_with_a_message(given, says):
    with pytest.raises(ValueError, match="ISO 4217") as info:
        normalise_currency(given)
    assert says in str(info.value)


def test_jsonl_currency_is_validated_per_line():
    lines = [json.dumps(obj, ensure_ascii=False).encode() for obj in (
        {"id": "a", "text": "获得5000万元融资。", "currency": "twd"},
        {"id": "b", "text": "获得5000万元融资。", "currency": "RMB"},
        {"id": "c", "text": "获得5000万元融资。", "currency": ["USD"]},
        {"id": "d", "text": "获得5000万元融资。", "currency": None},
    )]
    a, b, c, d = read_jsonl_lines(lines, "x.jsonl", "x")
    assert isinstance(a, InputDocument) and a.currency == "TWD"
    assert isinstance(b, InputError) and b.line == 2 and b.doc_id == "b" and "CNY" in b.error
    assert isinstance(c, InputError) and c.line == 3 and "ISO 4217" in c.error
    assert isinstance(d, InputDocument) and d.currency is None


def test_sidecar_currency_is_validated(tmp_path):
    (tmp_path / "tw.txt").write_text("公司獲得800萬元融資。", encoding="utf-8")
    (tmp_path / "tw.meta.json").write_text('{"currency": "twd"}', encoding="utf-8")
    (tmp_path / "bad.txt").write_text("公司獲得800萬元融資。", encoding="utf-8")
    (tmp_path / "bad.meta.json").write_text('{"currency": "NT"}', encoding="utf-8")
    bad, tw = iter_inputs([str(tmp_path)])
    assert isinstance(bad, InputError) and bad.doc_id == "bad" and bad.error.startswith("sidecar: currency")
    assert isinstance(tw, InputDocument) and tw.currency == "TWD"


def test_cli_currency_errors_are_usage_errors_and_document_errors_are_records(tmp_path):
    status, _, err = run_cli("run", "raw/", "--currency", "rmb", "-o", tmp_path / "x.jsonl")
    assert status == 2 and "--currency 'rmb' is not an ISO 4217" in err and "CNY" in err
    assert "Traceback" not in err
    data = "\n".join(json.dumps(o, ensure_ascii=False) for o in (
        {"id": "ok", "text": "公司獲得800萬元融資。", "currency": "twd"},
        {"id": "bad", "text": "公司獲得800萬元融資。", "currency": "usd$"}))
    status, _, err = run_cli("run", "-", "-o", tmp_path / "out.jsonl", "--currency", "hkd",
                             stdin=data.encode("utf-8"))
    assert status == 1 and "Traceback" not in err and "internal error" not in err
    records = read_records(tmp_path / "out.jsonl")
    money = [r for r in records if r["type"] == "money"]
    assert [m["currency"] for m in money] == ["TWD"]
    (error,) = [r for r in records if r["type"] == "error"]
    assert error["doc_id"] == "bad" and error["line"] == 2 and "ISO 4217" in error["error"]
