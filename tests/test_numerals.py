"""The shared numeral parser (extract/numerals.py): Arabic, full-width, Chinese and mixed numbers."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from extract.numerals import fold_width, parse_digits, parse_number, to_json_number

NUMBERS = [
    # Arabic, with thousands separators and decimals
    ("15", 15), ("2014", 2014), ("2,000", 2000), ("1.5", Decimal("1.5")), ("0", 0), ("007", 7),
    # full-width digits (parse_number reads them even before fold_width)
    ("１２", 12), ("２０１４", 2014), ("３千万", 30000000),
    # Chinese numerals with units
    ("十", 10), ("十二", 12), ("二十", 20), ("五十六", 56), ("一百零八", 108), ("两百", 200),
    ("一千二", 1200), ("一千零五", 1005), ("一千〇五", 1005), ("三千五", 3500), ("一万五", 15000),
    ("十万", 100000), ("十一万", 110000), ("二十万零五", 200005), ("两万三千", 23000),
    ("一百二十三万四千五百六十七", 1234567), ("一亿", 100000000), ("十亿", 1000000000),
    ("三亿五千万", 350000000), ("万", 10000), ("亿", 100000000), ("千万", 10000000), ("百五", 150),
    # 两, 廿 and 卅
    ("两", 2), ("两千零四", 2004), ("廿", 20), ("廿三", 23), ("卅", 30), ("卅一", 31), ("三十一", 31),
    # 〇 and 零, digit by digit
    ("〇", 0), ("零", 0), ("二〇一四", 2014), ("二零一八", 2018), ("一九九〇", 1990), ("九〇", 90),
    ("一一二", 112), ("二〇〇六", 2006),
    # mixed Arabic and Chinese multipliers
    ("1.2亿", 120000000), ("3千万", 30000000), ("一千二百万", 12000000), ("1亿2000万", 120000000),
    ("2,000万", 20000000), ("12.5万", 125000), ("5十", 50),
    # financial numerals and traditional characters
    ("壹佰", 100), ("兩", 2), ("三萬", 30000), ("4億", 400000000),
]

INVALID = ["", "   ", "abc", "1,2", "1.2.3", "十十", "廿廿", "廿十", "二十二十", "亿x", "1二"]

DIGITS = [
    ("2014", 2014), ("二〇一四", 2014), ("二零一八", 2018), ("一九九〇", 1990), ("九〇", 90),
    ("一一二", 112), ("两", 2), ("２０１４", 2014), ("二〇1四", 2014),
]


@pytest.mark.parametrize("text,expected", NUMBERS, ids=[t for t, _ in NUMBERS])
def test_parse_number(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", INVALID)
def test_invalid_numerals_are_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,expected", DIGITS, ids=[t for t, _ in DIGITS])
def test_parse_digits(text, expected):
    assert parse_digits(text) == expected


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
