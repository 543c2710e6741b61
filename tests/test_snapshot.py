"""Byte-identity against the regression snapshot (tools/snapshot.py; NOT gold).

A refactoring that means to change no output must leave ``extract run`` writing exactly the
bytes of ``tests/snapshots/records.jsonl``. When a behaviour change is intended, regenerate the
snapshot with ``python tools/snapshot.py`` and review its diff in the same commit.
"""
import importlib.util

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("snapshot", ROOT / "tools" / "snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)


def test_output_is_byte_identical_to_the_snapshot(tmp_path):
    out = tmp_path / "records.jsonl"
    proc = snapshot.run(out)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8")
    got = out.read_bytes().splitlines(keepends=True)
    want = snapshot.RECORDS.read_bytes().splitlines(keepends=True)
    for n, (g, w) in enumerate(zip(got, want), start=1):
        assert g == w, (f"line {n} differs from the snapshot (regenerate with `python tools/snapshot.py` "
                        f"only if the change is intended):\n got: {g[:400]!r}\nwant: {w[:400]!r}")
    assert len(got) == len(want), f"{len(got)} lines, the snapshot has {len(want)}"
