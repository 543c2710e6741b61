"""``extract table``: one row per event, role columns, evidence sentences, CSV and Parquet."""
from __future__ import annotations

import csv
import json
import shutil

import pytest

from extract.table import columns, event_roles, event_rows, role_columns, write_table

from .cli_helpers import read_records, run_cli
from .conftest import ROOT

SAMPLE = "000_9172d1ec0378535b"


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("table") / "records.jsonl"
    status, _, err = run_cli("run", "raw/", "-o", out)
    assert status == 0, err
    return out


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_role_columns_cover_the_seventeen_contract_types():
    roles = event_roles()
    assert len(roles) == 17
    assert roles["funding"] == {"investee": "organisation", "investor": "organisation",
                                "lead_investor": "organisation", "round": "text", "amount": "money",
                                "valuation": "money"}
    assert set(roles["pledge"]) == set(roles["pledge_release"])
    cols = role_columns()
    for role in ("investee", "lead_investor", "party", "stock_code", "pledgor", "regulator", "new_company"):
        assert role in cols
    for money_role in ("amount", "valuation", "price", "market_cap", "price_per_share", "debt"):
        assert f"{money_role}_value" in cols and f"{money_role}_currency" in cols
    assert "shares_value" in cols and "share_of_total_value" in cols and "shares_currency" not in cols
    assert "investee_value" not in cols
    assert len(cols) == len(set(cols))
    assert columns()[:4] == ["event_id", "doc_id", "event_type", "status"]


def test_sample_has_a_funding_row_with_investee_and_amount(sample_records, tmp_path):
    out = tmp_path / "events.csv"
    status, _, err = run_cli("table", sample_records, "-o", out)
    assert status == 0, err
    assert (out.read_bytes()[:3] == b"\xef\xbb\xbf")          # BOM, for Excel
    rows = read_csv(out)
    records = read_records(sample_records)
    events = [r for r in records if r["type"] == "event"]
    assert len(rows) == len(events) and f"{len(events)} events" in err
    assert [r["event_id"] for r in rows] == [e["id"] for e in events]
    # 2016年4月,StarVC投資千萬美元,成為商湯科技A輪融資唯一的投資人。 (read in raw/ by hand)
    (row,) = [r for r in rows if r["event_type"] == "funding" and r["date"] == "2016-04"]
    assert row["investee"] == "商汤科技"                       # the canonical name, simplified
    assert row["investor"] == "StarVC"
    assert row["round"] == "A輪"
    assert row["amount"] == "千萬美元"
    assert row["amount_value"] == "10000000" and row["amount_currency"] == "USD"
    assert row["date_earliest"] == "2016-04-01" and row["date_latest"] == "2016-04-30"
    assert row["evidence"] == "2016年4月,StarVC投資千萬美元,成為商湯科技A輪融資唯一的投資人。"
    assert row["evidence_complete"] == "true" and row["status"] == "actual" and row["trigger"] == "投資"


