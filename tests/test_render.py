"""extract render: the review page, checked as HTML (the browser test checks it in Chromium).

Records are built by hand with :class:`DocBuilder` (offsets found in the text, every record
validated by the Pydantic models), so these tests do not depend on the extractors.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.render import Span, highlight, render
from extract.schemas.records import RECORD_ADAPTER

MENTION_TYPES = ("date", "money", "organisation")


# ---------------------------------------------------------------------------------------------
# Building records by hand

class DocBuilder:
    """Records of one document, offsets found by substring: ``b.date("2014年", ...)``."""

    def __init__(self, doc_id: str, text: str, source: str = "hand-made.txt", published: str | None = None):
        self.doc_id, self.text, self.source, self.published = doc_id, text, source, published
        self.mentions: list[dict] = []
        self.events: list[dict] = []
        self.entities: dict[str, str] = {}

    def find(self, sub: str, nth: int = 0, after: int = 0) -> tuple[int, int]:
        start = after - 1
        for _ in range(nth + 1):
            start = self.text.index(sub, start + 1)
        return start, start + len(sub)

    def _mention(self, kind: str, sub: str, nth: int, after: int, **fields) -> str:
        start, end = self.find(sub, nth, after)
        rid = f"{self.doc_id}/{kind}/{start}-{end}"
        self.mentions.append({"type": kind, "id": rid, "doc_id": self.doc_id, "start": start, "end": end,
                              "text": sub, "simplified": sub, "sentence": self.sentence_index(start),
                              "rule": "hand", **fields})
        return rid

    def date(self, sub: str, value: str | None, earliest: str | None, latest: str | None,
             granularity: str = "year", nth: int = 0, after: int = 0, **fields) -> str:
        return self._mention("date", sub, nth, after, value=value, earliest=earliest, latest=latest,
                             granularity=granularity, **fields)

    def money(self, sub: str, amount, currency: str = "CNY", nth: int = 0, after: int = 0, **fields) -> str:
        bounds = {"min": amount, "max": amount}
        bounds.update({k: fields.pop(k) for k in ("min", "max") if k in fields})
        return self._mention("money", sub, nth, after, amount=amount, currency=currency, **bounds, **fields)

    def org(self, sub: str, canonical: str, org_type: str = "company", nth: int = 0, after: int = 0) -> str:
        entity = self.entities.setdefault(canonical, f"{self.doc_id}/entity/{len(self.entities) + 1}")
        return self._mention("organisation", sub, nth, after, canonical=canonical, entity=entity,
                             org_type=org_type)

    def sentence(self, position: int) -> tuple[int, int]:
        ends = "。！？；\n"
        start = max(self.text.rfind(c, 0, position) for c in ends) + 1
        following = [i for i in (self.text.find(c, position) for c in ends) if i >= 0]
        end = min(following) + 1 if following else len(self.text)
        if self.text[end - 1:end] == "\n":
            end -= 1
        return start, end

    def sentence_index(self, position: int) -> int:
        return sum(1 for i, c in enumerate(self.text[:position]) if c in "。！？；\n")

    def event(self, event_type: str, trigger: str, args: list[tuple[str, str, str | None]] = (),
              date: str | None = None, nth: int = 0, after: int = 0, status: str = "actual") -> str:
        t0, t1 = self.find(trigger, nth, after)
        s0, s1 = self.sentence(t0)
        arguments = []
        for role, sub, ref in args:
            if ref is not None:
                m = next(m for m in self.mentions if m["id"] == ref)
                a0, a1 = m["start"], m["end"]
            else:
                a0, a1 = self.find(sub, 0, s0)
            arguments.append({"role": role, "text": self.text[a0:a1], "start": a0, "end": a1, "ref": ref})
        rid = f"{self.doc_id}/event/{len(self.events) + 1}"
        self.events.append({"type": "event", "id": rid, "doc_id": self.doc_id, "event_type": event_type,
                            "trigger": {"text": trigger, "start": t0, "end": t1}, "arguments": arguments,
                            "date": date, "evidence": {"start": s0, "end": s1},
                            "sentence": self.sentence_index(t0), "rule": "hand", "status": status})
        return rid

    def records(self) -> list[dict]:
        mentions = sorted(self.mentions, key=lambda r: (r["start"], r["end"], r["type"]))
        counts = {t: sum(1 for m in mentions if m["type"] == t) for t in MENTION_TYPES}
        counts["event"] = len(self.events)
        document = {"type": "document", "doc_id": self.doc_id, "source": self.source, "chars": len(self.text),
                    "sha256": hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
                    "published": self.published, "counts": counts}
        out = [document, *mentions, *self.events]
        for record in out:
            RECORD_ADAPTER.validate_python(record)       # the fixtures follow the contract
        return out


def write_records(path: Path, *builders: DocBuilder, extra: list[dict] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for b in builders:
            for record in b.records():
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        for record in extra:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def sensetime() -> DocBuilder:
    """A short company history: dates, money, one organisation named three ways, events."""
    text = ("商湯科技於2014年10月在香港成立。\n"
            "2017年7月，商湯完成4.1億美元B輪融資，由鼎暉投資領投。\n"
            "2018年4月，阿里巴巴領投商湯科技6億美元C輪融資，同年，商湯與本田汽車宣布合作。\n"
            "SenseTime在2019年發布了SenseAR平台。")
    b = DocBuilder("sensetime", text, published="2019")
    d1 = b.date("2014年10月", "2014-10", "2014-10-01", "2014-10-31", "month")
    o1 = b.org("商湯科技", "商汤科技")
    b.event("founding", "成立", [("org", "商湯科技", o1)], date=d1)
    d2 = b.date("2017年7月", "2017-07", "2017-07-01", "2017-07-31", "month")
    o2 = b.org("商湯", "商汤科技", nth=1)
    m1 = b.money("4.1億美元", 410000000, "USD")
    o3 = b.org("鼎暉投資", "鼎晖投资", "investor")
    b.event("funding", "融資", [("investee", "商湯", o2), ("amount", "4.1億美元", m1), ("round", "B輪", None),
                              ("lead_investor", "鼎暉投資", o3)], date=d2)
    d3 = b.date("2018年4月", "2018-04", "2018-04-01", "2018-04-30", "month")
    o4 = b.org("阿里巴巴", "阿里巴巴")
    o5 = b.org("商湯科技", "商汤科技", nth=1)
    m2 = b.money("6億美元", 600000000, "USD")
    b.event("funding", "融資", [("lead_investor", "阿里巴巴", o4), ("investee", "商湯科技", o5),
                              ("amount", "6億美元", m2)], date=d3, nth=1)
    d4 = b.date("同年", "2018", "2018-01-01", "2018-12-31", relative=True, anchor=d3)
    o6 = b.org("商湯", "商汤科技", nth=3)
    o7 = b.org("本田汽車", "本田汽车")
    b.event("partnership", "合作", [("party", "商湯", o6), ("party", "本田汽車", o7)], date=d4)
    o8 = b.org("SenseTime", "商汤科技")
    d5 = b.date("2019年", "2019", "2019-01-01", "2019-12-31")
    b.event("product_launch", "發布", [("org", "SenseTime", o8), ("product", "SenseAR", None)], date=d5)
    return b


def small(doc_id: str, name: str = "華為", canonical: str = "华为", year: int = 1987) -> DocBuilder:
    """One sentence: NAME於YEAR年成立。"""
    b = DocBuilder(doc_id, f"{name}於{year}年成立。")
    d = b.date(f"{year}年", str(year), f"{year}-01-01", f"{year}-12-31")
    o = b.org(name, canonical)
    b.event("founding", "成立", [("org", name, o)], date=d)
    return b


# ---------------------------------------------------------------------------------------------
# Reading the page back

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parents: list["Element"]):
        self.tag, self.attrs, self.parents = tag, attrs, parents
        self.text = ""


class PageParser(HTMLParser):
    """Every element with its attributes, text content and ancestors (well-formedness checked)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[Element] = []
        self.elements: list[Element] = []
        self.script_text = ""

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, list(self.stack))
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, list(self.stack)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        for element in self.stack:
            element.text += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert not parser.stack, f"unclosed elements: {[e.tag for e in parser.stack]}"
    return parser


