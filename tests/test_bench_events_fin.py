"""Financial event types against the DuEE-Fin dev documents (../shared/bench/events_fin.jsonl),
scored at document level by tools/bench_events_fin.py. Skips where the bench is absent. Floors are
the measured figures rounded down to two decimals (raised as things improve, never lowered).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import bench_tool

# Measured (559 documents, simplified; traditional the same): all 13 types detection F1 0.851,
# arguments lenient 0.603, exact 0.483; the eleven financial types 0.862 / 0.615 / 0.502.
ALL13 = {"detection": 0.85, "lenient": 0.60, "exact": 0.48}
FIN11 = {"detection": 0.86, "lenient": 0.61, "exact": 0.50}


@pytest.fixture(scope="module")
def report(bench_dir: Path) -> dict:
    path = bench_dir / "events_fin.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    tool = bench_tool("bench_events_fin")
    return tool.run(tool.load(path))


@pytest.mark.parametrize("name,floors", [("all", ALL13), ("financial11", FIN11)])
def test_floors(report, name, floors):
    for measure, floor in floors.items():
        assert report[name][measure]["f1"] >= floor, (name, measure, report[name][measure])
