"""Money mentions (RECORDS.md ``money``): recognition by one compiled pattern, then normalisation.

Recognition finds a span: an optional bound/approximation word, then either a currency written
before the amount (人民币1亿元, US$3 million, HK$2.5亿) or an amount followed by a currency word
(4亿英镑, 1亿元人民币, 50万元), then optional sub-units (元1角1分), 整 and a trailing bound word
(左右, 以上). The amount is an exact number (1.2亿, 一千二百万, 2,000万), an order of magnitude
(数千万, 几个亿, 上千万), a number with 多/余/几 (1000多万), two adjacent digits (两三亿) or a range
(1亿至2亿, 数百万到上千万, 8500到3万). A number without a currency is never money.

Normalisation reads the recognised parts with ``numerals.parse_number`` (Decimal, exact) and the
lexicon in ``data/money_words.json`` and fills ``amount``/``min``/``max``/``currency``/``mod``
following tests/gold/README.md:

- exact and APPROX: min = max = amount; MORE_THAN/EQUAL_OR_MORE: min = amount, max null;
  LESS_THAN/EQUAL_OR_LESS: min null, max = amount.
- 数/几/上 X: amount null, min X, max 10·X; 两三亿: amount null, min 2亿, max 3亿.
- Ranges: one mention, amount null, min = low end, max = high end.
- 10多亿 / 1000多万 / 2000余元 / 十几亿 (decision for this project): ``mod`` MORE_THAN and
  ``amount`` the round number stated, but unlike 超过 the wording also bounds it from above: 多
  fills the places below the last stated digit, so 10多亿 is 10亿…20亿, 1500多 is 1500…1600.
  min = amount, max = amount + one step of that digit. An explicit bound word (超过, 约 …) wins.
- Currency: the stated one (人民币, HK$, 美金 …); a bare 元/块钱 takes the currency stated earlier
  in the same sentence when that one is counted in 元 (新台币800万元、4,200万元 → TWD, TWD),
  else ``doc.default_currency``.
- Extent: bound words are inside (近10亿美元, 30万元左右); 从 of 从8500到3万 is not (a
  preposition, as for dates); a bound word that is the tail of another word is no bound word
  (最近10亿 → 10亿).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

import regex

from .analysis import AnalysedText, Mention
from .numerals import CN_NUMERAL_CHARS, DIGIT_VALUES, parse_number, to_json_number
from .resources import resources_of


def _load_lexicon() -> dict:
    with resources.files("extract").joinpath("data", "money_words.json").open(encoding="utf-8") as fh:
        data = json.load(fh)

    def strip(obj):  # "_comment" keys document the file; they are not entries
        if isinstance(obj, dict):
            return {k: strip(v) for k, v in obj.items() if k != "_comment"}
        return obj

    return strip(data)


_LEX = _load_lexicon()
_WORDS: dict[str, str] = _LEX["currency_words"]
_CODES: dict[str, str] = _LEX["codes"]
_SYMBOLS: dict[str, str] = _LEX["symbols"]
_GENERIC: list[str] = _LEX["generic_yuan"]["words"]
_KUAI: str = _LEX["generic_yuan"]["kuai"]
_AFTER_GENERIC: list[str] = _LEX["after_generic"]["words"]
_SUBUNITS: dict[str, Decimal] = {k: Decimal(v) for k, v in _LEX["subunits"].items()}
# Words that may follow an amount: currency names and named fractional units (99美分).
_SUFFIX_WORDS: dict[str, str] = {**_WORDS, **{w: iso for w, (iso, _) in _LEX["subunit_words"].items()}}
_WORD_FACTOR: dict[str, Decimal] = {w: Decimal(f) for w, (_, f) in _LEX["subunit_words"].items()}
_LATIN_MAG: dict[str, Decimal] = {k: Decimal(v) for k, v in _LEX["latin_magnitudes"].items()}
_PRE_MODS: dict[str, str] = _LEX["prefix_mods"]
_POST_MODS: dict[str, str] = _LEX["suffix_mods"]
_NOT_AFTER_BARE = frozenset(_LEX["not_after_bare_amount"]["chars"])
_YUAN_COUNTED = frozenset(_LEX["yuan_counted_currencies"]["codes"])
_DAY_WORDS = frozenset(_LEX["day_words"]["words"])
_KUAI_CUES: tuple[str, ...] = tuple(_LEX["kuai_alone"]["money_cues"])
_PER_UNITS: dict[str, str] = _LEX["per_unit"]["words"]


def _alt(words) -> str:
    # Longest first, so that 新台币 is preferred to 台币 and 超过 to 超 at the same position.
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# --- Recognition: pattern pieces ---------------------------------------------------------------
# Every repetition over digits or numeral characters is possessive AND bounded. Possessive: a
# failed attempt never re-splits a run of digits. Bounded: the search retries at every place an
# amount may begin, so an unbounded run (1億1億1億… with no currency, where every 1 may begin an
# amount) made each attempt read to the end of the run and the scan quadratic (8,000 characters
# took 16 s). No real amount is longer than these bounds (_MAX_NUMERAL rejects longer ones anyway).
_SP = r"\x20"
_BIG = "万萬亿億兆"                       # 兆 is 10^12 (Taiwan/Japan usage: 1.5兆元)
_SMALL = "十拾百佰千仟"
_CN = "".join(dict.fromkeys(CN_NUMERAL_CHARS + "兆"))
_UNITS = _SMALL + _BIG
_AR = r"(?!0\d)\d{1,32}+(?:,\d{3}){0,6}+(?:\.\d{1,12}+)?+"   # no leading zero: 010-12345678 is a phone number
# An Arabic-led numeral may continue with units and more numerals (3千万, 1亿2000万, 1亿两千万);
# a Chinese one is a run of numeral characters (一千二百万, 肆佰叁拾万).
_NUM = rf"(?:{_AR}(?:[{_UNITS}]{{1,4}}+(?:{_AR}|[{_CN}]{{1,16}}+){{0,4}}+)?+|[{_CN}]{{1,24}}+)"
_MORE = "多|余|几"
_GE = r"个(?=[亿億])"                      # 一个亿, 几个亿
_LATIN = rf"(?i:{_alt(_LATIN_MAG)})(?![A-Za-z])"
_MULT = rf"(?:{_SP}?+(?:[{_BIG}]{{1,4}}+|{_LATIN}))"
_SINGLE = rf"{_NUM}(?:{_MORE})?(?:{_GE})?{_MULT}?"
_VAGUE_HEAD = "好几|数|几|上"
_VAGUE = rf"(?:{_VAGUE_HEAD})(?:[{_SMALL}][{_BIG}]{{0,4}}+|(?:{_GE})?[{_BIG}]{{1,4}}+)"
_SIDE = rf"(?:{_VAGUE}|{_SINGLE})"
_CONN = _alt(_LEX["range_connectors"])

_SUBNUM = "[0-9一二两三四五六七八九]"
_NAMED_SUB = _alt(_LEX["subunit_words"])
# 元1角1分, 五元三毛, 两美元又三美分; 分 is not a sub-unit in 3分钟, 三分之一.
_PHRASE_END = r"(?=[ ，。,.;；！!？?、)）」”\n]|$)"
_SUB = (rf"(?:(?<=块){_SUBNUM}{_PHRASE_END}"     # 两块五, 1块2: the digit after 块 counts 毛
        rf"|(?:又|零)?(?:{_SUBNUM}{{1,2}}{_SP}?(?:{_NAMED_SUB})"
        rf"|{_SUBNUM}{_SP}?[角毛](?:{_SUBNUM}{_SP}?分(?![钟之数]))?"
        rf"|{_SUBNUM}{_SP}?分(?![钟之数])))")
# 块 is a measure word (6000多块GPU); as money it needs 钱 (块钱, in the word list) or a sub-unit.
# 块 alone where the amount ends the phrase (三五百块。) is checked for a money context in _normalise.
_GENERIC_RE = (rf"(?:{_alt(_GENERIC)}|{regex.escape(_KUAI)}(?=(?:又|零)?{_SUBNUM}{_SP}?[角毛分]|{_SUBNUM}{_PHRASE_END})"
               rf"|{regex.escape(_KUAI)}(?={_LEX['kuai_alone']['after']}))")
# 元 that begins another word (元素, 元旦 …) is not a currency: checked right after the currency.
_YUAN_BLOCK = rf"(?!(?<=[元圆])(?:{'|'.join(_LEX['yuan_word_blocklist']['patterns'])}))"
_CODE_RE = rf"(?<![A-Za-z])(?:{_alt(_CODES)})(?![A-Za-z])"


def _suffix_currency(named: bool) -> str:
    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    return (rf"(?:{g('gen', _GENERIC_RE)}(?:{_SP}?{g('after', _alt(_AFTER_GENERIC))})?"
            rf"|{g('cur', _alt(_SUFFIX_WORDS))}|{g('code', _CODE_RE)}){_YUAN_BLOCK}")


_RANGE = rf"{_SIDE}{_SP}?(?:{_suffix_currency(False)}{_SP}?)?(?:{_CONN}){_SP}?{_SIDE}"
_PRE_CUR = rf"(?<![A-Za-z])(?:{_alt(_SYMBOLS)}|{_alt(_CODES)}(?![A-Za-z])|{_alt(_WORDS)})"
_PREMOD = _alt(_PRE_MODS)
_POSTMOD = _alt(_POST_MODS)
# Where an amount may begin when nothing precedes it: never inside a number (the 亿 of 1亿,
# the 0 of 2010) nor after "digit-" (the 820 of 400-820-8820).
_AMT_START = rf"(?:(?<![\d.])(?<!\d[-‐])(?=\d)|(?<![\d.{_CN}])(?=\D))"


# Every match begins with a bound word, a currency written first or an amount (a digit, a numeral
# character or a vague head). Testing that one character first lets the search skip the ~85 % of
# positions where nothing can begin, instead of trying every branch there (the search was 80 % of
# money's time: 0.34 s → 0.09 s at 200,000 characters). Same matches: it only excludes positions
# where the rest could not match either.
_LEAD = ("[\\d" + "".join(regex.escape(c) for c in sorted(
    {w[0] for w in (*_PRE_MODS, *_SYMBOLS, *_CODES, *_WORDS, *_VAGUE_HEAD.split("|"))} | set(_CN))) + "]")


def _money_pattern(with_ranges: bool) -> regex.Pattern:
    amt = rf"(?:{_RANGE}|{_VAGUE}|{_SINGLE})" if with_ranges else rf"(?:{_VAGUE}|{_SINGLE})"
    return regex.compile(
        rf"(?={_LEAD})"
        rf"(?:(?P<pre>{_PREMOD}){_SP}?)?"
        rf"(?:(?P<pcur>{_PRE_CUR}){_SP}{{0,2}}(?:(?P<pre2>{_PREMOD}){_SP}?)?(?P<amt>{amt})"
        rf"(?:{_SP}?(?P<gen>{_GENERIC_RE}){_YUAN_BLOCK})?(?P<sub>{_SUB})?"
        rf"|{_AMT_START}(?P<amt>{amt}){_SP}?{_suffix_currency(True)}(?P<sub>{_SUB})?)"
        rf"(?P<zheng>整(?!\p{{Han}}))?"
        rf"(?:{_SP}?(?P<post>{_POSTMOD}))?"
    )


_MONEY = _money_pattern(with_ranges=True)
# Retried at the same place when a recognised range does not add up (1亿美元至2亿欧元).
_MONEY_SINGLE = _money_pattern(with_ranges=False)

# --- Normalisation: patterns that split a recognised amount into its parts ---------------------
_RANGE_PARTS = regex.compile(
    rf"(?P<lo>{_SIDE}){_SP}?(?:(?P<locur>{_suffix_currency(False)}){_SP}?)?"
    rf"(?:{_CONN}){_SP}?(?P<hi>{_SIDE})")
_VAGUE_PARTS = regex.compile(rf"(?:{_VAGUE_HEAD})(?P<unit>.+)")
_SINGLE_PARTS = regex.compile(
    rf"(?P<num>{_NUM})(?P<more>{_MORE})?(?:{_GE})?(?:{_SP}?+(?P<mult>[{_BIG}]{{1,4}}+|{_LATIN}))?")
_SUB_PARTS = regex.compile(rf"({_SUBNUM}{{1,2}}){_SP}?({_alt(_SUBUNITS)})")
_SUFFIX_CURRENCY = regex.compile(_suffix_currency(True))
_ARABIC_ONLY = regex.compile(rf"{_AR}")
_BIG_TAIL = regex.compile(rf"[{_BIG}]+$")
_UNITS_ONLY = regex.compile(rf"[{_UNITS}]+")
_LEAD_ATOM = regex.compile(rf"{_AR}|[{_CN}]")
_LATIN_SEARCH = regex.compile(_LATIN)
# 每股8美元 / 每股价格为8美元 (before), 8美元/股 / 8美元每股 (after): a price per unit.
_PER_BEFORE = regex.compile(rf"每(?P<u>{_alt(_PER_UNITS)})[^\d{_CN}，。,；;：:、\s]{{0,4}}$")
_PER_AFTER = regex.compile(rf"{_SP}?(?:/|每)(?P<u>{_alt(_PER_UNITS)})")
_MINUS = "-−"
_DIGITS_1_9 = {ch: v for ch, v in DIGIT_VALUES.items() if 1 <= v <= 9}

_BOUND_MODS = {"MORE_THAN", "EQUAL_OR_MORE", "LESS_THAN", "EQUAL_OR_LESS"}


@dataclass(frozen=True, slots=True)
class _Amount:
    amount: Decimal | None
    lo: Decimal
    hi: Decimal
    kind: str          # exact, more, vague, pair, range


_MAX_NUMERAL = 32   # longer digit runs are identifiers, not amounts (and would cost big-int time)


def _parse_num(text: str) -> tuple[Decimal, Decimal] | None:
    """(low, high) of a numeral; equal unless it is two adjacent digits (两三千万 → 2千万, 3千万)."""
    if len(text) > _MAX_NUMERAL:
        return None
    if "兆" in text:
        # 兆 is not in the shared parser: 四十九兆九千五百九十二亿 = 49·10^12 + 9592亿.
        head, _, tail = text.partition("兆")
        if "兆" in tail:
            return None
        h = parse_number(head) if head else Decimal(1)
        t = parse_number(tail) if tail else Decimal(0)
        if h is None or t is None:
            return None
        v = h * 10**12 + t
        return v, v
    value = parse_number(text)
    if value is not None:
        return value, value
    # 三五百, 两三亿, 七八千万: two increasing digits and then units.
    if len(text) > 2 and text[0] in _DIGITS_1_9 and text[1] in _DIGITS_1_9 and _UNITS_ONLY.fullmatch(text[2:]):
        a, b = _DIGITS_1_9[text[0]], _DIGITS_1_9[text[1]]
        unit = parse_number("一" + text[2:])
        if b > a and unit is not None:
            return a * unit, b * unit
    return None


def _multiplier(mult: str | None) -> Decimal | None:
    if not mult:
        return Decimal(1)
    if mult.lower() in _LATIN_MAG:
        return _LATIN_MAG[mult.lower()]
    parsed = _parse_num(mult)
    return parsed[0] if parsed else None


def _single(num: str, more: str | None, mult: str | None) -> _Amount | None:
    parsed, factor = _parse_num(num), _multiplier(mult)
    if parsed is None or factor is None:
        return None
    lo, hi = parsed
    if lo != hi:
        return None if more else _Amount(None, lo * factor, hi * factor, "pair")
    value = lo * factor
    if more:
        if lo <= 0:
            return None
        # 多 fills the places below the last non-zero digit: 1500多 → step 100, 10多 → step 10.
        step = Decimal(1).scaleb(lo.normalize().as_tuple().exponent)
        return _Amount(value, value, (lo + step) * factor, "more")
    return _Amount(value, value, value, "exact")


def _side(text: str) -> tuple[_Amount, regex.Match | None] | None:
    """An amount that is one side of a range, or a whole non-range amount."""
    v = _VAGUE_PARTS.fullmatch(text)
    if v and not _SINGLE_PARTS.fullmatch(text):
        base = _parse_num("一" + v.group("unit").replace("个", ""))
        if base is None:
            return None
        return _Amount(None, base[0], base[0] * 10, "vague"), None
    s = _SINGLE_PARTS.fullmatch(text)
    if not s:
        return None
    amount = _single(s.group("num"), s.group("more"), s.group("mult"))
    return (amount, s) if amount else None


def _range(m: regex.Match) -> _Amount | None:
    lo_side, hi_side = _side(m.group("lo")), _side(m.group("hi"))
    if lo_side is None or hi_side is None:
        return None
    (lo, lo_m), (hi, hi_m) = lo_side, hi_side
    candidates: list[_Amount] = []
    # The high end's units often cover both ends: 1-5万, 十八至三十万, 两到三仟, 一千到两千万.
    if lo_m is not None and hi_m is not None and not lo_m.group("mult") and not _BIG_TAIL.search(lo_m.group("num")):
        lo_num, hi_num = lo_m.group("num"), hi_m.group("num")
        lead = _LEAD_ATOM.match(hi_num)
        tail = hi_num[lead.end():] if lead else ""
        if _ARABIC_ONLY.fullmatch(lo_num) or lo_num in _DIGITS_1_9:
            # a bare number takes every unit after the high end's first number (八到九百亿 → 八百亿)
            suffix = tail if tail and _UNITS_ONLY.fullmatch(tail) else ""
        else:
            suffix = ""
        if not suffix:
            big = _BIG_TAIL.search(hi_num)
            suffix = big.group() if big else ""
        if suffix or hi_m.group("mult"):
            borrowed = _single(lo_num + suffix, lo_m.group("more"), hi_m.group("mult"))
            if borrowed:
                candidates.append(borrowed)
    candidates.append(lo)   # as written: 8500到3万 is 8500 … 30000
    for low in candidates:
        if low.lo < hi.hi:
            return _Amount(None, low.lo, hi.hi, "range")
    return None


def _amount(text: str) -> _Amount | None:
    r = _RANGE_PARTS.fullmatch(text)
    if r:
        return _range(r)
    side = _side(text)
    return side[0] if side else None


def _suffix_iso(doc: AnalysedText | None, gen: str | None, after: str | None, cur: str | None,
                code: str | None) -> str | None:
    if cur:
        return _SUFFIX_WORDS[cur]
    if code:
        return _CODES[code]
    if after:
        return _WORDS.get(after) or _CODES.get(after)
    if gen and doc is not None:
        return doc.default_currency
    return None


def _stated_iso(text: str) -> str | None:
    """ISO code of a currency named inside a range (the 美元 of 1亿美元至2亿美元); None for a
    bare 元 (人民币1亿元至2亿元), which takes the currency of the whole mention."""
    m = _SUFFIX_CURRENCY.fullmatch(text.strip())
    if not m or not (m.group("after") or m.group("cur") or m.group("code")):
        return None
    return _suffix_iso(None, None, m.group("after"), m.group("cur"), m.group("code"))


# --- Word boundaries ---------------------------------------------------------------------------
_MIN_WORD_FREQ = 10   # jieba dictionary entries rarer than this are noise (总额近 has 3)
_WINDOW = 4


def _word_end(doc: AnalysedText, boundary: int, lo: int, hi: int) -> int:
    """End of the dictionary word of text[lo:hi] that ``boundary`` falls inside, else ``boundary``.

    The window is segmented by dictionary alone (HMM off): jieba's HMM glues unknown pairs such
    as 以约 or 达近 that are no words, which would throw away real bound words.
    """
    text, tok = doc.text, resources_of(doc).tokenizer
    lo, hi = max(lo, 0), min(hi, len(text))
    pos = lo
    for word in tok.cut(text[lo:hi], HMM=False):
        end = pos + len(word)
        if pos < boundary < end:
            return end if tok.FREQ.get(word, 0) >= _MIN_WORD_FREQ else boundary
        if end >= boundary:
            break
        pos = end
    return boundary


def _inside_word(doc: AnalysedText, boundary: int, lo: int, hi: int) -> bool:
    """Whether ``boundary`` falls inside a word: the 近 of 最近, 过 of 通过, 约 of 节约, 上下 of
    上下游 are not bound words."""
    return _word_end(doc, boundary, lo, hi) != boundary


# --- Normalisation -----------------------------------------------------------------------------
def _normalise(doc: AnalysedText, m: regex.Match, text: str | None = None) -> tuple[Mention, bool] | None:
    """The mention of a recognised match, and whether its currency was a bare 元 (defaulted)."""
    text = doc.text if text is None else text
    pre, pre2, post = m.group("pre"), m.group("pre2"), m.group("post")
    start, end = m.start(), m.end()
    amt_end = m.end("amt")
    amt_text = m.group("amt")
    pcur = m.group("pcur")

    # Bound words must begin (end) at a word boundary: 最近10亿 is not 近10亿, 上下游 not 上下.
    if pre and _inside_word(doc, m.start("pre"), m.start("pre") - _WINDOW, m.end("pre") + 2):
        pre = None
        start = m.start("pcur") if pcur else m.start("amt")
    if post and _inside_word(doc, m.end("post"), m.start("post") - 2, m.end("post") + _WINDOW):
        post = None
        end = m.start("post")
        while end > start and text[end - 1] == " ":
            end -= 1

    # A Chinese numeral whose first character ends a word (统一十亿美元, 唯一千万美元) starts after it.
    if start == m.start("amt") and amt_text[0] in _CN:
        cut = _word_end(doc, start, start - _WINDOW, start + _WINDOW) - start
        if 0 < cut < len(amt_text) and amt_text[cut] in _CN:
            amt_text, start = amt_text[cut:], start + cut

    amount = _amount(amt_text)
    if amount is None:
        return None

    if pcur:
        iso = _SYMBOLS.get(pcur) or _CODES.get(pcur) or _WORDS.get(pcur)
        if not m.group("gen"):
            # 人民币1亿 is money, but 美元6.9 (an exchange rate) or 人民币100万股 are not.
            if pcur in _WORDS and not any(ch in _CN for ch in amt_text) and not _LATIN_SEARCH.search(amt_text):
                return None
            nxt = text[amt_end:amt_end + 2].lstrip(" ")[:1]
            if nxt and (nxt in _NOT_AFTER_BARE or nxt.isdigit()):
                return None
        form = "currency_amount"
    else:
        if m.group("cur") in _DAY_WORDS and text[max(m.start("amt") - 1, 0):m.start("amt")] == "月":
            return None      # 5月1日元旦: a date, not 1 yen
        iso = _suffix_iso(doc, m.group("gen"), m.group("after"), m.group("cur"), m.group("code"))
        form = "amount_currency"
    bare = not pcur and not (m.group("after") or m.group("cur") or m.group("code"))
    if iso is None:
        return None
    if m.group("gen") == _KUAI and not m.group("sub") and not _kuai_is_money(doc, text, start, amt_text):
        return None
    if amount.kind == "range":
        lo_cur = _RANGE_PARTS.fullmatch(amt_text).group("locur")
        if lo_cur and _stated_iso(lo_cur) not in (None, iso):
            return None

    lo, hi, value = amount.lo, amount.hi, amount.amount
    factor = _WORD_FACTOR.get(m.group("cur") or "")
    if factor is not None:
        lo, hi = lo * factor, hi * factor
        value = value * factor if value is not None else None
    if m.group("sub"):
        # 123元1角1分, 两美元又三美分: fractions of the main unit.
        extra = Decimal(0)
        if len(m.group("sub")) == 1:   # 两块五: 5 毛
            extra = Decimal(DIGIT_VALUES.get(m.group("sub"), 0) or int(m.group("sub"))) * _SUBUNITS["毛"]
        for n, unit in _SUB_PARTS.findall(m.group("sub")):
            count = parse_number(n)
            if count is None:
                return None
            extra += count * _SUBUNITS[unit]
        lo, hi = lo + extra, hi + extra
        value = value + extra if value is not None else None

    words = [_PRE_MODS[w] for w in (pre, pre2) if w] + ([_POST_MODS[post]] if post else [])
    bounds = [w for w in words if w in _BOUND_MODS]
    if bounds:
        mod = bounds[0]          # 至少九千块钱以上: the first bound word decides
    elif words:
        mod = "APPROX"
    elif amount.kind == "more":
        mod = "MORE_THAN"
    else:
        mod = None
    min_v: Decimal | None = lo
    max_v: Decimal | None = hi
    if mod in ("MORE_THAN", "EQUAL_OR_MORE") and bounds:
        max_v = None
    elif mod in ("LESS_THAN", "EQUAL_OR_LESS"):
        min_v = None

    # -483,410,157.94元: a minus sign right before the amount (not the hyphen of 1-2 or A-3) keeps its sign.
    if start == m.start("amt") and start > 0 and text[start - 1] in _MINUS and amount.kind == "exact" and \
            (start < 2 or not (text[start - 2].isalnum() and text[start - 2].isascii()) and text[start - 2] not in _CN):
        start -= 1
        value, min_v, max_v = -value, -min_v if min_v is not None else None, -max_v if max_v is not None else None

    per = None
    before = _PER_BEFORE.search(text, max(0, start - 8), start)
    after = _PER_AFTER.match(text, end)
    if before:
        per = _PER_UNITS[before["u"]]
    elif after and not (end + len(after.group()) < len(text) and text[after.end()].isalpha()
                        and text[after.end()] not in "，。"):
        per = _PER_UNITS[after["u"]]

    mention = Mention(
        kind="money", start=start, end=end, rule=f"money.{form}.{amount.kind}",
        values={
            "amount": to_json_number(value),
            "min": to_json_number(min_v),
            "max": to_json_number(max_v),
            "currency": iso,
            "mod": mod,
        },
    )
    if per is not None:
        mention.values["per"] = per   # the record's per is null by default: only set when stated
    return mention, bare


def _kuai_is_money(doc: AnalysedText, text: str, start: int, amt_text: str) -> bool:
    """块 alone: money when the amount has a magnitude (三五百块, 几十万块) or its sentence speaks of
    money (花了三块); else a measure word (切成三块)."""
    if any(ch in amt_text for ch in "百千万亿佰仟"):
        return True
    if doc.sentences:
        s = doc.sentence_at(start)
        sentence = text[s.start:s.end]
    else:
        sentence = text[max(0, start - 40):start + 40]
    return any(w in sentence for w in _KUAI_CUES)


def find_money(doc: AnalysedText) -> list[Mention]:
    """Money mentions over ``doc.text``, sorted by start and non-overlapping."""
    text = _scan_text(doc)
    found: list[tuple[Mention, bool]] = []
    pos = 0
    while True:
        m = _MONEY.search(text, pos)
        if m is None:
            break
        result = _normalise(doc, m, text)
        if result is None:
            single = _MONEY_SINGLE.match(text, m.start())
            if single is not None and single.end() <= m.end():
                result = _normalise(doc, single, text)
        if result is None:
            pos = m.start() + 1
            continue
        found.append(result)
        pos = max(result[0].end, m.start() + 1)
    _inherit_yuan_currency(doc, found)
    return [mention for mention, _ in found]


def _scan_text(doc: AnalysedText) -> str:
    """The analysis text with its full-width commas put back: width folding turns ， into , but a
    full-width comma separates clauses, never thousands ($20，300美圆 is $20 and 300美圆)."""
    text = doc.text
    if "，" not in doc.simplified or len(doc.simplified) != len(text):
        return text
    return "".join(a if b != "，" else b for a, b in zip(text, doc.simplified)) if text.count(",") else text


def _inherit_yuan_currency(doc: AnalysedText, found: list[tuple[Mention, bool]]) -> None:
    """A bare 元 takes the currency of the nearest earlier mention in the same sentence whose
    currency is stated and counted in 元 (新台币800万元、4,200万元及2.6亿元: all TWD; 新台币数千万元，
    …上亿元: TWD). Elsewhere a bare 元 is the document's default currency."""
    last_stated: tuple[int, str] | None = None   # (sentence index, ISO code)
    for mention, bare in found:
        sentence = doc.sentence_at(mention.start).index if doc.sentences else 0
        if not bare:
            iso = mention.values["currency"]
            last_stated = (sentence, iso) if iso in _YUAN_COUNTED else None
        elif last_stated is not None and last_stated[0] == sentence:
            mention.values["currency"] = last_stated[1]
