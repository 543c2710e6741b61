"""The review page's search, corpus events table and sorting in headless Chromium (real typing
and clicks over the DevTools protocol; skipped without Chromium, see test_render_browser.py)."""
from __future__ import annotations

import pytest

from extract.render import render

from .test_render import sensetime, small, write_records
from .test_render_browser import HEIGHT, Page, browser  # noqa: F401 - the fixture
from .test_render_browser import long_document


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    builders = [sensetime(), small("huawei"), small("tencent", "騰訊", "腾讯", 1998), long_document()]
    records = write_records(folder / "records.jsonl", *builders)
    out = folder / "review.html"
    render(str(records), str(out), texts={b.doc_id: b.text for b in builders})
    return out


@pytest.fixture
def page(browser, corpus_page):  # noqa: F811
    p = Page(browser)
    p.goto(corpus_page.as_uri())
    yield p
    p.send("Page.close")


def type_into(page: Page, selector: str, text: str) -> None:
    """Focus a field and type as a user does (an IME commit: Input.insertText)."""
    page.eval(f"(() => {{ const e = document.querySelector('{selector}'); e.focus(); e.select(); }})()")
    page.send("Input.insertText", {"text": text})


STATE = """(() => ({
    rows: [...document.querySelectorAll('#all-events tbody tr')].filter(r => !r.hidden).map(r => r.dataset.type),
    docs: [...document.querySelectorAll('section.doc')].filter(s => !s.hidden).map(s => s.dataset.docId),
    index: [...document.querySelectorAll('#index tbody tr')].filter(r => !r.hidden).length,
    status: document.getElementById('q-status').textContent,
    count: document.getElementById('all-count').textContent}))()"""


def test_search_by_organisation_as_written_or_canonical(page):
    type_into(page, "#q-org", "商湯")                 # traditional, as the text writes it; SenseTime is
    # the same entity (canonical 商汤科技), so its launch matches too
    state = page.eval(STATE)
    assert state["rows"] == ["founding", "funding", "funding", "partnership", "product_launch"]
    assert state["docs"] == ["sensetime"] and state["index"] == 1
    assert state["status"] == "1 of 4 documents and 5 of 9 events match." and state["count"] == "5 of 9"
    type_into(page, "#q-org", "鼎晖")                 # simplified, the canonical name
    assert page.eval(STATE)["rows"] == ["funding"]
    type_into(page, "#q-org", "腾讯")
    assert page.eval(STATE)["docs"] == ["tencent"]
    assert page.console_problems() == []


def test_search_by_event_type_and_text_together(page):
    page.eval("(() => { const s = document.getElementById('q-type'); s.value = 'funding';"
              "s.dispatchEvent(new Event('change')); })()")
    state = page.eval(STATE)
    assert state["rows"] == ["funding", "funding", "funding"] and state["docs"] == ["sensetime", "long"]
    type_into(page, "#q-text", "紅杉")
    state = page.eval(STATE)
    assert state["rows"] == ["funding"] and state["docs"] == ["long"]
    # the text's matches are highlighted (CSS Custom Highlight API)
    assert page.eval("CSS.highlights.get('search').size") == 1
    page.click_element("#q-clear")
    state = page.eval(STATE)
    assert len(state["rows"]) == 9 and len(state["docs"]) == 4 and state["status"] == ""
    type_into(page, "#q-text", "1987年")             # text only in the document, not in any event row
    assert page.eval(STATE)["docs"] == ["huawei"]


def test_sorting_the_events_table_by_date(page):
    dates = "[...document.querySelectorAll('#all-events tbody tr')].map(r => r.cells[2].dataset.sort)"
    page.click_element("#all-events th button[data-sort-col='2']")
    ascending = page.eval(dates)
    assert ascending == sorted(ascending) and ascending[0] == "1987-01-01"
    assert page.eval("document.querySelector('#all-events th:nth-child(3)').getAttribute('aria-sort')") == "ascending"
    page.click_element("#all-events th button[data-sort-col='2']")
    assert page.eval(dates) == sorted(ascending, reverse=True)


def test_clicking_a_corpus_row_shows_its_sentence_in_its_document(page, tmp_path):
    type_into(page, "#q-org", "紅杉")
    row = "#all-events tbody tr:not([hidden])"
    page.click_element(f"{row} td.etype")
    state = page.eval("""(() => { const row = document.querySelector('#all-events tbody tr:not([hidden])');
        const ev = document.getElementById(row.dataset.ev); const r = ev.getBoundingClientRect();
        return {targeted: ev.classList.contains('targeted'), top: r.top, bottom: r.bottom,
                text: ev.textContent, doc: ev.closest('section').dataset.docId,
                own: document.getElementById(row.dataset.evt).classList.contains('targeted')}; })()""")
    assert state["targeted"] and state["own"] and state["doc"] == "long"
    assert 0 <= state["top"] and state["bottom"] <= HEIGHT
    assert state["text"].startswith("2023年8月，星衡智能完成")
    page.screenshot(tmp_path / "after-corpus-click.png")
    assert (tmp_path / "after-corpus-click.png").stat().st_size > 10_000
