"""Running the real command line in a subprocess, as a user would."""
import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run_cli(*args, stdin: bytes | None = None, cwd: Path = ROOT, timeout: float = 300):
    proc = subprocess.run([sys.executable, "-m", "extract", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def read_records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def assert_accounted(records: list[dict], documents_read: int) -> None:
    """Every document read is either a document record or an error record."""
    kinds = [r["type"] for r in records]
    assert kinds.count("document") + kinds.count("error") == documents_read