def mention_elements(parser: PageParser) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for e in parser.elements:
        if e.attrs.get("data-type") in MENTION_TYPES:
            out.setdefault(e.attrs["data-id"], []).append(e)
    return out


def render_page(tmp_path: Path, *builders: DocBuilder, with_texts: bool = True, **kwargs) -> tuple[str, int]:
    records = write_records(tmp_path / "records.jsonl", *builders)
    texts = {b.doc_id: b.text for b in builders} if with_texts else None
    out = tmp_path / "review.html"
    n = render(str(records), str(out), texts=texts, **kwargs)
    return out.read_text(encoding="utf-8"), n


# ---------------------------------------------------------------------------------------------
# Tests

def test_every_mention_is_one_highlighted_element_with_its_text(tmp_path):
    b = sensetime()
    page, n = render_page(tmp_path, b)
    assert n == 1
    found = mention_elements(parse(page))
    for m in b.mentions:
        elements = found.pop(m["id"])
        assert len(elements) == 1, m["id"]
        (element,) = elements
        assert element.tag == "mark"
        assert element.text == m["text"]
        assert element.attrs["data-type"] == m["type"]
        assert element.attrs["tabindex"] == "0"                  # reachable by keyboard
        assert element.attrs["title"] == element.attrs["data-tip"]  # hover and focus show the same
    assert not found                                             # nothing highlighted twice or invented