def test_several_fillers_join_and_an_order_of_magnitude_has_no_value(sample_records):
    rows = list(event_rows(str(sample_records)))
    starvc = [r for r in rows if r["event_type"] == "funding" and r["amount"] == "幾千萬美元"]
    assert starvc and starvc[0]["round"] == "A輪；B輪"
    assert starvc[0]["amount_value"] is None and starvc[0]["amount_currency"] == "USD"
    evidence = {r["event_id"]: r["evidence"] for r in rows}
    text = (ROOT / "raw" / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    for ev in (r for r in read_records(sample_records) if r["type"] == "event"):
        assert evidence[ev["id"]] == text[ev["evidence"]["start"]:ev["evidence"]["end"]]


def test_records_moved_away_from_their_sources(sample_records, tmp_path):
    moved = tmp_path / "elsewhere" / "records.jsonl"
    moved.parent.mkdir()
    shutil.copy(sample_records, moved)
    status, _, err = run_cli("table", moved, "-o", tmp_path / "a.csv", cwd=tmp_path)
    assert status == 0 and "evidence_complete false" in err and "--source" in err
    rows = read_csv(tmp_path / "a.csv")
    row = next(r for r in rows if r["date"] == "2016-04" and r["event_type"] == "funding")
    # only the spans the records carry, in order, with … for what is missing
    assert row["evidence_complete"] == "false"
    # (2016年4月,StarVC投資千萬美元,成為商湯科技A輪融資唯一的投資人。: the commas, 成為 and the
    # tail are in no record)
    assert row["evidence"] == "2016年4月…StarVC投資千萬美元…商湯科技A輪…"
    assert row["investee"] == "商汤科技"                        # arguments need no text
    status, _, err = run_cli("table", moved, "-o", tmp_path / "b.csv", "--source", ROOT / "raw", cwd=tmp_path)
    assert status == 0 and "evidence_complete" not in err
    assert all(r["evidence_complete"] == "true" for r in read_csv(tmp_path / "b.csv"))
    status, _, err = run_cli("table", moved, "--source", tmp_path / "nope", cwd=tmp_path)
    assert status == 2 and "is not a folder" in err


def test_a_changed_source_is_not_used(tmp_path):
    doc = tmp_path / "news.txt"
    doc.write_text("2015年，星辰科技完成5000萬美元B輪融資。", encoding="utf-8")
    status, _, _ = run_cli("run", doc, "-o", tmp_path / "r.jsonl")
    assert status == 0
    doc.write_text("2015年，星辰科技完成9000萬美元B輪融資。", encoding="utf-8")   # edited since
    (row,) = event_rows(str(tmp_path / "r.jsonl"))
    assert row["evidence_complete"] is False and "9000" not in row["evidence"]
    assert "5000萬美元" in row["evidence"]


def test_jsonl_sources_and_unknown_roles(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": f"n{i}", "text": t}, ensure_ascii=False) for i, t in enumerate([
        "星辰科技宣布完成2億元C輪融資，由紅杉資本領投。",
        "无关的句子。",
        "2020年3月，北辰集团收购星辰科技，价格为3亿美元。"])) + "\n", encoding="utf-8")
    status, _, err = run_cli("run", corpus, "-o", tmp_path / "r.jsonl")
    assert status == 0, err
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    # a record from a newer contract: a role this table does not know is kept, not dropped
    for n, line in enumerate(lines):
        rec = json.loads(line)
        if rec["type"] == "event" and rec["doc_id"] == "n0":
            rec["arguments"].append({"role": "advisor", "text": "某某", "start": 0, "end": 2, "ref": None})
            lines[n] = json.dumps(rec, ensure_ascii=False)
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = {r["doc_id"]: r for r in event_rows(str(tmp_path / "r.jsonl"))}
    assert rows["n0"]["evidence"] == "星辰科技宣布完成2億元C輪融資，由紅杉資本領投。"
    assert rows["n0"]["amount_value"] == 200000000 and rows["n0"]["amount_currency"] == "CNY"
    assert rows["n0"]["other_roles"] == "advisor=某某"
    assert rows["n2"]["event_type"] == "acquisition" and rows["n2"]["price_value"] == 300000000
    assert rows["n2"]["evidence_complete"] is True and rows["n2"]["date"] == "2020-03"


def test_csv_to_standard_output_and_parquet(sample_records, tmp_path):
    status, out, _ = run_cli("table", sample_records, "-o", "-")
    assert status == 0 and out.splitlines()[0].split(",") == columns()
    pq = pytest.importorskip("pyarrow.parquet")
    n, sparse = write_table(str(sample_records), str(tmp_path / "e.parquet"), "parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == n == 57 and sparse == 0 and table.column_names == columns()
    assert str(table.schema.field("amount_value").type) == "double"
    assert str(table.schema.field("evidence_complete").type) == "bool"


def test_parquet_without_pyarrow_is_a_clear_usage_error(sample_records, tmp_path, monkeypatch):
    import extract.table as table

    monkeypatch.setattr(table, "parquet_available", lambda: False)
    with pytest.raises(ValueError, match=r"pip install 'zh-extract\[parquet\]'"):
        table.write_table(str(sample_records), str(tmp_path / "e.parquet"), "parquet")


def test_the_readme_snippets_load_the_table(sample_records, tmp_path):
    out = tmp_path / "events.csv"
    write_table(str(sample_records), str(out))
    pd = pytest.importorskip("pandas")
    events = pd.read_csv(out, dtype={"date": "string"})
    assert events.columns[0] == "event_id" and len(events) == 57
    funding = events[events.event_type == "funding"]
    assert "商汤科技" in set(funding.investee.dropna())
    duckdb = pytest.importorskip("duckdb")
    got = duckdb.sql(f"SELECT investee, amount_value, amount_currency FROM read_csv('{out}') "
                     "WHERE event_type = 'funding' AND date = '2016-04'").fetchall()
    assert got == [("商汤科技", 10000000, "USD")]


def test_role_kinds_file_names_only_registered_types_and_roles():
    """data/event_roles.json only gives kinds: every type and role it names is in the registry."""
    import json
    from importlib import resources

    from extract.events.registry import ROLES

    raw = json.loads(resources.files("extract").joinpath("data", "event_roles.json").read_text(encoding="utf-8"))
    for etype, roles in raw.items():
        if etype.startswith("_"):
            continue
        assert etype in ROLES, etype
        assert set(roles) <= set(ROLES[etype]), (etype, set(roles) - set(ROLES[etype]))
