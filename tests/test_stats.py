"""extract stats: counts of a small hand-made records file."""
from __future__ import annotations

import json

import pytest

from extract.stats import display_width, format_stats, stats

from .test_render import DocBuilder, sensetime, small, write_records


@pytest.fixture
def records(tmp_path):
    undated = DocBuilder("undated", "商湯與本田汽車合作。上月騰訊投資商湯。")
    o1, o2 = undated.org("商湯", "商汤科技"), undated.org("本田汽車", "本田汽车")
    undated.event("partnership", "合作", [("party", "商湯", o1), ("party", "本田汽車", o2)])   # no date
    d = undated.date("上月", None, None, None, "month", relative=True, anchor=None)           # unresolved
    o3, o4 = undated.org("騰訊", "腾讯"), undated.org("商湯", "商汤科技", nth=1)
    undated.event("funding", "投資", [("investor", "騰訊", o3), ("investee", "商湯", o4)], date=d)
    error = {"type": "error", "source": "raw/bad.txt", "line": None, "doc_id": "bad",
             "error": "file is not valid UTF-8 (first bad byte at offset 3)"}
    return write_records(tmp_path / "records.jsonl", sensetime(), small("huawei"), undated, extra=[error])


def test_counts_by_type_and_document(records):
    s = stats(str(records))
    assert s["records"] == 21 + 4 + 8 + 1          # sensetime, huawei, undated, the error
    assert s["by_type"] == {"document": 3, "error": 1, "date": 7, "money": 2, "organisation": 13, "event": 8}
    assert [d["doc_id"] for d in s["documents"]] == ["sensetime", "huawei", "undated"]
    assert s["documents"][0] == {"doc_id": "sensetime", "source": "hand-made.txt", "chars": len(sensetime().text),
                                 "date": 5, "money": 2, "organisation": 8, "event": 5}
    assert s["documents"][2]["organisation"] == 4 and s["documents"][2]["event"] == 2


def test_most_frequent_organisations_by_canonical(records):
    orgs = stats(str(records))["organisations"]
    assert orgs[0] == {"canonical": "商汤科技", "org_type": "company", "mentions": 7, "documents": 2}
    assert orgs[1] == {"canonical": "本田汽车", "org_type": "company", "mentions": 2, "documents": 2}
    # then by name: ties are ordered, so the output is the same on every run
    assert [o["canonical"] for o in orgs[2:]] == ["华为", "腾讯", "阿里巴巴", "鼎晖投资"]


def test_events_by_type_and_year_of_their_date(records):
    s = stats(str(records))
    assert s["events_by_type"] == {"founding": 2, "funding": 3, "partnership": 2, "product_launch": 1}
    assert s["events_by_year"] == {
        "1987": {"founding": 1},
        "2014": {"founding": 1},
        "2017": {"funding": 1},
        "2018": {"funding": 1, "partnership": 1},
        "2019": {"product_launch": 1},
        "undated": {"funding": 1, "partnership": 1},     # no date, and a date that is unresolved
    }


def test_documents_with_errors(records):
    assert stats(str(records))["errors"] == [
        {"source": "raw/bad.txt", "line": None, "doc_id": "bad",
         "error": "file is not valid UTF-8 (first bad byte at offset 3)"}]


def test_the_dict_is_json(records):
    s = stats(str(records))
    assert json.loads(json.dumps(s, ensure_ascii=False)) == s


def test_terminal_tables_line_up_with_chinese_names(records):
    text = format_stats(stats(str(records)))
    for heading in ("Records by type", "Records by document", "Most frequent organisations",
                    "Events by year", "Documents with errors"):
        assert heading in text
    lines = text.splitlines()
    start = lines.index("Most frequent organisations") + 1
    table = lines[start:start + 2 + 6]
    assert "商汤科技" in table[2] and "本田汽车" in table[3]
    # the right-aligned "mentions" column ends at the same display column on every line
    ends = {display_width(line[:line.index(str(n)) + len(str(n))]) for line, n in
            zip(table[2:], [7, 2])}
    header_end = display_width(table[0][:table[0].index("mentions") + len("mentions")])
    assert ends == {header_end}
    assert "raw/bad.txt" in text and "first bad byte" in text
    assert "undated" in text and "total" in text


def test_display_width():
    assert display_width("商汤abc") == 7


def test_empty_and_bad_files(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    s = stats(str(empty))
    assert s["records"] == 0 and s["documents"] == [] and s["events_by_year"] == {}
    assert "(no events)" in format_stats(s)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "document"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: not valid JSON"):
        stats(str(bad))
