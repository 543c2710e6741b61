"""Money extraction on the shared benchmark cases may only get better.

Runs tools/bench_money.py's measurement on ../shared/bench (skips when that folder is absent,
e.g. outside the development machines) and checks every pass rate against a floor: the rate
measured when the floor was set, rounded down. Raise floors when the extractor improves; never
lower one to make a change pass. Failing classes are listed by ``python tools/bench_money.py``.
"""
from __future__ import annotations

import pytest

from .conftest import bench_tool

# source/script → minimum pass rate (measured 2/2 scripts: 8/8, 25/30, 17/19)
FLOORS = {
    "jionlp_extract/simplified": 1.0,
    "jionlp_extract/traditional": 1.0,
    "jionlp_parse/simplified": 0.83,
    "jionlp_parse/traditional": 0.83,
    "recognizers/simplified": 0.89,
    "recognizers/traditional": 0.89,
}


@pytest.fixture(scope="module")
def measured(bench_dir):
    if not (bench_dir / "money.jsonl").exists() or not (bench_dir / "moneycases.jsonl").exists():
        pytest.skip(f"money benchmark files not present in {bench_dir}")
    return bench_tool("bench_money").measure(bench_dir)


@pytest.mark.parametrize("key,floor", sorted(FLOORS.items()))
def test_pass_rate_at_or_above_floor(measured, key, floor):
    rate = measured["rates"][key]
    failing = [f"{f['id']} ({f['class']})" for f in measured["failures"]
               if f"{f['source']}/{f['script']}" == key]
    assert rate["rate"] >= floor, f"{key}: {rate['passed']}/{rate['cases']} below floor {floor}; failing: {failing}"


def test_scripts_score_the_same(measured):
    # the pipeline converts traditional text to simplified first: both should pass the same cases
    by_script = {}
    for f in measured["failures"]:
        by_script.setdefault(f["script"], set()).add((f["source"], f["id"]))
    assert by_script.get("simplified", set()) == by_script.get("traditional", set())
