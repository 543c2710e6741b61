"""The bad-input battery, through the real command line: every document is accounted for, every
problem is one line on standard error and one error record, and the rest is processed."""
import json
import os
import random

import pytest

from .cli_helpers import assert_accounted, read_records, run_cli

TRAD_NEWS = ("商湯科技於2014年10月在香港成立。2016年4月，StarVC投資千萬美元，成為A輪唯一投資人。"
             "去年5月底，商湯再獲6.2億美元C+輪融資，投資方包括高通。\n")
SIMP_NEWS = ("商汤科技于2014年10月在香港成立。2016年4月，StarVC投资千万美元，成为A轮唯一投资人。"
             "去年5月底，商汤再获6.2亿美元C+轮融资，投资方包括高通。\n")


def _write_battery(folder):
    """name → (bytes, expected outcome: 'document' or an error substring)."""
    rng = random.Random(7)
    cases = {
        "a_empty.txt": (b"", "empty document"),
        "b_whitespace.txt": (b" \n\t\r\n   ", "empty document"),
        "c_png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000)),
                      "binary"),
        "d_random.txt": (bytes(rng.randrange(128, 256) for _ in range(3000)), "re-encode it as UTF-8"),
        "e_utf8_bom.txt": (b"\xef\xbb\xbf" + TRAD_NEWS.encode("utf-8"), "document"),
        "f_big5_trad.txt": (TRAD_NEWS.encode("big5"), "document"),
        "g_gb18030_simp.txt": (SIMP_NEWS.encode("gb18030"), "document"),
        "h_gb18030_trad.txt": (TRAD_NEWS.encode("gb18030"), "document"),
        "i_utf16_bom.txt": (TRAD_NEWS.encode("utf-16"), "document"),
        "j_bad_utf8_middle.txt": (TRAD_NEWS.encode("utf-8") * 3 + b"\xff\xfe" + TRAD_NEWS.encode("utf-8"),
                                  "not valid UTF-8"),
        "k_controls.txt": (("商湯\x00科技\x01於2014年\x07成立。" * 3).encode("utf-8"), "binary"),
        "k_stray_nul.txt": ((TRAD_NEWS * 3).replace("。", "。\x00", 1).encode("utf-8"), "document"),
        "l_astral.txt": ("😀𠀀2014年10月😀商湯科技𠀋成立，融資1.2億美元𩸽。".encode("utf-8"), "document"),
        "m_punctuation.txt": (("！" * 20000 + "。，、" * 20000 + "……" * 10000).encode("utf-8"), "document"),
        "n_digits_nian.txt": (("2014年" * 50000 + "9" * 200000 + "年" * 100000).encode("utf-8"), "document"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    jsonl_lines = [
        json.dumps({"id": "ok", "text": SIMP_NEWS}, ensure_ascii=False),
        "{broken json",
        "42",
        json.dumps({"id": "no_text"}),
        json.dumps({"id": "list_text", "text": ["a"]}),
        json.dumps({"id": "bad_published", "text": SIMP_NEWS, "published": "yesterday"}, ensure_ascii=False),
        json.dumps({"id": "ok", "text": TRAD_NEWS}, ensure_ascii=False),
    ]
    (folder / "z_docs.jsonl").write_text("\n".join(jsonl_lines) + "\n", encoding="utf-8")
    (folder / "y_loop.txt").symlink_to(folder / "y_loop.txt")
    unreadable = folder / "x_unreadable.txt"
    unreadable.write_text(TRAD_NEWS, encoding="utf-8")
    unreadable.chmod(0)
    return {name.rsplit(".", 1)[0]: expected for name, (_, expected) in cases.items()}


def test_battery(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _write_battery(folder)
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", folder, "-o", out, "--published", "2019")
    assert code == 1
    assert "Traceback" not in err
    records = read_records(out)
    outcome = {}
    for r in records:
        if r["type"] == "document":
            outcome[r["doc_id"]] = "document"
        elif r["type"] == "error":
            outcome.setdefault(r.get("doc_id") or f"{r['source']}:{r.get('line')}", r["error"])
    for doc_id, want in expected.items():
        got = outcome.get(doc_id)
        assert got is not None, doc_id
        assert (got == "document") if want == "document" else (want in got), (doc_id, got)
    # The JSONL file: two good documents would be one, as the second "ok" is a duplicate.
    assert outcome["ok"] == "document"
    jsonl = str(folder / "z_docs.jsonl")
    for line, text in [(2, "malformed JSON"), (3, "not an object")]:
        assert text in outcome[f"{jsonl}:{line}"]
    assert "missing" in outcome["no_text"] and "not a string" in outcome["list_text"]
    assert "published" in outcome["bad_published"]
    errors = [r for r in records if r["type"] == "error"]
    assert any("duplicate document id 'ok'" in r["error"] for r in errors)
    assert any("link" in r["error"] for r in errors)
    if os.geteuid() != 0:  # root reads files whatever their mode
        assert any("x_unreadable" in r["source"] and "cannot read" in r["error"] for r in errors)
    # Accounting: one line on stderr per error record, and read = processed + errors.
    problem_lines = [line for line in err.splitlines() if "documents read" not in line]
    assert len(problem_lines) == len(errors)
    documents_read = sum(1 for r in records if r["type"] in ("document", "error"))
    assert f"{documents_read} documents read = " in err
    assert_accounted(records, documents_read)
    # Spans next to astral-plane characters still index the decoded text exactly.
    astral = (folder / "l_astral.txt").read_text(encoding="utf-8")
    spans = [r for r in records if r.get("doc_id") == "l_astral" and "start" in r]
    assert spans and all(astral[r["start"]:r["end"]] == r["text"] for r in spans)
    big5 = TRAD_NEWS
    for r in records:
        if r.get("doc_id") == "f_big5_trad" and "start" in r:
            assert big5[r["start"]:r["end"]] == r["text"]


def test_document_over_the_size_limit_is_an_error_not_a_crash(tmp_path):
    docs = tmp_path / "in"  # the output may not be inside an input folder
    docs.mkdir()
    huge = docs / "huge.txt"
    with open(huge, "w", encoding="utf-8") as fh:  # 20 MB on one line
        fh.write(("abc2014年" * 400_000) * 5)
    (docs / "small.txt").write_text(SIMP_NEWS, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", docs, "-o", out)
    assert code == 1
    records = read_records(out)
    assert [r["type"] for r in records if r["type"] in ("document", "error")] == ["error", "document"]
    assert "too large" in records[0]["error"] and "--max-chars" in records[0]["error"]


@pytest.mark.parametrize("published", ["2019", None])
def test_stdin_garbage_is_an_error_record(published):
    args = ["run", "-", "-o", "-"] + (["--published", published] if published else [])
    code, out, err = run_cli(*args, stdin=b"\x00\x01\x02\x89PNG")
    assert code == 1
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["type"] == "error" and record["source"] == "-"
    assert err.count("\n") == 2  # the problem and the summary
