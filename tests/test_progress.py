"""The progress bar of ``extract run`` (a real terminal: a pseudo-terminal) and the run's hints."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from extract.progress import RunProgress, UnresolvedHint, count_documents
from extract.writer import Line

from .cli_helpers import read_records, run_cli
from .conftest import ROOT

SENTENCES = ("2015年3月，星辰科技完成5000万元A轮融资，由红杉资本领投。",
             "去年，该公司与北京大学签署战略合作协议。",
             "2019年，星辰科技在上海成立研究院。")


def write_corpus(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": SENTENCES[i % 3] * (1 + i % 4)}, ensure_ascii=False) + "\n")
            if i % 50 == 0:
                fh.write("\n")               # blank lines are not documents
    return path


def run_on_pty(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal (80×24); return (status, what it showed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "extract", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:                  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=30), shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_shows_done_total_rate_and_time_left(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 240)
    status, shown = run_on_pty(["run", str(corpus), "-o", str(tmp_path / "out.jsonl")], ROOT)
    assert status == 0, shown
    assert "\r" in shown                                   # redrawn in place
    bars = [part for part in shown.split("\r") if "/240" in part]
    assert bars, shown                                     # documents done / total (blank lines excluded)
    last = bars[-1]
    assert "doc/s" in last                                 # the rate
    assert "<" in last                                     # elapsed<time left
    assert "%" in last
    assert "240 documents read = 240 processed" in shown   # the summary still follows
    records = read_records(tmp_path / "out.jsonl")
    assert sum(r["type"] == "document" for r in records) == 240


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 60)
    status, _, err = run_cli("run", corpus, "-o", tmp_path / "out.jsonl", "--published", "2020")
    assert status == 0
    assert "\r" not in err and "doc/s" not in err and "\x1b" not in err
    assert err.strip().count("\n") == 0, err               # just the summary line


def test_count_documents_is_files_plus_jsonl_lines_and_unknown_for_stdin(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{}", encoding="utf-8")
    write_corpus(tmp_path / "b.jsonl", 7)                  # 7 documents and two blank lines
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 8
    assert count_documents([str(tmp_path / "missing")]) == 1       # one error record
    assert count_documents(["-"]) is None
    assert count_documents([str(tmp_path)], limit_bytes=10) is None  # too big to read twice


def test_progress_writes_nothing_to_a_non_terminal(tmp_path):
    import io

    stream = io.StringIO()
    progress = RunProgress(total=3, stream=stream, delay=0)
    assert not progress.enabled
    progress.update()
    progress.write("extract: a problem")
    progress.close()
    assert stream.getvalue() == "extract: a problem\n"


def _doc_lines(published: str | None, dates: list[tuple[bool, str | None]]) -> list[Line]:
    lines = [Line("document", json.dumps({"type": "document", "published": published}, separators=(",", ":")))]
    for relative, anchor in dates:
        lines.append(Line("date", json.dumps({"type": "date", "relative": relative, "anchor": anchor},
                                             separators=(",", ":"))))
    return lines


def test_unresolved_hint_counts_only_documents_without_published():
    hint = UnresolvedHint()
    hint.add(_doc_lines(None, [(True, None), (True, None), (False, None), (True, "published")]))
    hint.add(_doc_lines("2019", [(True, None)] * 10))      # has a date: not for want of --published
    assert hint.unresolved == 2 and hint.message() is None
    hint.add(_doc_lines(None, [(True, None)] * 3))
    assert hint.unresolved == 5 and hint.documents == 2
    assert "--published" in hint.message()


def test_run_hints_at_published_when_relative_dates_stay_unresolved(tmp_path):
    text = "去年公司营收增长。今年公司推出新产品。明年将扩张。前年亏损。去年底裁员。"
    doc = tmp_path / "news.txt"
    doc.write_text(text, encoding="utf-8")
    status, _, err = run_cli("run", doc, "-o", tmp_path / "out.jsonl")
    assert status == 0
    records = read_records(tmp_path / "out.jsonl")
    unresolved = [r for r in records if r["type"] == "date" and r["relative"] and r["anchor"] is None]
    assert len(unresolved) >= 5
    assert "hint:" in err and "--published" in err
    status, _, err = run_cli("run", doc, "-o", tmp_path / "out.jsonl", "--published", "2020-05")
    assert status == 0 and "hint:" not in err
