"""The review page's corpus parts: search form, events table of all documents, legend, index
first lines, and finding the texts when the records were written elsewhere (checked as HTML;
tests/test_render_search_browser.py runs them in Chromium)."""
from __future__ import annotations

import shutil

from extract.render import render

from .cli_helpers import run_cli
from .test_render import DocBuilder, parse, render_page, sensetime, small, write_records


def all_rows(parser):
    return [e for e in parser.elements if e.tag == "tr" and "allrow" in e.attrs.get("class", "").split()]


def test_one_corpus_table_row_per_event_linking_to_its_sentence(tmp_path):
    builders = [sensetime(), small("huawei"), small("tencent", "騰訊", "腾讯", 1998)]
    page, _ = render_page(tmp_path, *builders)
    parser = parse(page)
    by_id = {e.attrs["id"]: e for e in parser.elements if "id" in e.attrs}
    rows = all_rows(parser)
    events = [(b, ev) for b in builders for ev in b.events]
    assert len(rows) == len(events) == 7
    for row, (b, ev) in zip(rows, events):
        assert row.attrs["data-type"] == ev["event_type"]
        evidence = by_id[row.attrs["data-ev"]]                       # the sentence in its document
        assert evidence.text == b.text[ev["evidence"]["start"]:ev["evidence"]["end"]]
        section = next(p for p in evidence.parents if p.tag == "section")
        assert section.attrs["data-doc-id"] == b.doc_id
        assert row.attrs["data-doc"] == section.attrs["id"]
        assert row.attrs["data-evt"] in by_id                        # the row of the document's own table
    funding = rows[1]
    orgs = funding.attrs["data-orgs"].split("\u001f")
    assert "商汤科技" in orgs and "商湯" in orgs and "鼎晖投资" in orgs  # canonical and as written
    assert "商湯 (商汤科技)" in funding.text and "4.1億美元" in funding.text
    # sortable: every column title is a button; dates sort by their earliest day
    heads = [e for e in parser.elements if e.tag == "button" and "data-sort-col" in e.attrs]
    assert [h.text for h in heads] == ["document", "type", "date", "trigger", "arguments", "evidence"]
    date_cells = [e for e in parser.elements if e.tag == "td" and "date" in e.attrs.get("class", "").split()
                  and any(p in rows for p in e.parents)]
    assert date_cells[0].attrs["data-sort"] == "2014-10-01"


def test_search_form_offers_the_corpus_names_and_event_types(tmp_path):
    page, _ = render_page(tmp_path, sensetime(), small("huawei"))
    parser = parse(page)
    types = [e.attrs["value"] for e in parser.elements if e.tag == "option" and any(
        p.attrs.get("id") == "q-type" for p in e.parents)]
    assert types == ["", "founding", "funding", "partnership", "product_launch"]
    names = [e.attrs["value"] for e in parser.elements if e.tag == "option" and any(
        p.attrs.get("id") == "org-names" for p in e.parents)]
    assert names == sorted({"商汤科技", "鼎晖投资", "阿里巴巴", "本田汽车", "华为"})
    assert {"q-text", "q-org", "q-type", "q-status"} <= {e.attrs.get("id") for e in parser.elements}
    index_rows = [e for e in parser.elements if e.tag == "tr" and "data-doc" in e.attrs and
                  any(p.tag == "nav" for p in e.parents)]
    assert index_rows[0].attrs["data-types"] == "founding funding partnership product_launch"
    assert "华为" in index_rows[1].attrs["data-orgs"].split("\u001f")


def test_legend_explains_the_colours_and_lists_the_event_types_present(tmp_path):
    page, _ = render_page(tmp_path, sensetime())
    parser = parse(page)
    legend = next(e for e in parser.elements if e.tag == "details" and "legend" in e.attrs.get("class", ""))
    for words in ("a date", "money", "one entity", "trigger", "sentence of the event", "planned"):
        assert words in legend.text
    tags = [e.text for e in parser.elements if e.tag == "span" and e.attrs.get("class") == "tag"
            and legend in e.parents]
    assert tags == ["founding", "funding", "partnership", "product_launch"]


def test_names_and_texts_in_the_search_data_are_escaped(tmp_path):
    b = DocBuilder("x<&\">", '"<b>壞</b>"公司於2001年成立。')
    o = b.org('"<b>壞</b>"公司', '"<script>alert(1)</script>')
    d = b.date("2001年", "2001", "2001-01-01", "2001-12-31")
    b.event("founding", "成立", [("org", '"<b>壞</b>"公司', o)], date=d)
    page, _ = render_page(tmp_path, b)
    assert "<script>alert" not in page and "<b>壞" not in page
    parser = parse(page)
    (row,) = all_rows(parser)
    assert '"<script>alert(1)</script>' in row.attrs["data-orgs"].split("\u001f")
    link = next(e for e in parser.elements if e.tag == "a" and any(p.tag == "nav" for p in e.parents))
    assert link.text == '"<b>壞</b>"公司於2001年成立。'


def test_records_written_elsewhere_find_their_texts(tmp_path):
    """extract run raw/ -o output/records.jsonl, then render from another folder."""
    b = small("huawei")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "huawei.txt").write_text(b.text, encoding="utf-8")
    b.source = "raw/huawei.txt"                                 # as recorded, relative to the run's folder
    (tmp_path / "output").mkdir()
    records = write_records(tmp_path / "output" / "records.jsonl", b)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status, _, err = run_cli("render", records, "-o", elsewhere / "page.html", cwd=elsewhere)
    assert status == 0 and "not found" not in err, err
    page = (elsewhere / "page.html").read_text(encoding="utf-8")
    assert "missing-text" not in page and b.text in page

    # copied away from the sources: said on the page and on stderr, and --source fixes it
    moved = elsewhere / "a" / "b" / "c" / "records.jsonl"        # no raw/ beside it or two levels up
    moved.parent.mkdir(parents=True)
    shutil.copy(records, moved)
    status, _, err = run_cli("render", moved, "-o", elsewhere / "page.html", cwd=elsewhere)
    page = (elsewhere / "page.html").read_text(encoding="utf-8")
    assert status == 0 and "text of 1 of 1 documents was not found (huawei)" in err and "--source DIR" in err
    parser = parse(page)
    notice = next(e for e in parser.elements if e.attrs.get("id") == "missing-text")
    assert "could not be found (huawei)" in notice.text and "--source DIR" in notice.text
    assert "its source raw/huawei.txt was not found" in page
    link = next(e for e in parser.elements if e.tag == "a" and any(p.tag == "nav" for p in e.parents))
    assert link.text.startswith("(text not available)")
    status, _, err = run_cli("render", moved, "-o", elsewhere / "page.html", "--source", tmp_path / "raw",
                             cwd=elsewhere)
    assert status == 0 and "not found" not in err
    assert b.text in (elsewhere / "page.html").read_text(encoding="utf-8")
    status, _, err = run_cli("render", moved, "--source", tmp_path / "nope", cwd=elsewhere)
    assert status == 2 and "is not a folder" in err


def test_render_reports_missing_texts_to_the_caller(tmp_path):
    b = small("huawei")
    b.source = "gone.txt"
    missing: list[str] = []
    render(str(write_records(tmp_path / "r.jsonl", b, small("tencent"))), str(tmp_path / "p.html"),
           texts={"tencent": small("tencent").text}, missing=missing)
    assert missing == ["huawei"]
