"""Bounded time for the money and date scans on dense numerals (issue #19's class).

The money search retries at every place an amount may begin; a numeral pattern that reads to the
end of a run (1億1億1億… with no currency: every 1 may begin an amount) made each retry read the
whole run, and 8,000 characters took 16 s. Each input here is run at two sizes through the two
extractors alone (the scans themselves, not jieba): four times the text may take at most six
times as long (a quadratic scan takes ~16x). The fastest of three runs is taken at each size: the
machine is shared, and a single run can be slowed by whatever else it does.
"""
import time

import pytest

from extract.dates import find_dates
from extract.money import find_money
from extract.pipeline import analyse

# name → (repeated unit, repetitions at the small size)
WORST = {
    "digit and magnitude, no currency": ("1億", 2_000),
    "digits between magnitudes": ("1億2", 1_500),
    "stacked magnitudes": ("3万亿", 1_500),
    "thousands groups without end": (",100", 2_000),
    "decimal chain": ("1.5", 2_000),
    "ranges without currency": ("1亿至2亿", 800),
    "currency word then bare numerals": ("美元1億", 1_000),
    "bound word and numeral": ("约1億", 1_200),
    "vague magnitudes": ("数千万", 1_200),
    "Chinese numeral run": ("一二三四五六七八九十百千", 400),
    "two-digit years and months": ("98年4月", 1_000),
    "lunar month words": ("正月初十臘月", 2_000),
    "dotted day-month": ("6·30·", 1_000),
    "weekday ranges": ("星期一到十", 1_000),
    "reign-era years": ("康熙二十年", 1_000),
}


def _seconds(text: str) -> float:
    doc, _ = analyse(text, "w", "2019")
    started = time.perf_counter()
    find_money(doc)
    find_dates(doc)
    return time.perf_counter() - started


@pytest.mark.parametrize("name", sorted(WORST))
def test_number_scans_are_linear(name):
    unit, reps = WORST[name]
    small, large = unit * reps, unit * (reps * 4)
    t_small = min(_seconds(small) for _ in range(3))
    t_large = min(_seconds(large) for _ in range(3))
    assert t_large <= 6 * max(t_small, 0.03), f"{name}: 4x the text took {t_large / max(t_small, 1e-9):.1f}x"


def test_the_reported_input_is_fast():
    # the issue's own figure: 50,000 characters of 1億 took 90 s
    assert _seconds("1億" * 25_000) < 5.0