def test_the_whole_text_is_on_the_page_once(tmp_path):
    b = sensetime()
    page, _ = render_page(tmp_path, b)
    (text,) = [e for e in parse(page).elements if "text" in e.attrs.get("class", "").split()]
    assert text.text == b.text


def test_normalised_values_are_in_the_tooltips(tmp_path):
    page, _ = render_page(tmp_path, sensetime())
    tips = {e.text: e.attrs["title"] for es in mention_elements(parse(page)).values() for e in es}
    assert "2014-10" in tips["2014年10月"] and "2014-10-01 … 2014-10-31" in tips["2014年10月"]
    assert "USD 410,000,000" in tips["4.1億美元"]
    assert "商汤科技" in tips["商湯科技"] and "company" in tips["商湯科技"]
    assert "relative to sensetime/date/" in tips["同年"]


def test_mentions_of_one_entity_share_their_marker(tmp_path):
    page, _ = render_page(tmp_path, sensetime())
    orgs = [e for es in mention_elements(parse(page)).values() for e in es
            if e.attrs["data-type"] == "organisation"]
    by_entity: dict[str, set[tuple[str, str]]] = {}
    for e in orgs:
        colour = next(c for c in e.attrs["class"].split() if c.startswith("ent-c"))
        by_entity.setdefault(e.attrs["data-entity"], set()).add((e.attrs["data-ent"], colour))
    assert len(by_entity["sensetime/entity/1"]) == 1                     # 商湯科技, 商湯, SenseTime: one badge
    assert sum(1 for e in orgs if e.attrs["data-entity"] == "sensetime/entity/1") == 5
    markers = [next(iter(v)) for v in by_entity.values()]
    assert len(set(markers)) == len(markers) == 4                        # different entities differ


