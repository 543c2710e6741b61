"""Date extraction on the shared benchmark cases may only get better.

Runs tools/bench_dates.py's measurement on ../shared/bench (skips when that folder is absent,
e.g. outside the development machines) and checks every pass rate against a floor: the rate
measured when the floor was set, rounded down. Raise floors when the extractor improves; never
lower one to make a change pass. Failing cases are listed by
``python tools/bench_dates.py --failures``.
"""
from __future__ import annotations

import pytest

from .conftest import bench_tool

# category → minimum pass rate. Measured (simplified = traditional):
#   all in-scope 277/334; RT calendar dates 164/188; RT durations/sets not extracted 45/45;
#   JioNLP parse_time 50/82; JioNLP extract_time 18/19.
FLOORS = {
    "all in scope": 0.82,
    "RT calendar": 0.87,
    "RT negative (duration/set)": 1.0,
    "JioNLP parse_time": 0.60,
    "JioNLP extract_time": 0.94,
}


def _group(category: str) -> str | None:
    if "out of scope" in category or "not scored" in category:
        return None
    if category.startswith("RT negative"):
        return "RT negative (duration/set)"
    if category.startswith("RT "):
        return "RT calendar"
    if category.startswith("JioNLP parse_time"):
        return "JioNLP parse_time"
    return category


@pytest.fixture(scope="module")
def measured(bench_dir):
    if not (bench_dir / "dates.jsonl").exists() or not (bench_dir / "timecases.jsonl").exists():
        pytest.skip(f"date benchmark files (dates.jsonl, timecases.jsonl) not present in {bench_dir}")
    tool = bench_tool("bench_dates")
    out = {}
    for script, traditional in (("simplified", False), ("traditional", True)):
        failures: list = []
        stats = tool.run(bench_dir, traditional, failures)
        rates: dict[str, list[int]] = {}
        for category, (passed, total) in stats.items():
            group = _group(category)
            if group is None:
                continue
            for key in (group, "all in scope"):
                acc = rates.setdefault(key, [0, 0])
                acc[0] += passed
                acc[1] += total
        out[script] = {"rates": rates, "failures": {(f[0], f[1], f[3] if isinstance(f[3], str) else "") for f in failures}}
    return out


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("key,floor", sorted(FLOORS.items()))
def test_pass_rate_at_or_above_floor(measured, script, key, floor):
    passed, total = measured[script]["rates"][key]
    failing = sorted(f"{cid}: {text}" for k, cid, text in measured[script]["failures"] if _group(k) == key)
    assert total and passed / total >= floor, \
        f"{script} {key}: {passed}/{total} below floor {floor}; failing: {failing[:30]}"


def test_scripts_score_the_same(measured):
    # the pipeline converts traditional text to simplified first: both should pass the same cases
    assert measured["simplified"]["failures"] == measured["traditional"]["failures"]
