"""Small parts of the analyst's workflow: ``--version`` and the warnings of ``eval``."""
from __future__ import annotations

import json
import re

from .cli_helpers import run_cli
from .conftest import ROOT


def test_version_prints_the_package_version():
    status, out, err = run_cli("--version")
    assert status == 0
    text = (out + err).strip()
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert text == f"extract {version.group(1)}"


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _money(doc_id):
    return {"type": "money", "id": f"{doc_id}/money/0-4", "doc_id": doc_id, "start": 0, "end": 4,
            "text": "5万美元", "amount": 50000, "min": 50000, "max": 50000, "currency": "USD", "mod": None}


def test_eval_warns_when_predictions_and_gold_share_no_document(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [_money("a"), _money("b")])
    pred = _write(tmp_path / "pred.jsonl", [_money("x")])
    status, out, err = run_cli("eval", gold, pred)
    assert status == 0
    assert "warning: the predictions share no document with the gold" in err
    assert "a, b" in err and "x" in err
    status, out, err = run_cli("eval", gold, pred, "--json")
    assert "share no document" in err
    json.loads(out)                                      # the JSON on stdout stays clean


def test_eval_notes_gold_documents_without_predictions_and_is_quiet_when_all_match(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [_money("a"), _money("b")])
    status, _, err = run_cli("eval", gold, _write(tmp_path / "pred.jsonl", [_money("a")]))
    assert status == 0 and "no predicted records for 1 of 2 gold documents: b" in err
    status, _, err = run_cli("eval", gold, _write(tmp_path / "all.jsonl", [_money("a"), _money("b")]))
    assert status == 0 and "warning" not in err