def test_events_table_rows_point_at_their_evidence_sentence(tmp_path):
    b = sensetime()
    parser = parse(render_page(tmp_path, b)[0])
    by_id = {e.attrs["id"]: e for e in parser.elements if "id" in e.attrs}
    rows = [e for e in parser.elements if e.tag == "tr" and "evrow" in e.attrs.get("class", "")]
    assert [r.attrs["data-event-id"] for r in rows] == [ev["id"] for ev in b.events]
    for row, ev in zip(rows, b.events):
        evidence = by_id[row.attrs["data-ev"]]
        assert evidence.text == b.text[ev["evidence"]["start"]:ev["evidence"]["end"]]
        assert row.attrs["id"] in evidence.attrs["data-events"].split()
        assert ev["event_type"] in row.text and ev["trigger"]["text"] in row.text
    # two events of one sentence (C-round funding) share one evidence element
    evidences = [e for e in parser.elements if "evid" in e.attrs.get("class", "").split()]
    assert len(evidences) == 4 and len({r.attrs["data-ev"] for r in rows}) == 4


def test_dates_nest_inside_evidence_and_triggers_inside_it(tmp_path):
    b = sensetime()
    parser = parse(render_page(tmp_path, b)[0])
    date = next(e for e in parser.elements if e.attrs.get("data-id") == b.mentions[0]["id"])
    assert any("evid" in p.attrs.get("class", "").split() for p in date.parents)
    triggers = [e for e in parser.elements if e.attrs.get("data-type") == "trigger"]
    assert [t.text for t in triggers] == ["成立", "融資", "融資", "合作", "發布"]
    assert all(any("evid" in p.attrs.get("class", "").split() for p in t.parents) for t in triggers)


def test_timeline_has_one_labelled_mark_per_dated_event(tmp_path):
    b = sensetime()
    b.event("award", "發布", nth=0)                  # an event without a date: not on the timeline
    parser = parse(render_page(tmp_path, b)[0])
    marks = [e for e in parser.elements if "tl-mark" in e.attrs.get("class", "").split()]
    assert len(marks) == 5
    labels = [next(c for c in m.attrs["class"].split() if c.startswith("et-"))[3:] for m in marks]
    # in date order: 同年 (2018, earliest 2018-01-01) comes before 2018年4月
    assert labels == ["founding", "funding", "partnership", "funding", "product_launch"]
    xs = [float(e.attrs["cx"]) for e in parser.elements if e.tag == "circle"]
    assert xs[0] < xs[1] < xs[2] < xs[3] < xs[4]
    (caption,) = [e for e in parser.elements if e.tag == "figcaption"]
    assert "5 of 6 events dated" in caption.text


def test_document_text_and_ids_are_escaped(tmp_path):
    text = ('<script>alert("x")</script><img src=x onerror=alert(1)>公司&amp;\r\n'
            '"><b>惡意</b>於2014年成立。')
    b = DocBuilder('<b id="x">doc</b>\'"', text, source="<script>.txt")
    d = b.date("2014年", "2014", "2014-01-01", "2014-12-31")
    o = b.org("<b>惡意</b>", '"><script>alert(2)</script>')
    b.event("founding", "成立", [("org", "<b>惡意</b>", o)], date=d)
    page, _ = render_page(tmp_path, b)
    assert page.count("<script") == 1                        # ours, at the end
    for raw in ("<img src=x", "<b>惡意", '<b id="x">', "<script>alert", '"><script>'):
        assert raw not in page
    assert '&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;' in page
    parser = parse(page)
    (text_el,) = [e for e in parser.elements if "text" in e.attrs.get("class", "").split()]
    assert text_el.text == text                              # CR kept, entities not decoded twice
    org = mention_elements(parser)[o][0]
    assert org.text == "<b>惡意</b>" and '"><script>alert(2)</script>' in org.attrs["title"]
    assert any(e.text.startswith('<b id="x">doc</b>') for e in parser.elements if e.tag == "h2")


