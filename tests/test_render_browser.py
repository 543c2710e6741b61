"""The review page in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe`` and spoken to over that pipe (file
descriptors 3 and 4, NUL-separated JSON messages), with the standard library only: no
Selenium, Playwright or downloaded browser. The tests skip when no Chromium is installed
(Debian: ``apt-get install chromium``; or set ``CHROMIUM=/path/to/chrome``).

They check that the highlighted spans' text in the DOM equals the records' text, that the
inline CSS and JS run under the page's Content-Security-Policy, that clicking an event row or
a timeline mark (real mouse events) scrolls its evidence sentence into the viewport and marks it
``targeted``, and that focusing a mention shows its value; a screenshot of the page after a
click is saved to the test's tmp dir and to ``output/review-browser-test.png``.
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from extract.render import render

from .conftest import ROOT
from .test_render import DocBuilder, sensetime, small, write_records

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-pipe")
WIDTH, HEIGHT = 1280, 800


def find_chromium() -> str | None:
    given = os.environ.get("CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium and the DevTools protocol over ``--remote-debugging-pipe``."""

    def __init__(self, executable: str, profile: Path):
        to_child_r, self._to_child = os.pipe()       # we write commands; Chromium reads fd 3
        self._from_child, from_child_w = os.pipe()   # Chromium writes fd 4; we read

        def wire_pipes():                            # in the child, before exec
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.log = profile / "chromium.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False, preexec_fn=wire_pipes)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"Chromium did not answer in time; its log: {self._log_tail()}")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the DevTools pipe; its log: {self._log_tail()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for n, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(n)
            self.events.append(self._read_message(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            os.close(fd)


class Page:
    """One tab: navigate, evaluate JavaScript, click at viewport coordinates, screenshot."""

    def __init__(self, browser: Browser):
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(domain)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def goto(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session)

    def eval(self, expression: str):
        """The value of a JavaScript expression (promises awaited), after the next frame."""
        wrapped = (f"new Promise((ok, fail) => requestAnimationFrame(() => {{ try {{ ok(({expression})); }} "
                   f"catch (e) {{ fail(e); }} }}))")
        result = self.send("Runtime.evaluate", {"expression": wrapped, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def click_element(self, selector: str) -> None:
        box = self.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                        "const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert 0 <= box[1] <= HEIGHT, f"{selector} is not in the viewport, cannot click it"
        self.click(*box)

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def console_problems(self) -> list[str]:
        problems = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            if event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] == "error":
                problems.append(event["params"]["entry"]["text"])
            if event.get("method") == "Runtime.exceptionThrown":
                problems.append(json.dumps(event["params"]["exceptionDetails"]))
        return problems


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium; or set CHROMIUM=/path/to/chrome): "
                    "the review page is checked as HTML only")
    b = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def long_document() -> DocBuilder:
    """A founding at the top, 80 filler lines, and a funding whose sentence is far below the fold."""
    filler = "".join(f"這是第{n}段填充文字，用來把最後一句推到視窗之外，讓點擊事件時必須捲動頁面。\n" for n in range(1, 81))
    text = "星衡智能於2016年在深圳成立。\n" + filler + "2023年8月，星衡智能完成約3億元人民幣B輪融資，由紅杉中國領投。"
    b = DocBuilder("long", text, published="2023-08-18")
    d1 = b.date("2016年", "2016", "2016-01-01", "2016-12-31")
    o1 = b.org("星衡智能", "星衡智能")
    b.event("founding", "成立", [("org", "星衡智能", o1)], date=d1)
    d2 = b.date("2023年8月", "2023-08", "2023-08-01", "2023-08-31", "month")
    o2 = b.org("星衡智能", "星衡智能", nth=1)
    m = b.money("約3億元人民幣", 300000000, "CNY", mod="APPROX")
    o3 = b.org("紅杉中國", "红杉中国", "investor")
    b.event("funding", "融資", [("investee", "星衡智能", o2), ("amount", "約3億元人民幣", m),
                              ("round", "B輪", None), ("lead_investor", "紅杉中國", o3)], date=d2)
    return b


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    """(page path, records) of three documents: the long one first."""
    folder = tmp_path_factory.mktemp("review")
    builders = [long_document(), sensetime(), small("huawei")]
    records = write_records(folder / "records.jsonl", *builders)
    out = folder / "review.html"
    render(str(records), str(out), texts={b.doc_id: b.text for b in builders})
    mentions = [m for b in builders for m in b.mentions]
    return out, mentions


@pytest.fixture
def page(browser, review):
    p = Page(browser)
    p.goto(review[0].as_uri())
    yield p
    p.send("Page.close")


# ---------------------------------------------------------------------------------------------

def test_highlighted_spans_text_equals_the_records_text(page, review):
    in_dom = page.eval("""(() => {
        const out = {};
        for (const e of document.querySelectorAll('[data-type]')) {
            if (!['date', 'money', 'organisation'].includes(e.dataset.type)) continue;
            const id = e.dataset.id;
            out[id] = (out[id] || '') + e.textContent;
        }
        return out; })()""")
    assert in_dom == {m["id"]: m["text"] for m in review[1]}


def test_inline_style_and_script_run_under_the_content_security_policy(page):
    colours = page.eval("""['date', 'money', 'organisation'].map(t =>
        getComputedStyle(document.querySelector('.m-' + t)).backgroundColor)""")
    assert len(set(colours)) == 3 and "rgba(0, 0, 0, 0)" not in colours      # each type its own colour
    badge = page.eval("getComputedStyle(document.querySelector('.m-organisation'), '::after').content")
    assert badge == '"1"'                                                      # entity number badge
    assert page.console_problems() == []


def test_clicking_an_event_scrolls_to_its_evidence(page, review, tmp_path):
    row = "#d0-e1"                                    # the funding at the end of the long document
    page.eval(f"document.querySelector('{row}').scrollIntoView({{block: 'center'}})")
    before = page.eval("""(() => { const row = document.querySelector('#d0-e1');
        const ev = document.getElementById(row.dataset.ev);
        return {y: scrollY, top: ev.getBoundingClientRect().top, targeted: ev.classList.contains('targeted')}; })()""")
    assert before["top"] > HEIGHT and not before["targeted"]                 # evidence below the fold

    page.click_element(f"{row} td.etype")                                    # a real mouse click
    after = page.eval("""(() => { const row = document.querySelector('#d0-e1');
        const ev = document.getElementById(row.dataset.ev);
        const r = ev.getBoundingClientRect();
        return {y: scrollY, top: r.top, bottom: r.bottom, height: innerHeight, text: ev.textContent,
                targeted: ev.classList.contains('targeted'), rowTargeted: row.classList.contains('targeted'),
                trigger: [...ev.querySelectorAll('.trig.targeted')].map(t => t.textContent),
                hash: location.hash, id: ev.id}; })()""")
    assert after["targeted"] and after["rowTargeted"]
    assert after["y"] > before["y"]
    assert 0 <= after["top"] and after["bottom"] <= after["height"]          # in the viewport
    assert after["text"].startswith("2023年8月，星衡智能完成") and after["trigger"] == ["融資"]
    assert after["hash"] == "#" + after["id"]

    page.screenshot(tmp_path / "review-after-click.png")
    artefact = ROOT / "output" / "review-browser-test.png"          # kept for CI (output/ is git-ignored)
    if artefact.parent.is_dir():
        shutil.copyfile(tmp_path / "review-after-click.png", artefact)
    assert (tmp_path / "review-after-click.png").stat().st_size > 10_000


def test_clicking_a_timeline_mark_scrolls_to_its_evidence(page):
    page.eval("document.querySelector('#d0 .timeline').scrollIntoView({block: 'start'})")  # below the corpus parts
    marks = page.eval("[...document.querySelectorAll('#d0 .tl-mark')].map(m => m.dataset.ev)")
    assert len(marks) == 2                                                    # both events are dated
    page.click_element("#d0 .tl-mark:last-of-type circle")
    state = page.eval("""(() => { const ev = document.getElementById('%s');
        const r = ev.getBoundingClientRect();
        return {targeted: ev.classList.contains('targeted'), top: r.top, bottom: r.bottom, y: scrollY}; })()"""
                      % marks[-1])
    assert state["targeted"] and state["y"] > 0 and 0 <= state["top"] and state["bottom"] <= HEIGHT
    # only the latest target stays highlighted
    assert page.eval("document.querySelectorAll('.evid.targeted').length") == 1


def test_focusing_a_mention_shows_its_normalised_value(page):
    state = page.eval("""(() => { const m = document.querySelector('#d0 .m-money');
        m.focus();
        return {focused: document.activeElement === m, tabIndex: m.tabIndex,
                tip: getComputedStyle(m, '::before').content, title: m.title}; })()""")
    assert state["focused"] and state["tabIndex"] == 0
    assert "CNY 300,000,000" in state["tip"] and "APPROX" in state["tip"]
    assert "CNY 300,000,000" in state["title"]
    # the keyboard reaches the mentions: Tab from the one before lands on the next
    nxt = page.eval("""(() => { const ms = [...document.querySelectorAll('#d0 .text mark[tabindex="0"]')];
        ms[0].focus(); return ms[1].dataset.id; })()""")
    page.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9})
    page.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9})
    assert page.eval("document.activeElement.dataset.id") == nxt



