"""Killing a run keeps the previous output; --resume finishes it without losing or duplicating."""
import json
import signal
import subprocess
import sys
import time

import pytest

from .conftest import ROOT


def _corpus(path, n=400):
    text = (ROOT / "raw" / "000_9172d1ec0378535b.txt").read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            piece = text[(i * 397) % 8000:(i * 397) % 8000 + 1500]
            fh.write(json.dumps({"id": f"d{i}", "text": piece, "published": "2019"}, ensure_ascii=False) + "\n")
        fh.write("{broken\n")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_kill_then_resume(tmp_path, sig):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus)
    out = tmp_path / "records.jsonl"
    out.write_text("previous good output\n", encoding="utf-8")
    part = tmp_path / "records.jsonl.part"

    proc = subprocess.Popen([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 50_000):
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and b"--resume" in err
    assert out.read_text(encoding="utf-8") == "previous good output\n"
    assert part.exists()

    code = subprocess.run([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--resume"],
                          cwd=ROOT, capture_output=True).returncode
    assert code == 1  # the broken line
    assert not part.exists()
    fresh = tmp_path / "fresh.jsonl"
    subprocess.run([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(fresh)], cwd=ROOT,
                   capture_output=True)
    assert out.read_bytes() == fresh.read_bytes()
    kinds = [json.loads(line)["type"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("document") == 400 and kinds.count("error") == 1


def test_resume_refuses_different_inputs(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, n=3)
    out = tmp_path / "records.jsonl"
    (tmp_path / "records.jsonl.part").write_text(
        json.dumps({"type": "document", "doc_id": "other", "source": "x", "chars": 1, "sha256": "0" * 64,
                    "published": None, "counts": {}}) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--resume"],
                          cwd=ROOT, capture_output=True)
    assert proc.returncode == 2
    assert b"inputs differ" in proc.stderr and b"Traceback" not in proc.stderr