def test_no_external_resources(tmp_path):
    page, _ = render_page(tmp_path, sensetime(), small("huawei"))
    parser = parse(page)
    for e in parser.elements:
        for name in ("src", "href", "xlink:href", "action", "data"):
            if name in e.attrs:
                assert e.attrs[name].startswith("#"), (e.tag, name, e.attrs[name])
        assert e.tag not in ("link", "iframe", "img", "object", "embed")
    assert not re.search(r"https?:", page, re.I)
    assert not re.search(r"@import|url\(", page)
    csp = next(e.attrs["content"] for e in parser.elements if e.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_index_links_to_one_section_per_document(tmp_path):
    builders = [sensetime(), small("huawei"), small("tencent", "騰訊", "腾讯", 1998)]
    page, n = render_page(tmp_path, *builders)
    assert n == 3
    parser = parse(page)
    index = [e for e in parser.elements if e.tag == "a" and any(p.tag == "nav" for p in e.parents)]
    sections = {e.attrs["id"]: e for e in parser.elements if e.tag == "section" and "doc" in e.attrs.get("class", "")}
    # the index shows each document's first line (ids such as 000_9172d1ec0378535b say nothing)
    assert [a.text for a in index] == [b.text.splitlines()[0] for b in builders]
    ids = [e.text for e in parser.elements if e.tag == "code" and any(p.tag == "nav" for p in e.parents)]
    assert ids == ["sensetime", "huawei", "tencent"]
    assert [sections[a.attrs["href"][1:]].attrs["data-doc-id"] for a in index] == ["sensetime", "huawei", "tencent"]
    assert len(set(e.attrs["id"] for e in parser.elements if "id" in e.attrs)) == \
        sum(1 for e in parser.elements if "id" in e.attrs)           # HTML ids are unique


def test_doc_option_renders_one_document(tmp_path):
    page, n = render_page(tmp_path, sensetime(), small("huawei"), doc_id="huawei")
    assert n == 1 and "2014年10月" not in page and "1987年" in page
    with pytest.raises(ValueError, match="no document"):
        render_page(tmp_path, sensetime(), doc_id="nope")


def test_error_records_are_listed(tmp_path):
    records = write_records(tmp_path / "r.jsonl", small("huawei"),
                            extra=[{"type": "error", "source": "raw/bad.txt", "line": None, "doc_id": "bad",
                                    "error": "file is not valid UTF-8 <oops>"}])
    render(str(records), str(tmp_path / "out.html"), texts={"huawei": small("huawei").text})
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "raw/bad.txt" in page and "file is not valid UTF-8 &lt;oops&gt;" in page


# text from the document record's source

def test_text_read_from_a_txt_source(tmp_path):
    b = small("huawei")
    source = tmp_path / "huawei.txt"
    source.write_text(b.text, encoding="utf-8")
    b.source = str(source)
    page, _ = render_page(tmp_path, b, with_texts=False)
    (text_el,) = [e for e in parse(page).elements if "text" in e.attrs.get("class", "").split()]
    assert text_el.text == b.text and "not available" not in page


def test_text_read_from_a_jsonl_source_line(tmp_path):
    b = small("huawei")
    lines = [json.dumps({"id": "other", "text": "別的。"}, ensure_ascii=False), "",
             json.dumps({"id": "huawei", "text": b.text}, ensure_ascii=False)]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    b.source = "docs.jsonl:3"                                   # relative to the records file's folder
    page, _ = render_page(tmp_path, b, with_texts=False)
    (text_el,) = [e for e in parse(page).elements if "text" in e.attrs.get("class", "").split()]
    assert text_el.text == b.text


def test_without_text_only_the_spans_are_shown(tmp_path):
    b = sensetime()
    b.source = "gone.txt"
    page, _ = render_page(tmp_path, b, with_texts=False)
    parser = parse(page)
    assert "only the spans the records carry are shown" in page
    found = mention_elements(parser)
    for m in b.mentions:
        (e,) = found[m["id"]]
        assert e.text == m["text"]
    assert any("gap" in e.attrs.get("class", "").split() for e in parser.elements)


def test_changed_source_text_is_not_trusted(tmp_path):
    b = small("huawei")
    (tmp_path / "huawei.txt").write_text("華為於1988年成立。", encoding="utf-8")   # edited since the run
    b.source = str(tmp_path / "huawei.txt")
    page, _ = render_page(tmp_path, b, with_texts=False)
    assert "sha256 differs" in page and "1988" not in page


# nesting and overlaps

def _span(start, end, rank, name):
    return Span(start, end, rank, 0, "x", f' n="{name}"', f' n="{name}" c')


def test_crossing_spans_outermost_first_and_split():
    # A [0, 4) and B [2, 6) cross: A starts first so it is the outer element; B is split at A's end
    out = highlight("abcdef", [_span(2, 6, 1, "B"), _span(0, 4, 1, "A")])
    assert out == '<x n="A">ab<x n="B">cd</x></x><x n="B" c>ef</x>'


def test_identical_extents_nest_by_rank_and_longer_spans_outside():
    out = highlight("abcd", [_span(0, 2, 3, "date"), _span(0, 2, 1, "org"), _span(0, 4, 0, "sentence")])
    assert out == '<x n="sentence"><x n="org"><x n="date">ab</x></x>cd</x>'


def test_a_span_crossing_two_levels_reopens_in_order():
    out = highlight("abcdefgh", [_span(0, 8, 0, "S"), _span(1, 4, 1, "A"), _span(2, 6, 2, "B"), _span(3, 7, 3, "C")])
    assert out == ('<x n="S">a<x n="A">b<x n="B">c<x n="C">d</x></x></x>'
                   '<x n="B" c><x n="C" c>ef</x></x><x n="C" c>g</x>h</x>')


def test_overlapping_mentions_of_different_types_render_deterministically(tmp_path):
    text = "芯睿2018年科技於2018年成立。"
    b = DocBuilder("overlap", text)
    o = b.org("芯睿2018年科技", "芯睿科技")                         # a name with a date inside
    d = b.date("2018年", "2018", "2018-01-01", "2018-12-31")        # nested in the organisation
    d2 = b.date("科技於", "2018", "2018-01-01", "2018-12-31")       # (made up) crosses its end
    page1, _ = render_page(tmp_path, b)
    page2, _ = render_page(tmp_path, b)
    assert page1 == page2
    found = mention_elements(parse(page1))
    (org,) = found[o]
    assert org.text == "芯睿2018年科技"
    (inner,) = found[d]
    assert any(p is org for p in inner.parents)
    first, rest = found[d2]                              # split at the organisation's end
    assert any(p is org for p in first.parents) and not any(p is org for p in rest.parents)
    assert first.text + rest.text == "科技於" and "cont" in rest.attrs["class"].split()
    assert "tabindex" in first.attrs and "tabindex" not in rest.attrs


# scale

def test_a_long_document_and_many_documents_render_quickly(tmp_path):
    sentence = "2018年4月，阿里巴巴領投商湯科技6億美元C輪融資，騰訊跟投。"
    b = DocBuilder("long", sentence * 340)                 # about 10,000 characters
    for i in range(340):
        after = i * len(sentence)
        d = b.date("2018年4月", "2018-04", "2018-04-01", "2018-04-30", "month", after=after)
        o = b.org("阿里巴巴", "阿里巴巴", after=after)
        m = b.money("6億美元", 600000000, "USD", after=after)
        b.event("funding", "領投", [("lead_investor", "阿里巴巴", o), ("amount", "6億美元", m)], date=d, after=after)
    many = [small(f"doc{i:03d}") for i in range(300)]
    started = time.perf_counter()
    page, n = render_page(tmp_path, b, *many)
    assert n == 301
    assert time.perf_counter() - started < 20
    assert len(b.text) >= 10000
    assert len(mention_elements(parse(page))) == 3 * 340 + 2 * 300