def test_a_link_to_an_evidence_sentence_opens_it_highlighted(browser, review):
    p = Page(browser)
    try:
        p.goto(review[0].as_uri() + "#d0-ev1")
        state = p.eval("""(() => { const ev = document.getElementById('d0-ev1'); const r = ev.getBoundingClientRect();
            return {targeted: ev.classList.contains('targeted'), top: r.top, y: scrollY}; })()""")
        assert state["targeted"] and state["y"] > 0 and 0 <= state["top"] <= HEIGHT
    finally:
        p.send("Page.close")


def test_a_checkbox_turns_one_kind_of_highlight_off(page):
    page.click_element('input[data-toggle="date"]')
    state = page.eval("""({hidden: document.body.classList.contains('hide-date'),
        date: getComputedStyle(document.querySelector('.m-date')).backgroundColor,
        money: getComputedStyle(document.querySelector('.m-money')).backgroundColor})""")
    assert state["hidden"] and state["date"] == "rgba(0, 0, 0, 0)" and state["money"] != "rgba(0, 0, 0, 0)"

# ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Screenshot of a review page, e.g. for docs/review.png::

        python -m tests.test_render_browser PAGE.html OUT.png [WIDTHxHEIGHT] [JAVASCRIPT ...]

    Each JavaScript expression runs in the page, in order, before the shot (focus a mention,
    click an event …).
    """
    import sys
    import tempfile

    global WIDTH, HEIGHT
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    page_path, out = Path(args.pop(0)), Path(args.pop(0))
    if args and "x" in args[0] and args[0].replace("x", "").isdigit():
        WIDTH, HEIGHT = (int(v) for v in args.pop(0).split("x"))
    executable = find_chromium()
    if executable is None:
        print("no Chromium installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(executable, Path(profile))
        try:
            page = Page(browser)
            page.goto(page_path.resolve().as_uri())
            for expression in args:
                page.eval(expression)
            page.screenshot(out)
        finally:
            browser.close()
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
