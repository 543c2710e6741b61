"""Issue #19: no single input, file name or second run can break a run.

Each test covers a CLASS through the real command line (a subprocess): the exit status, no
traceback on standard error, every document accounted for as a document or an error record,
nothing clobbered. Worst-input timings are in tests/test_worst_inputs.py.
"""
import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .cli_helpers import assert_accounted, read_records, run_cli
from .conftest import ROOT

GOOD = "2014年10月，商湯科技在香港成立，獲IDG資本數千萬美元投資。"


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _clean(err: str) -> None:
    assert "Traceback" not in err, err
    assert all(line.startswith("extract") for line in err.splitlines() if line.strip()), err


# ---------------------------------------------------------------------------------------------
# 1. one input never aborts the run

BAD_LINES = [
    '{"id": "deep-text", "text": ' + "[" * 3000 + "]" * 3000 + "}",                 # RecursionError
    '{"id": "deep-extra", "x": ' + '{"a":' * 2500 + "1" + "}" * 2500 + ', "text": "x"}',
    '{"id": ' + "7" * 4500 + ', "text": "2015年成立"}',                               # int digit limit
    '{"id": "bigint-field", "text": "2015年", "n": -' + "1" * 9000 + "}",
    '{"id": "\\ud800", "text": "2016年成立"}',                                        # lone surrogates
    '{"id": "a\\udfffb", "text": "2016年成立"}',
    '{"id": "surrogate-text", "text": "2016年\\udc80成立"}',
    '{"id": "reversed-pair", "text": "\\udc00\\ud800"}',
    '{"id": "published-zero", "text": "去年成立", "published": "0000"}',
    '{"id": "published-early", "text": "去年成立", "published": "0999-05"}',
]


