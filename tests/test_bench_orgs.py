"""Organisation extractor against the shared bench (MSRA / CLUENER / People's Daily dev sentences).

Skips cleanly where ../shared/bench is absent. Floors are the measured figures rounded down (full
bench, simplified text, measured with tools/bench_orgs.py); the extractor must also stay above the
plain jieba.posseg ``nt`` baseline on every source.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import bench_tool

# Measured: exact F1 CLUENER 0.406, MSRA 0.533, People's Daily 0.538, all 0.456;
#           overlap F1 CLUENER 0.489, MSRA 0.665, People's Daily 0.651, all 0.552.
FLOORS = {
    "CLUENER2020": {"exact": 0.40, "overlap": 0.48},
    "MSRA-NER": {"exact": 0.52, "overlap": 0.65},
    "PeopleDaily-NER": {"exact": 0.53, "overlap": 0.64},
    "ALL": {"exact": 0.45, "overlap": 0.55},
}


@pytest.fixture(scope="module")
def summary(bench_dir: Path) -> dict:
    path = bench_dir / "orgs.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    bench_orgs = bench_tool("bench_orgs")
    return bench_orgs.summarise(bench_orgs.run(bench_orgs.load(path, None)))


@pytest.mark.parametrize("source", sorted(FLOORS))
@pytest.mark.parametrize("mode", ["exact", "overlap"])
def test_f1_at_or_above_floor(summary: dict, source: str, mode: str) -> None:
    f1 = summary["ours"][source][mode][2]
    assert f1 >= FLOORS[source][mode], f"{source} {mode} F1 {f1:.3f} fell below {FLOORS[source][mode]}"


@pytest.mark.parametrize("source", sorted(FLOORS))
@pytest.mark.parametrize("mode", ["exact", "overlap"])
def test_above_jieba_nt_baseline(summary: dict, source: str, mode: str) -> None:
    ours, base = summary["ours"][source][mode][2], summary["baseline"][source][mode][2]
    assert ours > base, f"{source} {mode}: ours {ours:.3f} vs jieba nt {base:.3f}"
