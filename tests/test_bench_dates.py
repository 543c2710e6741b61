"""Date extraction on the shared benchmark cases may only get better.

Runs tools/bench_dates.py's measurement on ../shared/bench (skips when that folder is absent,
e.g. outside the development machines) and checks span F1 (overlap, one-to-one) and value
accuracy of matched spans, per class and in total, for simplified and OpenCC-traditional input,
against floors: the figures measured when the floor was set, rounded down. Raise floors when the
extractor improves; never lower one to make a change pass. Misses, spurious spans and wrong
values are listed by ``python tools/bench_dates.py --failures``.
"""
from __future__ import annotations

import pytest

from .conftest import bench_tool

# class → (span F1 floor, value accuracy floor). Measured (simplified = traditional):
#   ALL P 0.976 R 0.928 F1 0.951, value 0.919 (227/247); RT calendar F1 0.973 value 0.961;
#   RT holiday 0.985 / 0.857; RT lunar/era 1.000 (values not comparable: see the tool);
#   JioNLP parse_time calendar 0.876 / 0.851, holiday 0.933 / 0.857, lunar 0.933 / 0.857;
#   JioNLP extract_time 0.941 (no values).
FLOORS = {
    "ALL": (0.95, 0.91),
    "RT calendar": (0.97, 0.96),
    "RT holiday": (0.98, 0.85),
    "RT lunar/era": (1.0, None),
    "JioNLP parse_time calendar": (0.87, 0.85),
    "JioNLP parse_time holiday": (0.93, 0.85),
    "JioNLP parse_time lunar": (0.93, 0.85),
    "JioNLP extract_time": (0.94, None),
}
# the per-case pass rate of tools/bench_dates.py --pass-rates (295/334 when set)
PASS_RATE_FLOOR = 0.88


@pytest.fixture(scope="module")
def measured(bench_dir):
    if not (bench_dir / "dates.jsonl").exists() or not (bench_dir / "timecases.jsonl").exists():
        pytest.skip(f"date benchmark files (dates.jsonl, timecases.jsonl) not present in {bench_dir}")
    tool = bench_tool("bench_dates")
    out = {}
    for script, traditional in (("simplified", False), ("traditional", True)):
        errors: list = []
        out[script] = {"spans": tool.span_scores(bench_dir, traditional, errors),
                       "errors": {(e[0], e[1], e[2]) for e in errors},
                       "pass": tool.in_scope_rate(tool.run(bench_dir, traditional))}
    return out


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("cls,floors", sorted(FLOORS.items()))
def test_span_f1_and_value_accuracy_at_or_above_floor(measured, script, cls, floors):
    f1_floor, value_floor = floors
    got = measured[script]["spans"][cls]
    failing = sorted(f"{why} {cid}" for c, why, cid in measured[script]["errors"] if c == cls)
    assert got["f1"] >= f1_floor, f"{script} {cls}: span F1 {got['f1']} below {f1_floor}; {failing[:30]}"
    if value_floor is not None:
        assert got["value_accuracy"] >= value_floor, \
            f"{script} {cls}: value accuracy {got['value_accuracy']} below {value_floor}; {failing[:30]}"


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_durations_and_sets_are_not_dates(measured, script):
    assert measured[script]["spans"]["RT negative (duration/set)"]["fp"] == 0


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_per_case_pass_rate_at_or_above_floor(measured, script):
    passed, total = measured[script]["pass"]
    assert total and passed / total >= PASS_RATE_FLOOR, f"{script}: {passed}/{total}"


def test_scripts_score_the_same(measured):
    # the pipeline converts traditional text to simplified first: both should fail the same cases
    assert measured["simplified"]["errors"] == measured["traditional"]["errors"]
    assert measured["simplified"]["spans"] == measured["traditional"]["spans"]
