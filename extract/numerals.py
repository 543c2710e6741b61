"""One parser for the numbers that Chinese text writes: Arabic, full-width, Chinese and mixed.

Dates and money both use it: ``parse_number("1.2亿")`` is ``Decimal("120000000")``,
``parse_number("一千二百万")`` is ``Decimal("12000000")``, ``parse_digits("二〇一四")`` is 2014.
Arithmetic is Decimal so that 1.2亿 is exactly 120000000.

Input is expected after :func:`fold_width` (full-width digits turned into ASCII) and OpenCC t2s,
but traditional 萬/億/兩 and financial numerals (壹貳參…) are accepted too.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

# Full-width ASCII (U+FF01..U+FF5E) maps one-to-one onto ASCII, and the ideographic space onto a
# space, so folding never changes the length of the text and offsets stay valid.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII, length-preserving."""
    return text.translate(_WIDTH_TABLE)


DIGIT_VALUES: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# 廿 and 卅 are twenty and thirty in one character (廿三日 is the 23rd).
TENS_CHARS: dict[str, int] = {"廿": 20, "卅": 30}

CN_DIGIT_CHARS = "".join(DIGIT_VALUES)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "".join(TENS_CHARS)

# Regular-expression building blocks for the extractors (strings, to be embedded in patterns).
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
# A mixed numeral: Arabic or Chinese numbers and multipliers in any order (1.2亿, 3千万, 1亿2000万).
NUMERAL = f"(?:{ARABIC}|[{CN_NUMERAL_CHARS}])(?:{ARABIC}|[{CN_NUMERAL_CHARS}])*"

_ATOM = regex.compile(rf"(?P<arabic>{ARABIC})|(?P<char>[{CN_NUMERAL_CHARS}])")


def parse_digits(text: str) -> int | None:
    """Read a digit-by-digit numeral (years: 二〇一四, 一九九〇, 2014) as an integer."""
    text = fold_width(text)  # ２０１４ reads like 2014
    if text.isascii():
        return int(text) if text.isdigit() else None
    out = 0
    for ch in text:
        if ch.isdigit() and ch.isascii():
            out = out * 10 + int(ch)
        elif ch in DIGIT_VALUES:
            out = out * 10 + DIGIT_VALUES[ch]
        else:
            return None
    return out


def parse_number(text: str) -> Decimal | None:
    """Value of a numeral such as 15, 1.2亿, 2,000万, 一千二百万, 十二, 廿三, 二〇一四, 3千万.

    Returns None when the text is not a well-formed numeral.
    """
    text = text.strip()
    if not text:
        return None
    atoms: list[tuple[str, object]] = []
    pos = 0
    for m in _ATOM.finditer(text):
        if m.start() != pos:
            return None
        pos = m.end()
        if m.group("arabic"):
            try:
                atoms.append(("num", Decimal(m.group("arabic").replace(",", ""))))
            except InvalidOperation:
                return None
        else:
            atoms.append(("char", m.group("char")))
    if pos != len(text):
        return None

    chars = [a for kind, a in atoms if kind == "char"]
    # A run of plain digits with no unit (二〇一四, 一九九〇) is read digit by digit.
    if len(atoms) > 1 and all(kind == "char" and a in DIGIT_VALUES for kind, a in atoms):
        return Decimal(parse_digits("".join(chars)))  # type: ignore[arg-type]

    total = Decimal(0)     # everything at or above the last 亿
    section = Decimal(0)   # the current group below 亿 (may include a 万 multiple)
    group = Decimal(0)     # the current group below 万
    number: Decimal | None = None
    last_unit = 0          # value of the last unit seen, for 一万五 = 15000
    zero_after_unit = False  # 一千零五: the 零 says the trailing 五 is units, not hundreds
    small_seen = 10**5     # smallest of 十/百/千 used since the last 万/亿: they must decrease (十十 is no numeral)
    for kind, atom in atoms:
        if kind == "num":
            if number is not None:
                return None
            number = atom  # type: ignore[assignment]
            continue
        ch = atom  # type: ignore[assignment]
        if ch in DIGIT_VALUES:
            value = DIGIT_VALUES[ch]
            if number is not None and number != 0:
                return None  # 二三 with no unit between
            number = Decimal(value)
            if value == 0:
                number = None
                zero_after_unit = True
        elif ch in TENS_CHARS:
            if number is not None or small_seen <= 10:
                return None
            group += TENS_CHARS[ch]
            last_unit = small_seen = 10
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= small_seen:
                return None
            small_seen = unit
            group += (number if number is not None else Decimal(1)) * unit
            number, last_unit, zero_after_unit = None, unit, False
        else:
            unit = BIG_UNITS[ch]
            group += number if number is not None else Decimal(0)
            number = None
            if unit == 10**4:
                if group == 0 and section == 0 and total == 0:
                    group = Decimal(1)  # 万 alone
                section += group * unit
                group = Decimal(0)
            else:
                base = section + group
                if base == 0 and total == 0:
                    base = Decimal(1)  # 亿 alone
                total = (total + base) * unit
                section = group = Decimal(0)
            last_unit, zero_after_unit, small_seen = unit, False, 10**5
    if number is not None:
        # 一万五 / 三千五: a lone trailing digit counts in the unit below the last one.
        if last_unit >= 100 and not zero_after_unit and number < 10 and number == number.to_integral_value() and atoms[-1][0] == "char":
            number *= Decimal(last_unit // 10)
        group += number
    result = total + section + group
    return result.normalize() if result != result.to_integral_value() else Decimal(int(result))


def to_json_number(value: Decimal | None) -> int | float | None:
    """An exact Decimal as a JSON-friendly number: int when whole, else float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
