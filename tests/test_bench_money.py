"""Money extraction on the shared benchmark cases may only get better.

Runs tools/bench_money.py's measurement on ../shared/bench (skips when that folder is absent,
e.g. outside the development machines): span F1 (overlap, one-to-one) and value accuracy of
matched spans per source, simplified and OpenCC-traditional, and the older per-case pass rates,
against floors (measured figures rounded down). Raise floors when the extractor improves; never
lower one to make a change pass. Failures are listed by ``python tools/bench_money.py``.
"""
from __future__ import annotations

import pytest

from .conftest import bench_tool

# class → (span F1, value accuracy). Measured (both scripts): ALL P 1.000 R 1.000 F1 1.000,
# value 0.977 (43/44); recognizers 1.000 / 1.000 (17/17); jionlp_parse 1.000 / 0.963 (26/27);
# jionlp_extract 1.000 (spans only).
SPAN_FLOORS = {
    "ALL": (1.0, 0.97),
    "recognizers": (1.0, 1.0),
    "jionlp_parse": (1.0, 0.96),
    "jionlp_extract": (1.0, None),
}
# source/script → minimum per-case pass rate (measured: 8/8, 26/30, 18/19)
FLOORS = {
    "jionlp_extract/simplified": 1.0,
    "jionlp_extract/traditional": 1.0,
    "jionlp_parse/simplified": 0.86,
    "jionlp_parse/traditional": 0.86,
    "recognizers/simplified": 0.94,
    "recognizers/traditional": 0.94,
}


@pytest.fixture(scope="module")
def tool(bench_dir):
    if not (bench_dir / "money.jsonl").exists() or not (bench_dir / "moneycases.jsonl").exists():
        pytest.skip(f"money benchmark files not present in {bench_dir}")
    return bench_tool("bench_money")


@pytest.fixture(scope="module")
def measured(tool, bench_dir):
    return tool.measure(bench_dir)


@pytest.fixture(scope="module")
def spans(tool, bench_dir):
    return tool.span_scores(bench_dir)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("cls,floors", sorted(SPAN_FLOORS.items()))
def test_span_f1_and_value_accuracy_at_or_above_floor(spans, script, cls, floors):
    f1_floor, value_floor = floors
    got = spans[script][cls]
    assert got["f1"] >= f1_floor, f"{script} {cls}: span F1 {got['f1']} below {f1_floor}"
    if value_floor is not None:
        assert got["value_accuracy"] >= value_floor, f"{script} {cls}: value {got['value_accuracy']} below {value_floor}"


def test_span_scores_are_the_same_on_both_scripts(spans):
    assert spans["simplified"] == spans["traditional"]


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
