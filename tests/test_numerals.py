"""The shared numeral parser (extract/numerals.py): Arabic, full-width, Chinese and mixed numbers."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from extract.numerals import fold_width, parse_digits, parse_number, to_json_number

# The table cases (numbers, non-numerals, digit-by-digit numerals) are in
# tests/spec/numerals.jsonl, run by tests/test_spec.py in both scripts.


@pytest.mark.parametrize("text", ["十二", "二十", "abc", "1.5", "一万"])
def test_parse_digits_refuses_numerals_with_units(text):
    assert parse_digits(text) is None


def test_fold_width_keeps_length():
    assert fold_width("２０１４年，ＡＢＣ　１２％") == "2014年,ABC 12%"


def test_json_number():
    assert to_json_number(Decimal("120000000")) == 120000000
    assert isinstance(to_json_number(Decimal("120000000")), int)
    assert to_json_number(Decimal("1.5")) == 1.5
    assert to_json_number(None) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """A well-formed Chinese numeral for 0 <= n < 10**8 (一万零五百, 十二 etc.)."""
    if n == 0:
        return "零"

    def below_10000(k: int, leading: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // unit % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and (out or not leading):
                out += "零"
            zero = False
            out += ("" if (d == 1 and unit == 10 and not out and leading) else _CN[d]) + name
        return out

    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low, True)
    out = below_10000(high, True) + "万"
    if low:
        out += "零" + below_10000(low, True) if low < 1000 else below_10000(low, False)
    return out


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_chinese_round_trip(n):
    assert parse_number(_chinese(n)) == n, _chinese(n)
