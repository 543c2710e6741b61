"""The command line end to end: run, schema, eval, exit status, determinism, --jobs."""
import json
import shutil

from extract.schemas.records import RECORD_ADAPTER

from .cli_helpers import assert_accounted, read_records, run_cli
from .conftest import ROOT

SAMPLE = ROOT / "raw" / "000_9172d1ec0378535b.txt"


def test_run_over_raw_writes_validated_records(tmp_path):
    out = tmp_path / "records.jsonl"
    code, _, err = run_cli("run", "raw/", "-o", out)
    assert code == 0, err
    records = read_records(out)
    assert records[0]["type"] == "document" and records[0]["doc_id"] == "000_9172d1ec0378535b"
    assert records[0]["published"] == "2019"  # from the sidecar
    original = SAMPLE.read_text(encoding="utf-8")
    for rec in records:
        RECORD_ADAPTER.validate_python(rec)
        if "start" in rec:
            assert original[rec["start"]:rec["end"]] == rec["text"]
    counts = records[0]["counts"]
    assert sum(counts.values()) == len(records) - 1
    assert counts["date"] > 0 and counts["money"] > 0 and counts["organisation"] > 0
    ids = [r["id"] for r in records if "id" in r]
    assert len(ids) == len(set(ids))
    assert "1 documents read = 1 processed + 0 errors" in err
    assert "Traceback" not in err


def test_same_input_gives_byte_identical_output(tmp_path):
    run_cli("run", SAMPLE, "-o", tmp_path / "a.jsonl")
    run_cli("run", SAMPLE, "-o", tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_jobs_two_is_byte_identical_to_one(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("tw_hk_news", "cn_funding_news"):
        shutil.copy(ROOT / "tests" / "gold" / "docs" / f"{name}.txt", docs / f"{name}.txt")
    shutil.copy(SAMPLE, docs / "sample.txt")
    lines = [json.dumps({"id": f"j{i}", "text": SAMPLE.read_text(encoding="utf-8")[i * 300:(i + 1) * 300]},
                        ensure_ascii=False) for i in range(6)]
    (docs / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli("run", docs, "-o", tmp_path / "j1.jsonl", "--jobs", "1")[0] == 0
    assert run_cli("run", docs, "-o", tmp_path / "j2.jsonl", "--jobs", "2")[0] == 0
    assert (tmp_path / "j1.jsonl").read_bytes() == (tmp_path / "j2.jsonl").read_bytes()
    assert_accounted(read_records(tmp_path / "j1.jsonl"), 9)


def test_stdin_to_stdout():
    code, out, err = run_cli("run", "-", "-o", "-", "--published", "2019",
                             stdin="商湯科技去年獲得軟銀中國10億美元投資。".encode("utf-8"))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["type"] == "document" and records[0]["doc_id"] == "stdin"
    dates = [r for r in records if r["type"] == "date"]
    assert dates and dates[0]["value"] == "2018" and dates[0]["anchor"] == "published"


def test_some_bad_documents_exit_one_and_the_rest_are_processed(tmp_path):
    docs = tmp_path / "in"  # the output may not be inside an input folder
    docs.mkdir()
    (docs / "good.txt").write_text("2014年10月，商湯科技成立。", encoding="utf-8")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", docs, "-o", out)
    assert code == 1
    lines = [line for line in err.splitlines() if not line.startswith("extract: 2 documents read")]
    assert lines == [f"extract: {docs / 'empty.txt'}: empty document (no text)"]
    records = read_records(out)
    assert [r["type"] for r in records if r["type"] in ("document", "error")] == ["error", "document"]


def test_usage_errors_exit_two_with_one_line(tmp_path):
    for args in (["run", "raw/", "--published", "2019-13-01"], ["run"], ["frobnicate"],
                 ["run", "raw/", "--user-dict", tmp_path / "missing.txt"], ["run", "raw/", "--jobs", "0"],
                 ["run", "raw/", "--currency", "dollars"]):
        code, out, err = run_cli(*args, "-o", tmp_path / "x.jsonl") if args[0] == "run" and len(args) > 1 \
            else run_cli(*args)
        assert code == 2, args
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) <= 2, err  # argparse may add its usage line
    assert not (tmp_path / "x.jsonl").exists()


def test_schema_command_writes_the_checked_in_files(tmp_path):
    code, _, err = run_cli("schema", "--out", tmp_path)
    assert code == 0, err
    for path in (ROOT / "schemas").glob("*.schema.json"):
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_eval_command_prints_a_table_and_json(tmp_path):
    pred = tmp_path / "pred.jsonl"
    assert run_cli("run", SAMPLE, "-o", pred)[0] == 0
    code, out, err = run_cli("eval", "tests/gold/manifest.json", pred, "--doc", "000_9172d1ec0378535b")
    assert code == 0, err
    assert "overlap" in out and "coref" in out and "arguments" in out
    code, out, _ = run_cli("eval", "tests/gold/manifest.json", pred, "--doc", "000_9172d1ec0378535b", "--json")
    figures = json.loads(out)
    assert 0 < figures["date"]["overlap"]["f1"] <= 1


def test_split_writes_one_file_per_record_type(tmp_path):
    out = tmp_path / "records.jsonl"
    code, _, err = run_cli("run", SAMPLE, "-o", out, "--split", "--format", "jsonl")
    assert code == 0, err
    everything = read_records(out)
    for kind in ("document", "error", "date", "money", "organisation", "event"):
        part = read_records(tmp_path / f"records.{kind}.jsonl")
        assert part == [r for r in everything if r["type"] == kind]
    assert run_cli("run", SAMPLE, "-o", "-", "--split")[0] == 2
