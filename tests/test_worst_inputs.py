"""Bounded time: pathological inputs take time proportional to their size.

Each worst input is run at two sizes: four times the text may take at most six times as long
(a catastrophically backtracking pattern or a quadratic stage takes ~16x). Its cost per
character is also capped against news measured in the same test (the cap is loose because these
inputs are far denser in triggers and numerals than any news), so the bounds hold on a slow
machine too.
"""
import time

import pytest

from extract.pipeline import process_document
from extract.reader import InputDocument

from .conftest import ROOT

NEWS = (ROOT / "raw" / "000_9172d1ec0378535b.txt").read_text(encoding="utf-8") * 6  # ~60,000 chars

# name → (repeated unit, repetitions at the small size)
WORST = {
    "digits and 年": ("2014年99999999年年年", 2_000),
    "repeated punctuation": ("！！！。，、……", 3_000),
    "nested brackets": ("(（「【商湯】」）)", 2_000),
    "numerals and currency words": ("一二三四五六七八九十百千萬億元美元", 1_500),
    "one long unpunctuated run": ("商湯科技香港中文大學融資收購合作發布", 1_000),
    "Latin and digits": ("AI 2014 NT$ US$ 3.5 Q3 ", 1_500),
    "relative dates": ("去年同年次年半年後第二年今年明年", 1_500),
    # Latin runs without an organisation word (each start of the run used to rescan all of it)
    "one long Latin letter run": ("A", 6_000),
    "Latin letters and digits, no spaces": ("Ab3&", 1_500),
    "capitalised words, no organisation word": ("Star Of ", 750),
    "upper-case words and ampersands": ("AB& ", 1_500),
}


def _seconds(text: str) -> float:
    started = time.perf_counter()
    records = process_document(InputDocument("w", text, "worst", "2019"))
    elapsed = time.perf_counter() - started
    assert records[0].type == "document", records[0]
    return elapsed


@pytest.fixture(scope="module")
def news_cost() -> float:
    _seconds(NEWS[:2000])  # warm-up: lexicons and jieba loaded
    return _seconds(NEWS) / len(NEWS)


@pytest.mark.parametrize("name", sorted(WORST))
def test_worst_input_time_is_proportional_to_its_size(name, news_cost):
    unit, reps = WORST[name]
    small, large = unit * reps, unit * (reps * 4)
    # The fastest of two runs at each size: one run can be slowed by whatever else the machine
    # does (nested brackets failed once in a full run, and measured 4.4x alone).
    t_small = min(_seconds(small) for _ in range(2))
    t_large = min(_seconds(large) for _ in range(2))
    assert t_large <= 6 * max(t_small, 0.02), f"{name}: 4x the text took {t_large / t_small:.1f}x the time"
    per_char = t_large / len(large)
    assert per_char <= 20 * news_cost, f"{name}: {per_char * 1e6:.1f} µs/char vs news {news_cost * 1e6:.1f}"
