"""The byte-identity snapshot: what the pipeline writes today for a fixed set of inputs.

This is a REGRESSION SNAPSHOT, not gold: ``tests/snapshots/records.jsonl`` is whatever the
pipeline wrote when it was last regenerated, right or wrong. ``tests/test_snapshot.py`` fails
when the output of ``extract run`` on the same inputs differs by one byte, so that a refactoring
which means to change nothing can prove it. When a change of behaviour is intended, regenerate
it and review the diff of the snapshot in the same commit:

    python tools/snapshot.py

Inputs (all in the repository): the sample ``raw/``, every gold document ``tests/gold/docs/``
and ``tests/snapshots/texts.jsonl`` — every Chinese string literal of the test modules (texts
the project wrote itself), each once as written and once converted to traditional script.
``python tools/snapshot.py --collect-texts`` rebuilds that file from the tests (rarely needed:
the snapshot only has to hold a fixed set of texts, not the newest).
"""
from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
TEXTS = SNAPSHOTS / "texts.jsonl"
RECORDS = SNAPSHOTS / "records.jsonl"
PUBLISHED = "2020-06-15"   # for the texts, so that 去年/今年 resolve
INPUTS = ["raw", "tests/gold/docs", "tests/snapshots/texts.jsonl"]


def command(output: str) -> list[str]:
    """The one command whose output the snapshot holds (run from the repository root)."""
    return [sys.executable, "-m", "extract", "run", *INPUTS, "-o", output]


def run(output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command(str(output)), cwd=ROOT, capture_output=True, timeout=900)


def collect_texts() -> int:
    import opencc
    import regex

    han = regex.compile(r"\p{Han}")
    seen: dict[str, str] = {}
    for f in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                s = node.value
                if len(han.findall(s)) >= 2 and len(s) <= 2000 and s.strip():
                    seen.setdefault(s, f.stem)
    s2t = opencc.OpenCC("s2t")
    with open(TEXTS, "w", encoding="utf-8") as fh:
        for n, (text, origin) in enumerate(seen.items()):
            for script, t in (("s", text), ("t", s2t.convert(text))):
                fh.write(json.dumps({"id": f"{origin}-{n:04d}-{script}", "text": t, "published": PUBLISHED},
                                    ensure_ascii=False) + "\n")
    return len(seen)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--collect-texts", action="store_true", help="rebuild tests/snapshots/texts.jsonl first")
    args = ap.parse_args()
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    if args.collect_texts or not TEXTS.exists():
        print(f"snapshot: {collect_texts()} texts → {TEXTS.relative_to(ROOT)}", file=sys.stderr)
    proc = run(RECORDS)
    sys.stderr.write(proc.stderr.decode("utf-8"))
    return 0 if proc.returncode in (0, 1) else proc.returncode


if __name__ == "__main__":
    sys.exit(main())