def test_pathological_jsonl_lines_are_error_records_and_the_run_goes_on(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = []
    for n, bad in enumerate(BAD_LINES):
        lines.append(_line({"id": f"good{n}", "text": GOOD}))
        lines.append(bad + "\n")
    corpus.write_text("".join(lines) + _line({"id": "last", "text": GOOD}), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", corpus, "-o", out)
    assert code == 1, err
    _clean(err)
    records = read_records(out)
    assert_accounted(records, len(BAD_LINES) * 2 + 1)
    errors = [r for r in records if r["type"] == "error"]
    assert len(errors) == len(BAD_LINES)
    assert all("internal error" not in e["error"] for e in errors), errors
    assert sum(r["type"] == "document" for r in records) == len(BAD_LINES) + 1
    assert any("nested too deeply" in e["error"] for e in errors)
    assert any("lone surrogate" in e["error"] and e["doc_id"] == "\\ud800" for e in errors)
    assert sum("impossible year" in e["error"] for e in errors) == 2


def _bytes_name(folder: Path, name: bytes, text: str) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
        fh.write(text.encode("utf-8"))


def test_file_names_that_are_not_utf8_get_escaped_ids(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    _bytes_name(docs, b"caf\xe9.txt", GOOD)                      # Latin-1 name
    _bytes_name(docs, b"\xc9\xcc\xcc\xc0.txt", GOOD)              # a GBK name
    _bytes_name(docs, b"ok.txt", GOOD)
    _bytes_name(docs, b"\xff\xfe.jsonl", _line({"text": GOOD}))   # JSONL ids from the stem
    (docs / "deep.meta.json").write_text("[" * 5000, encoding="utf-8")
    (docs / "deep.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", docs, "-o", out)
    _clean(err)
    records = read_records(out)
    assert_accounted(records, 5)
    ids = {r["doc_id"] for r in records if r["type"] == "document"}
    assert {"caf\\xe9", "\\xc9\\xcc\\xcc\\xc0", "ok", "\\xff\\xfe:1"} <= ids
    assert code == 1 and [r["doc_id"] for r in records if r["type"] == "error"] == ["deep"]


def test_closed_standard_input_is_an_error_not_a_traceback(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "-", "-o", str(out)], cwd=ROOT,
                          capture_output=False, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          preexec_fn=lambda: os.close(0), timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "standard input is closed" in err, err
    _clean(err)
    assert not out.exists()


def test_closed_standard_output_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "raw/", "-o", "-"], cwd=ROOT,
                          stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "standard output is closed" in err, err
    _clean(err)


def test_broken_link_as_input_is_refused_like_a_typo(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    code, _, err = run_cli("run", tmp_path / "gone.txt", "-o", out)
    assert code == 2 and "no such file" in err, err
    assert out.read_text(encoding="utf-8") == "previous\n"


# ---------------------------------------------------------------------------------------------
# 3. a second run on the same output is refused while the first is running

def _corpus(path: Path, n: int) -> None:
    text = (ROOT / "raw" / "000_9172d1ec0378535b.txt").read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(_line({"id": f"d{i}", "text": text[(i * 397) % 8000:(i * 397) % 8000 + 1500]}))


def test_two_runs_on_one_output_the_second_is_refused_and_the_first_is_intact(tmp_path):
    corpus, other = tmp_path / "corpus.jsonl", tmp_path / "other.jsonl"
    _corpus(corpus, 300)
    _corpus(other, 5)
    out = tmp_path / "out" / "records.jsonl"
    first = subprocess.Popen([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--split"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    part = out.with_name("records.jsonl.part")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size == 0):
        time.sleep(0.05)
    for args in ([other], [other, "--resume"], [other, "--jobs", "2"]):
        code, _, err = run_cli("run", *args, "-o", out)
        assert code == 2 and "another extract run is writing" in err, err
        _clean(err)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    _clean(err.decode())
    records = read_records(out)
    assert [r["doc_id"] for r in records if r["type"] == "document"] == [f"d{i}" for i in range(300)]
    assert not part.exists() and not out.with_name("records.jsonl.lock").exists()
    # and once it is done, the next run may write there
    code, _, err = run_cli("run", other, "-o", out)
    assert code == 0, err


# ---------------------------------------------------------------------------------------------
# 4. outputs that would destroy something are refused up front

def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.is_symlink(), p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("case", ["input-txt", "input-jsonl", "in-input-folder", "device", "symlink",
                                  "folder", "mistyped-input", "orgs-file", "split-target-is-input",
                                  "split-target-folder", "parent-is-a-file", "part-is-a-folder"])
def test_destructive_outputs_are_refused_and_nothing_changes(tmp_path, case):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(GOOD, encoding="utf-8")
    (docs / "b.jsonl").write_text(_line({"id": "b", "text": GOOD}), encoding="utf-8")
    previous = tmp_path / "records.jsonl"
    previous.write_text("previous output\n", encoding="utf-8")
    orgs = tmp_path / "orgs.tsv"
    orgs.write_text("", encoding="utf-8")
    inputs, extra = [docs], []
    output = {"input-txt": docs / "a.txt", "input-jsonl": docs / "b.jsonl", "in-input-folder": docs / "r.jsonl",
              "device": Path(os.devnull), "symlink": tmp_path / "link.jsonl", "folder": docs,
              "mistyped-input": previous, "orgs-file": orgs, "split-target-is-input": tmp_path / "x.jsonl",
              "split-target-folder": tmp_path / "y.jsonl", "parent-is-a-file": docs / "a.txt" / "r.jsonl",
              "part-is-a-folder": tmp_path / "z.jsonl"}[case]
    if case in ("input-txt", "input-jsonl"):
        inputs = [output]
    if case == "symlink":
        output.symlink_to(previous)
    if case == "mistyped-input":
        inputs = [docs / "a.txt", docs / "typo.txt"]
    if case == "orgs-file":
        extra = ["--orgs", orgs]
    if case == "split-target-is-input":
        (tmp_path / "x.date.jsonl").write_text(_line({"id": "x", "text": GOOD}), encoding="utf-8")
        inputs, extra = [tmp_path / "x.date.jsonl"], ["--split"]
    if case == "split-target-folder":
        (tmp_path / "y.event.jsonl").mkdir()
        extra = ["--split"]
    if case == "part-is-a-folder":
        (tmp_path / "z.jsonl.part").mkdir()
    before = _snapshot(tmp_path)
    code, _, err = run_cli("run", *inputs, "-o", output, *extra)
    assert code == 2, err
    assert err.startswith("extract: error: ") and len(err.strip().splitlines()) == 1, err
    _clean(err)
    assert _snapshot(tmp_path) == before


# ---------------------------------------------------------------------------------------------
# 5. --jobs: nothing but extract's own lines on standard error

def test_parallel_run_clean_and_interrupted_has_no_worker_tracebacks(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 12)
    out = tmp_path / "records.jsonl"
    code, _, err = run_cli("run", corpus, "-o", out, "--jobs", "2")
    assert code == 0
    _clean(err)
    assert len(err.strip().splitlines()) == 1, err

    _corpus(corpus, 600)
    previous = out.read_bytes()
    part = out.with_name("records.jsonl.part")
    for how in ("group-SIGINT", "parent-SIGTERM", "group-SIGTERM"):
        part.unlink(missing_ok=True)   # the last round's, kept for --resume
        proc = subprocess.Popen([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--jobs", "2"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 20_000):
            time.sleep(0.05)
        sig = signal.SIGINT if "SIGINT" in how else signal.SIGTERM
        if how.startswith("group"):
            os.killpg(proc.pid, sig)   # what Ctrl-C (or stopping a service) does
        else:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, (how, err)
        _clean(err.decode())
        assert out.read_bytes() == previous


def _workers(pid: int) -> list[int]:
    """The forked workers of process pid: its children running its own command line."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    out = []
    for child in path.read_text().split():
        try:
            if Path(f"/proc/{child}/cmdline").read_bytes() == own:
                out.append(int(child))
        except OSError:
            pass
    return out


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="needs Linux /proc/PID/task/PID/children")
def test_a_worker_that_dies_is_one_clear_error_and_the_part_file_resumes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 600)
    out = tmp_path / "records.jsonl"
    part = out.with_name("records.jsonl.part")
    proc = subprocess.Popen([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 20_000):
        time.sleep(0.05)
    workers = _workers(proc.pid)
    assert workers, "no worker processes found"
    os.kill(workers[-1], signal.SIGKILL)      # what the out-of-memory killer does
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode != 0 and proc.returncode != 130, err
    _clean(err)
    assert "ended unexpectedly" in err and "--resume" in err, err
    assert not out.exists() and part.exists()
    code, _, err = run_cli("run", corpus, "-o", out, "--jobs", "2", "--resume")
    assert code == 0, err
    assert sum(1 for r in read_records(out) if r["type"] == "document") == 600


# ---------------------------------------------------------------------------------------------
# 7. folders: nothing dropped silently

def test_folder_entries_are_read_in_any_case_or_named_as_skipped(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "UPPER.TXT").write_text(GOOD, encoding="utf-8")
    (docs / "Mixed.Jsonl").write_text(_line({"id": "m", "text": GOOD}), encoding="utf-8")
    (docs / "lower.txt").write_text(GOOD, encoding="utf-8")
    (docs / "lower.meta.json").write_text('{"published": "2019"}', encoding="utf-8")
    (docs / "notes.md").write_text(GOOD, encoding="utf-8")
    (docs / "2019").mkdir()
    (docs / "2019" / "inner.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("run", docs, "-o", out)
    assert code == 0, err
    _clean(err)
    records = read_records(out)
    assert sorted(r["doc_id"] for r in records if r["type"] == "document") == ["UPPER", "lower", "m"]
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert len(skipped) == 2, err
    assert any("notes.md" in s for s in skipped) and any("2019" in s and "subfolder" in s for s in skipped)


# ---------------------------------------------------------------------------------------------
# 8. records files are untrusted input for render, stats and eval

def _valid_records(tmp_path: Path) -> list[dict]:
    src = tmp_path / "src.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "valid.jsonl"
    code, _, err = run_cli("run", src, "-o", out)
    assert code == 0, err
    return read_records(out)


MALFORMED = {
    "deep nesting": lambda recs: ["[" * 5000 + "]" * 5000],
    "huge start": lambda recs: [_line({**recs[1], "start": 10 ** 10})],
    "huge integer": lambda recs: ['{"type": "date", "start": ' + "9" * 5000 + "}"],
    "negative end": lambda recs: [_line({**recs[1], "end": -3})],
    "start after end": lambda recs: [_line({**recs[1], "start": 9, "end": 2})],
    "string start": lambda recs: [_line({**recs[1], "start": "0"})],
    "bool offset": lambda recs: [_line({**recs[1], "end": True})],
    "list doc_id": lambda recs: [_line({**recs[0], "doc_id": ["x"]})],
    "null trigger": lambda recs: [_line({**next(r for r in recs if r["type"] == "event"), "trigger": None})],
    "argument not object": lambda recs: [_line({**next(r for r in recs if r["type"] == "event"), "arguments": [3]})],
    "counts a list": lambda recs: [_line({**recs[0], "counts": [1, 2]})],
    "huge chars": lambda recs: [_line({**recs[0], "chars": 10 ** 12})],
    "not an object": lambda recs: ["[1, 2]"],
    "not utf-8": lambda recs: [b"\xff\xfe{}".decode("latin-1")],
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_records_files_are_one_line_errors(tmp_path, name):
    recs = _valid_records(tmp_path)
    bad = tmp_path / "bad.jsonl"
    lines = [_line(r) for r in recs] + MALFORMED[name](recs)
    bad.write_bytes("".join(lines[:-1]).encode("utf-8")
                    + lines[-1].encode("latin-1" if name == "not utf-8" else "utf-8"))
    for args in (["stats", bad], ["stats", bad, "--json"], ["render", bad, "-o", tmp_path / "p.html"],
                 ["eval", bad, tmp_path / "valid.jsonl"], ["eval", tmp_path / "valid.jsonl", bad]):
        started = time.monotonic()
        code, out, err = run_cli(*args)
        assert code == 2, (args, err)
        assert err.startswith("extract: error: ") and f"bad.jsonl:{len(lines)}" in err, (args, err)
        _clean(err)
        assert time.monotonic() - started < 60
    assert not (tmp_path / "p.html").exists()


def test_render_embeds_only_plausible_sources_with_the_stated_sha256(tmp_path):
    secret_dir = tmp_path / "elsewhere"
    secret_dir.mkdir()
    # Two lines: the page's index shows a document's first line, so the second one counts the
    # documents whose text was read.
    secret = "秘密：這不是輸入文件。\n第二行只在正文裏。"
    second_line = secret.splitlines()[1]
    sha = hashlib.sha256(secret.encode()).hexdigest()
    (secret_dir / "secret.txt").write_text(secret, encoding="utf-8")
    (secret_dir / "secret.cfg").write_text(secret, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "inside.txt").write_text(secret, encoding="utf-8")
    (work / "link.txt").symlink_to(secret_dir / "secret.txt")
    doc = {"type": "document", "chars": len(secret), "published": None,
           "counts": {"date": 0, "money": 0, "organisation": 0, "event": 0}}
    cases = {"outside": str(secret_dir / "secret.txt"), "dotdot": "../elsewhere/secret.txt",
             "not-txt": str(secret_dir / "secret.cfg"), "link-out": "link.txt",
             "no-sha": "inside.txt", "inside": "inside.txt"}
    records = work / "records.jsonl"
    records.write_text("".join(_line({**doc, "doc_id": k, "source": v, "sha256": None if k == "no-sha" else sha})
                               for k, v in cases.items()), encoding="utf-8")
    page = work / "page.html"
    code, _, err = run_cli("render", records, "-o", page, cwd=work)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert html.count(second_line) == 1   # only the document whose source is a .txt in the folder


# ---------------------------------------------------------------------------------------------
# 9. smaller ones

@pytest.mark.parametrize("value", ["0", "-1", "-2000000"])
def test_max_chars_below_one_is_a_usage_error(tmp_path, value):
    code, _, err = run_cli("run", "raw/", "-o", tmp_path / "o.jsonl", "--max-chars", value)
    assert code == 2 and "--max-chars" in err
    _clean(err)


def test_resume_refuses_inputs_whose_text_changed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 3)
    out = tmp_path / "records.jsonl"
    code, _, err = run_cli("run", corpus, "-o", out)
    assert code == 0, err
    part = out.with_name("records.jsonl.part")
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    part.write_text("".join(lines[:-1]), encoding="utf-8")   # as if interrupted in the last group
    out.write_text("previous\n", encoding="utf-8")
    rows = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[0] = _line({"id": "d0", "text": "同一個編號，另一篇文字：2020年成立。"})
    corpus.write_text("".join(rows), encoding="utf-8")
    code, _, err = run_cli("run", corpus, "-o", out, "--resume")
    assert code == 2 and "changed" in err and "d0" in err, err
    _clean(err)
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_split_on_a_full_disk_leaves_no_part_files(tmp_path, monkeypatch):
    from extract import writer

    out = tmp_path / "records.jsonl"
    out.write_text(_line({"type": "document", "doc_id": "a"}) + _line({"type": "date", "doc_id": "a"}) * 3,
                   encoding="utf-8")
    real_open = open

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.fh.close()

    def fake_open(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        return Full(fh) if "w" in mode and str(path).endswith(".date.jsonl.part") else fh

    monkeypatch.setattr(writer, "open", fake_open, raising=False)
    with pytest.raises(OSError, match="No space left"):
        writer.split_by_type(str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]
