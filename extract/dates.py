"""Date mentions: recognition of date expressions and their normalisation to TIMEX3 values.

Two stages, in the spirit of Duckling and Recognizers-Text:

* **Recognition** (``_Recogniser``) finds, with one pass of each head pattern, where a date
  expression can begin (a year, a month, a relative word such as 去年/同年, a decade, an offset
  such as 半年后); left to right, it takes the longest expression at each such place, extending
  the head with what the grammar allows after it (month, day, part of the period, the other end
  of a range, a modifier word). It yields ``_Expr`` objects: spans with the fields the text
  states, nothing resolved.
* **Normalisation** (``_Resolver``) walks those expressions in text order, keeps the narrative's
  current date, fills in what the text leaves out (the year of 9月10日, the year of 同年, the
  publication date behind 去年) and computes value, earliest, latest, granularity and mod as
  RECORDS.md defines them. What cannot be resolved gets nulls, never a guess.

Cue words (relative words, parts of periods, seasons, modifiers) live in data/date_words.json.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import json
from array import array
from dataclasses import dataclass, replace
from importlib import resources

import regex

from .analysis import AnalysedText, Mention
from .numerals import parse_digits, parse_number
from .resources import resources_of

__all__ = ["find_dates"]


# ---------------------------------------------------------------------------------------------
# Cue words

def _load_words() -> dict:
    with resources.files("extract").joinpath("data/date_words.json").open(encoding="utf-8") as fh:
        return json.load(fh)


_W = _load_words()
DEICTIC_YEAR: dict[str, int] = _W["deictic_year"]
ANAPHORIC_YEAR: dict[str, int] = _W["anaphoric_year"]
DEICTIC_MONTH: dict[str, int] = _W["deictic_month"]
ANAPHORIC_MONTH: dict[str, int] = _W["anaphoric_month"]
ANAPHORIC_DAY: dict[str, int] = _W["anaphoric_day"]
DEICTIC_DAY: dict[str, int] = _W["deictic_day"]
DEICTIC_QUARTER: dict[str, int] = _W["deictic_quarter"]
DEICTIC_CENTURY: dict[str, int] = _W["deictic_century"]
YEAR_PARTS: dict[str, str] = _W["year_parts"]
MONTH_PARTS: dict[str, str] = _W["month_parts"]
PERIOD_PARTS: dict[str, str] = _W["period_parts"]
HALVES: dict[str, str] = _W["halves"]
SEASONS: dict[str, str] = _W["seasons"]
MOD_PREFIX: dict[str, str] = _W["mod_prefix"]
MOD_SUFFIX: dict[str, str] = _W["mod_suffix"]
OFFSET_QUALIFIERS: dict[str, str | None] = _W["offset_qualifiers"]
OFFSET_ANCHOR_WORDS: dict[str, int] = _W["offset_anchor_words"]
OFFSET_UNITS: dict[str, list[int]] = _W["offset_units"]
EVENT_VERBS: frozenset[str] = frozenset(_W["event_verbs"])
FREQUENCY_PREFIXES: tuple[str, ...] = tuple(_W["frequency_prefixes"])
DURATION_BEFORE: tuple[str, ...] = tuple(_W["duration_cues_before"])
DURATION_AFTER: tuple[str, ...] = tuple(_W["duration_cues_after"])
HOLIDAYS: dict[str, list] = _W["holidays"]
HOLIDAY_NUMERIC: dict[str, str] = _W["holiday_numeric"]
HOLIDAY_NUMERIC_AFTER: list[str] = _W["holiday_numeric_after"]
LUNAR_PREFIX: list[str] = _W["lunar_prefix"]
LUNAR_MONTH_NAMES: dict[str, int] = _W["lunar_month_names"]
ERAS: dict[str, list[int]] = _W["eras"]
PRESENT_DAY_WORDS: frozenset[str] = frozenset(_W["present_day_words"])
AMBIGUOUS_DAY_WORDS: frozenset[str] = frozenset(_W["ambiguous_day_words"])
AMBIGUOUS_DAY_BEFORE: frozenset[str] = frozenset(_W["ambiguous_day_before"])
AMBIGUOUS_DAY_AFTER: tuple[str, ...] = tuple(_W["ambiguous_day_after"])
PRESENT_BEFORE: frozenset[str] = frozenset(_W["present_day_before"])
PRESENT_AFTER: frozenset[str] = frozenset(_W["present_day_after"])


def _alt(words) -> str:
    """An alternation that tries longer words first (上个月 before 上月)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Pattern building blocks (all anchored with .match at a position; no nested quantifiers)

_S = "[ ]?"                                     # 2009 年 到 2010 年: one optional space
_CN_DIGITS = "〇零一二三四五六七八九"
_YEAR4 = r"(?:1[0-9]{3}|2[01][0-9]{2})"        # 1000-2199
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY_CN = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|" + _DAY_CN + ")"
_CONN = r"(?:~|-|–|—{1,2}|至|到)"
_QUARTER = r"[一二三四1-4]"
_SEASON = _alt(SEASONS)

# Characters that glue a number to what precedes it (V2018, 3.2018, 12018): not a date then.
_GLUE_ARABIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_GLUE_CN = frozenset(_CN_DIGITS + "两十百千万亿廿卅几数多")
# A standalone part (年底, 上半年, 中旬) right after these belongs to a longer phrase.
_PART_BLOCK = frozenset(_CN_DIGITS + "两十百千万几数每全这那本该当同次翌上下近前头末整年月")
# An offset (一年后) right after these is part of a longer number or phrase.
_OFFSET_BLOCK = _GLUE_CN | _GLUE_ARABIC | frozenset("第每前后近")
# A month right after these is a count (3个月 is read elsewhere; 第5月, 几月).
_MONTH_BLOCK = _GLUE_CN | frozenset("0123456789个每第期拜周")   # 星期一到十月: not the month 一到十
# A standalone day (10日) right after these is a count or a label (近10日, 第10日, 生日).
_DAY_BLOCK = frozenset(_CN_DIGITS + "两十百几数多每第近前后这那个连续逾超达满共约余期今昨明当次同翌周礼拜星生节假初")

_HOLIDAY = (r"(?:(?P<hw>" + _alt(HOLIDAYS) + r")|(?P<hn>" + _alt(HOLIDAY_NUMERIC) + r")(?=" + _alt(HOLIDAY_NUMERIC_AFTER)
            + r"))")
# A lunar month: 农历八月, 闰四月, 正月, 腊月 (the plain 八月 is Gregorian unless its day says 初X/廿X).
_LUNAR_MONTH = (r"(?=" + _alt(LUNAR_PREFIX) + r"|闰|" + _alt(LUNAR_MONTH_NAMES) + r")"   # never a plain 八月
                r"(?:(?P<lpre>" + _alt(LUNAR_PREFIX) + r")" + _S + r")?(?:(?P<leap>闰)" + _S + r")?"
                r"(?:(?P<lname>" + _alt(LUNAR_MONTH_NAMES) + r")|(?P<lm>" + _MONTH + r")" + _S + r"月)")
# Lunar days: 初一…初十, 十一…十九, 二十/廿…, 三十; Arabic after a lunar month (腊月18).
_LUNAR_DAY = r"(?P<ld>初十|初[一二三四五六七八九]|三十|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|十[一二三四五六七八九]?|[12][0-9]|30|0?[1-9](?![0-9]))"
# What may follow 98年 / 五八年 for a two-digit year to be read.
_Y2_CUE = (r"(?:" + _MONTH + _S + "月|第?" + _QUARTER + _S + r"季度|上半年|下半年|前半年|后半年|第[一二三四五六七八九十0-9]{1,2}个月|"
           + _alt(LUNAR_PREFIX) + r"|闰|" + _alt(LUNAR_MONTH_NAMES) + r"|" + _alt(HOLIDAYS)
           + r"|(?:到|至|~|-)" + _S + r"[0-9]{2}" + _S + r"年)")   # 16年到17年

# A slash between numbers is a fraction after/before these (占1/4, 1/3的股份, 1/2个).
_FRACTION_BEFORE = frozenset(_W["fraction_before"])
_FRACTION_AFTER = frozenset(_W["fraction_after"])
# 12号 is a day unless a noun follows that makes it a number (3号线, 5号楼, 1号文件).
_HAO_NOT_DAY = frozenset(_W["hao_not_day"])

# Heads: one alternative per kind of date expression.
_HEADS: dict[str, str] = {
    "numeric_ymd": r"(?P<y>1[0-9]{3}|20[0-9]{2})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
                   r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9]|[.\-/][0-9](?![0-9]{3}))",
    "numeric_compact": r"(?P<y>19[0-9]{2}|20[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])"
                       r"(?![0-9A-Za-z])",
    "numeric_ym": r"(?P<y>1[0-9]{3}|20[0-9]{2})(?P<sep>[-/])(?P<m>0[1-9]|1[0-2])(?![0-9]|[.\-/][0-9]|赛季|财年|年度)",
    "numeric_yq": r"(?P<y>1[0-9]{3}|20[0-9]{2})" + _S + r"[Qq](?P<q>[1-4])(?![0-9A-Za-z])",
    "year": r"(?:(?P<era>公元)" + _S + r")?(?:(?P<y4>" + _YEAR4 + r")(?![0-9])"
            r"|(?P<ycn>[一二][" + _CN_DIGITS + r"]{3})"
            r"|(?P<ycnu>[一二两]千[" + _CN_DIGITS + r"十百]{0,4})(?=" + _S + "年" + _S + _MONTH + _S + "月)"
            r"|民国" + _S + r"(?P<roc>元|[0-9]{1,3}|[" + _CN_DIGITS + r"十百]{1,5})"
            r"|(?P<y2>(?:[0-9]{2}|[" + _CN_DIGITS + r"]{2})(?=" + _S + "年" + _S + _Y2_CUE + r")"
            # 07年以后, 98年底: a leading zero or a year of the 1950s-90s before a year word is a year;
            # 五八年, 三三年: two Chinese digits with 年 (a count writes 五十八年)
            r"|0[0-9](?=" + _S + "年)|[5-9][0-9](?=" + _S + r"年(?:以后|以前|之后|之前|以来|底|初|末))"
            r"|(?P<y2c>[" + _CN_DIGITS + r"]{2})(?=" + _S + "年))"
            r")" + _S + r"年(?P<fy>度)?",
    "bare_year": r"(?P<y>1[0-9]{3}|20[0-9]{2})(?![0-9])",
    # 2010 01 29 (two-digit month and day only); 6·30; 13.5.2015 (day first when dotted before the year)
    "numeric_ymd_space": r"(?=[0-9]{4} )(?P<y>19[0-9]{2}|20[0-9]{2}) (?P<m>0[1-9]|1[0-2]) (?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])",
    "numeric_md_dot": r"(?=[0-9]{1,2}·)(?P<m>1[0-2]|[1-9])·(?P<d>3[01]|[12][0-9]|[1-9])(?![0-9·])",
    "numeric_dmy": r"(?=[0-9]{1,2}\.[0-9])(?P<d>3[01]|[12][0-9]|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>19[0-9]{2}|20[0-9]{2})(?![0-9]|\.[0-9])",
    # 1/2/2020, 3-7-2017, 05/05/89: day/month/year (month first only when the second exceeds 12)
    "numeric_mdy": r"(?=[0-9]{1,2}[/-][0-9])(?P<a>1[0-9]|0?[1-9]|2[0-9]|3[01])(?P<sep>[/-])(?P<b>3[01]|[12][0-9]|0?[1-9])(?P=sep)"
                   r"(?P<y>19[0-9]{2}|20[0-9]{2}|[0-9]{2})(?![0-9]|[./][0-9])",
    # 12/1 (Taiwan and Hong Kong news write month/day): not a fraction (1/3的股份, 占1/4)
    "numeric_md_slash": r"(?=[0-9]{1,2}/[0-9])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9/.%])",
    "holiday": _HOLIDAY,
    "lunar": _LUNAR_MONTH,
    "era": r"(?P<era>" + _alt(ERAS) + r")(?P<n>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})年",
    "rel_year": r"(?P<w>" + _alt({**DEICTIC_YEAR, **ANAPHORIC_YEAR}) + ")",
    "rel_month": r"(?P<w>" + _alt({**DEICTIC_MONTH, **ANAPHORIC_MONTH}) + ")",
    "rel_day": r"(?P<w>" + _alt({**DEICTIC_DAY, **ANAPHORIC_DAY}) + ")",
    "rel_quarter": r"(?P<w>" + _alt(DEICTIC_QUARTER) + ")",
    "month": r"(?P<m>" + _MONTH + r")" + _S + r"月(?P<fen>份)?",
    "month_range": r"(?P<m>" + _MONTH + r")" + _S + _CONN + _S + r"(?P<m2>" + _MONTH + r")" + _S + r"月(?P<fen>份)?",
    "day": r"(?P<d>" + _DAY + r")" + _S + r"(?P<suffix>日)",
    "day_hao": r"(?P<d>" + _DAY + r")" + _S + r"(?P<suffix>号)",   # apart from 日: each keeps its literal
    "decade": r"(?:(?:(?P<cen>[0-9]{1,2}|[一二三四五六七八九十]{1,3})世纪|(?P<crel>" + _alt(DEICTIC_CENTURY) + r"))"
              + _S + r"(?:的)?)?(?:(?P<d4>1[0-9]{2}0|20[0-9]0)|(?P<d2>[0-9]0|[一二三四五六七八九]十|["
              + _CN_DIGITS + r"][〇零]))" + _S + r"年代",
    "century": r"(?:(?P<cen>[0-9]{1,2}|[一二三四五六七八九十]{1,3})世纪|(?P<crel>" + _alt(DEICTIC_CENTURY) + r"))",
    "offset": r"(?:(?P<q>" + _alt(OFFSET_QUALIFIERS) + r"))?(?:(?P<pre>" + _alt(OFFSET_ANCHOR_WORDS) + r"))?"
              r"(?P<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3}|半)" + _S + r"(?P<ge>个)?(?P<half>半)?"
              r"(?P<u>" + _alt(OFFSET_UNITS) + r")(?P<half2>半)?(?P<dir>之后|以后|后|之前|以前|前)?",
    "part": r"(?:(?P<half>" + _alt(HALVES) + r")|(?P<yp>年初|年底|年末|年中(?=[，,、]))|第?" + _S + r"(?P<q>" + _QUARTER + r")"
            + _S + r"季度|(?P<qq>[Qq])(?P<q2>[1-4])(?![0-9A-Za-z])|(?P<mp>月初|月底|月末|上旬|中旬|下旬)"
            r"|(?P<q1st>首季度?)|(?P<fq>前|头)(?P<fqn>[二三两23])个?季度)",
}
_HEAD_RE = {name: regex.compile(p) for name, p in _HEADS.items()}


def _first_chars(*words) -> str:
    return "".join(sorted({w[0] for group in words for w in group}))


# The scan for candidate starts (_Recogniser.run) uses these copies: a head that opens with
# optional groups has no literal prefix, so the regex engine tries it at every position; a
# lookahead on the characters it can start with lets it skip ahead (offset: 0.15 s → 0.03 s, and
# century: 0.05 s → 0.01 s, on 500,000 characters). Same matches, found faster.
_HEAD_SCAN_FIRST = {
    "offset": _first_chars(OFFSET_QUALIFIERS, OFFSET_ANCHOR_WORDS, "0123456789一二两三四五六七八九十半"),
    "century": _first_chars(DEICTIC_CENTURY, "0123456789一二三四五六七八九十"),
}
_HEAD_SCAN = {name: regex.compile("(?=[" + regex.escape(_HEAD_SCAN_FIRST[name]) + "])(?:" + p + ")")
              if name in _HEAD_SCAN_FIRST else _HEAD_RE[name] for name, p in _HEADS.items()}
# Tails after a year (2017年 / 去年 / 同年).
_T_MONTH_RANGE = regex.compile(_S + r"(?P<m>" + _MONTH + r")" + _S + _CONN + _S + r"(?P<m2>" + _MONTH + r")"
                               + _S + r"月(?P<fen>份)?")
_T_MONTH = regex.compile(_S + r"(?P<m>" + _MONTH + r")" + _S + r"月(?P<fen>份)?")
_T_NTH_MONTH = regex.compile(_S + r"(?:的" + _S + r")?第(?P<n>[一二三四五六七八九十]{1,2}|[0-9]{1,2})个月")
_T_YPART = regex.compile(
    _S + r"(?:的" + _S + r")?(?:(?P<half>" + _alt(HALVES) + r")|第" + _S + r"(?P<q1>" + _QUARTER + r")" + _S
    + r"季度?|(?P<q2>" + _QUARTER + r")" + _S + r"季度|[Qq](?P<q3>[1-4])(?![0-9A-Za-z])|(?P<season>" + _SEASON
    + r")|(?P<pm>" + _alt(YEAR_PARTS) + r"))")
_T_QPART = regex.compile(r"(?P<pm>初|中|末|底)")
# 2019年前三季度 / 今年前5个月 / 2021年的最后4个月: a range of months or quarters inside the year.
_T_FIRST_N = regex.compile(_S + r"(?:的" + _S + r")?(?P<which>前|头|最后)" + _S
                           + r"(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})" + _S + r"(?:个)?(?P<u>月|季度)")
# Tails after a month.
_T_DAY_RANGE = regex.compile(_S + r"(?P<d>" + _DAY + r")" + _S + r"[日号]?" + _S + _CONN + _S + r"(?P<d2>" + _DAY
                             + r")" + _S + r"[日号]")
_T_DAY = regex.compile(_S + r"(?P<d>" + _DAY + r")" + _S + r"[日号]")
# 八月十五 with no 日: only a Chinese numeral that ends the phrase.
_T_DAY_BARE = regex.compile(r"(?P<d>" + _DAY_CN + r")(?=[ ，。,.;；：:！？!?）)」』”\n]|$)")
_T_MPART = regex.compile(_S + r"(?P<mp>" + _alt(MONTH_PARTS) + r")")
# 三月初一, 五月廿二: a day written the lunar way makes the month lunar.
_T_LUNAR_DAY_CUE = regex.compile(r"(?P<ld>初十|初[一二三四五六七八九]|廿[一二三四五六七八九]?)")
# The day of a month already lunar (腊月初十, 农历八月十五, 腊月18), 日 optional.
_T_LUNAR_DAY = regex.compile(_S + _LUNAR_DAY + r"(?:" + _S + r"日)?")
# 1月3至2月10, 十月31: an Arabic day without 日 where the phrase or a range ends.
_T_DAY_BARE_AR = regex.compile(r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?=[ ，。;；：:！？!?）)」』”\n、]|[,.](?![0-9])|$|至|到|~|-|—)")
_T_HOLIDAY = regex.compile(_S + r"(?:的" + _S + r")?" + _HOLIDAY)
_T_LUNAR_MONTH = regex.compile(_S + _LUNAR_MONTH)
_T_SAME_MONTH = regex.compile(_S + r"(?:本月|同月|这个月)")
_T_Y2_END = regex.compile(r"(?P<y2>[0-9]{2})" + _S + r"年(?![0-9])")   # the 17年 of 16年到17年
# Tails after a decade or century.
_T_PERIOD_PART = regex.compile(_S + r"(?P<pp>" + _alt(PERIOD_PARTS) + r")")
# Range connector and the end of a range.
_T_CONN = regex.compile(_S + r"(?:起" + _S + r")?" + _CONN + _S)   # 自2020-05-26起至2020-05-29
_T_DAY_ONLY = regex.compile(r"(?P<d>" + _DAY + r")" + _S + r"[日号]")
# Bare years: a range 2014-2016(年) or a list 2019、2020和2021年.
_T_BARE_RANGE = regex.compile(_S + _CONN + _S + r"(?P<y2>" + _YEAR4 + r")(?![0-9])(?P<nian>" + _S + r"年)?")
_T_BARE_LIST = regex.compile(r"(?:" + _S + r"(?:、|,|，|和|与|及|以及)" + _S + r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])){1,12}"
                             + _S + r"年")
_YEAR_IN_LIST = regex.compile(r"1[0-9]{3}|20[0-9]{2}")
# 2007年与2009年间: a range stated with 与/和 … 间.
_T_BETWEEN = regex.compile(_S + r"[与和]" + _S)
_T_BETWEEN_END = regex.compile(_S + r"(?:之)?间")
# Modifier words outside the span.
_MOD_PREFIX_WORDS = sorted(MOD_PREFIX, key=len, reverse=True)
_T_MOD = regex.compile(_S + r"(?P<w>" + _alt(MOD_SUFFIX) + r")(?![0-9" + _CN_DIGITS + r"两十几半数])")


# ---------------------------------------------------------------------------------------------
# Recognition

@dataclass(slots=True)
class _Point:
    """What the text states about one date, before anything is resolved."""

    start: int
    end: int
    kind: str                                   # absolute, deictic, anaphoric, partial, offset, period
    year: int | None = None
    year_digits: int = 4                        # 2 for 98年4月: the century comes from context
    year_rel: int | None = None                 # offset of 去年 / 次年 in years
    month: int | None = None
    month_rel: int | None = None                # offset of 上月 / 次月 in months
    day: int | None = None
    day_rel: int | None = None                  # offset of 次日 / 昨天 in days
    quarter_rel: int | None = None              # offset of 上季度 in quarters
    part: str | None = None                     # H1 H2 Q1-Q4 SP SU FA WI
    pmod: str | None = None                     # START MID END from 初/中/底/上旬…
    decade: int | None = None                   # first year of a decade when written in full (1980年代)
    decade_2d: int | None = None                # 0..90 for 90年代 / 九十年代
    century: int | None = None                  # ordinal as written (20 for 20世纪)
    century_rel: int | None = None              # 上世纪 -1, 本世纪 0
    offset: tuple[int, int, int] | None = None  # (months, days, sign) of 半年后 / 三天前
    event_verb: str | None = None               # 创办 in 创办25年后: counts from that event
    qualifier_mod: str | None = None            # 约 in 约一年后
    inherited_year: bool = False                # the end of 8月至2月 takes the year of the start
    range_month: tuple[int, int] | None = None  # (12, end) of 2017年11~12月, the first month's 月 left out
    range_day: tuple[int, int] | None = None    # (22, end) of 8月11~22日
    range_part: tuple[str, int] | None = None   # ("Q3", end) of 2019年前三季度
    lunar: bool = False                         # month and day are of the Chinese lunar calendar
    leap: bool = False                          # 闰四月: the leap month after the fourth
    holiday: str | None = None                  # 春节, 国庆节: a day of the year named by the holiday
    era: str | None = None                      # 康熙: the year is a reign year (None if past the era)
    same_month: bool = False                    # 去年本月十日: the month of publication, in that year

    @property
    def level(self) -> str:
        """The finest field stated: what the other end of a range must match."""
        if self.day is not None or self.day_rel is not None or self.holiday is not None:
            return "day"
        if self.quarter_rel is not None:
            return "year"
        if self.month is not None or self.month_rel is not None:
            return "month"
        return "year"


@dataclass(slots=True)
class _Expr:
    """A recognised date expression: one point, or a range of two."""

    start: int
    end: int
    rule: str
    points: list[_Point]
    mod: str | None = None
    after: int = 0          # end of the modifier word outside the span (2005年起), where scanning resumes


class _Tokens:
    """jieba token boundaries of the document, for deciding word edges (2015年|中国 vs 年中)."""

    def __init__(self, doc: AnalysedText):
        n = len(doc.text)
        self.text = doc.text
        self.tokens = doc.tokens
        index = doc.token_index()
        if index is not None:
            self.starts = index.edge     # 1 where a token starts, and at n
            self.owner = index.owner     # index of the token containing each character
        else:
            self.starts = bytearray(n + 1)
            self.starts[n] = 1
            self.owner = array("i", [0]) * max(n, 1)
            for i, tok in enumerate(doc.tokens):
                if tok.start < n:
                    self.starts[tok.start] = 1
                for c in range(tok.start, min(tok.end, n)):
                    self.owner[c] = i
        if not doc.tokens:
            self.starts = bytearray(b"\x01" * (n + 1))

    def boundary(self, pos: int) -> bool:
        return pos <= 0 or pos >= len(self.text) or bool(self.starts[pos])

    def char_ends_token(self, pos: int) -> bool:
        """The token holding the character at ``pos`` ends right after it (底 of 年底, not 中 of 中国)."""
        if not self.tokens:
            return True
        return self.tokens[self.owner[pos]].end <= pos + 1

    def char_starts_token(self, pos: int) -> bool:
        if not self.tokens:
            return True
        return self.tokens[self.owner[pos]].start >= pos

    def before(self, pos: int) -> str:
        """The token that ends at ``pos`` (or the part of it before ``pos``)."""
        if pos <= 0 or not self.tokens:
            return ""
        tok = self.tokens[self.owner[pos - 1]]
        return self.text[tok.start:pos]


def _num(text: str) -> int | None:
    if text.isascii():
        return int(text) if text.isdigit() else None
    value = parse_number(text)
    return int(value) if value is not None and value == int(value) else None


class _Recogniser:
    def __init__(self, doc: AnalysedText):
        self.doc = doc
        self.text = doc.text
        self.tok = _Tokens(doc)

    # -- driver --------------------------------------------------------------------------------

    def run(self) -> list[_Expr]:
        """Left to right over the places where some head matches; at each, the longest expression."""
        out: list[_Expr] = []
        text, pos = self.text, 0
        # Each head pattern scans the text once (one pass per pattern keeps the regex engine's
        # fast literal search; a single alternation of all heads is several times slower).
        starts = sorted({m.start() for pattern in _HEAD_SCAN.values() for m in pattern.finditer(text)})
        for at in starts:
            if at < pos:
                continue
            best: list[_Expr] | None = None
            best_end = -1
            for name, pattern in _HEAD_RE.items():
                hm = pattern.match(text, at)
                if hm is None:
                    continue
                exprs = self.HANDLERS[name](self, hm, name)
                if exprs and exprs[-1].end > best_end:
                    best, best_end = exprs, exprs[-1].end
            if not best:
                continue
            out.extend(e for e in best if self._keep(e))
            pos = max(best_end, at + 1, best[-1].after)
        return out

    # -- heads ---------------------------------------------------------------------------------

    def _glued(self, pos: int, cn: bool = False) -> bool:
        if pos <= 0:
            return False
        ch = self.text[pos - 1]
        return ch in (_GLUE_CN if cn else _GLUE_ARABIC)

    def _head_numeric(self, m, name: str) -> list[_Expr] | None:
        start = m.start()
        if self._glued(start) or (start > 0 and self.text[start - 1] in "-/"):
            return None
        y = int(m["y"])
        if name == "numeric_yq":
            p = _Point(start, m.end(), "absolute", year=y, part="Q" + m["q"])
        else:
            p = _Point(start, m.end(), "absolute", year=y, month=int(m["m"]),
                       day=int(m["d"]) if "d" in m.groupdict() and m["d"] else None)
        return self._finish(p, "date.numeric")

    def _head_year(self, m, name: str) -> list[_Expr] | None:
        start = m.start()
        if m["era"] is None and m["roc"] is None:
            if self._glued(start, cn=m["y4"] is None) or (m["y2"] and m["y2"].isascii() and self._glued(start)):
                return None
        if start > 0 and self.text[start - 1] == "前" and m["era"]:
            return None  # 公元前
        digits = 4
        if m["y4"]:
            year = int(m["y4"])
        elif m["ycn"]:
            year = parse_digits(m["ycn"])
        elif m["ycnu"]:
            year = _num(m["ycnu"])
        elif m["roc"]:
            n = 1 if m["roc"] == "元" else _num(m["roc"])
            year = None if n is None else 1911 + n
        else:
            if m["y2c"]:
                a, b = parse_digits(m["y2c"][0]), parse_digits(m["y2c"][1])
                after = self.text[m.end():m.end() + 2]
                # 三四年 is "three or four years", 八九年前 "eight or nine years ago": a count
                if a is not None and b == a + 1 or after[:1] in ("前", "后", "来", "多", "内", "间", "的") or \
                        after.startswith(("以前", "以后", "之后", "之前", "以来")) and a is not None and b == a + 1:
                    return None
                if not self.tok.boundary(start):
                    return None
            year, digits = (parse_digits(m["y2"]) if not m["y2"].isascii() else int(m["y2"])), 2
        if year is None or (digits == 4 and not 1000 <= year <= 2199):
            return None
        if digits == 2 and (self.text[start - 1:start] in ("了", "过", "达", "满", "第")
                            or self.text[max(0, start - 2):start].endswith(DURATION_BEFORE)):
            return None  # 工作了16年到17年, 长达15年: a length of time
        p = _Point(start, m.end(), "absolute", year=year, year_digits=digits)
        self._year_tails(p)
        if p.month is None and p.part is None and p.pmod is None and digits == 4 and self._duration_year(start, p.end):
            return None
        rule = "date.roc" if m["roc"] else "date.ymd" if p.month else "date.part" if p.part or p.pmod else "date.year"
        return self._finish(p, rule)

    def _duration_year(self, start: int, end: int) -> bool:
        """长达2000年 / 2000年的历史: a length of time that looks like a year."""
        before = self.text[max(0, start - 2):start]
        after = self.text[end:end + 3]
        return before.endswith(DURATION_BEFORE) or after.startswith(DURATION_AFTER)

    def _head_bare(self, m, name: str) -> list[_Expr] | None:
        """A year without 年: only as one end of a clear range or inside a list ending in 年."""
        start = m.start()
        if self._glued(start) or (start > 0 and self.text[start - 1] in "-/:#"):
            return None
        y1 = int(m["y"])
        r = _T_BARE_RANGE.match(self.text, m.end())
        if r:
            y2 = int(r["y2"])
            after = self.text[r.end():r.end() + 1]
            if 0 < y2 - y1 <= 100 and not (after and (after.isalnum() and after.isascii() or after in ".%")):
                framed = (self.text[max(0, start - 1):start] in ("(", "（", "从", "自")
                          or self.text[r.end():r.end() + 1] in (")", "）")
                          or self.text[r.end():r.end() + 2] in ("年间", "期间", "之间"))
                if r["nian"] or framed:
                    a = _Point(start, m.end(), "absolute", year=y1)
                    b = _Point(r.start("y2"), r.end(), "absolute", year=y2)
                    return self._finish_range(a, b, "date.range")
            return None
        lst = _T_BARE_LIST.match(self.text, m.end())
        if lst:
            years = list(_YEAR_IN_LIST.finditer(self.text, start, lst.end()))
            out = []
            for i, ym in enumerate(years):
                end = lst.end() if i == len(years) - 1 else ym.end()   # the last one carries the 年
                out.append(_Expr(ym.start(), end, "date.list",
                                 [_Point(ym.start(), end, "absolute", year=int(ym.group()))]))
            return out
        return None

    def _head_rel(self, m, name: str) -> list[_Expr] | None:
        word, start = m["w"], m.start()
        if not self.tok.boundary(start):
            return None
        if name == "rel_year":
            deictic = word in DEICTIC_YEAR
            p = _Point(start, m.end(), "deictic" if deictic else "anaphoric",
                       year_rel=DEICTIC_YEAR[word] if deictic else ANAPHORIC_YEAR[word])
            self._year_tails(p)
        elif name == "rel_month":
            deictic = word in DEICTIC_MONTH
            p = _Point(start, m.end(), "deictic" if deictic else "anaphoric",
                       month_rel=DEICTIC_MONTH[word] if deictic else ANAPHORIC_MONTH[word])
            self._month_tails(p)
        elif name == "rel_quarter":
            p = _Point(start, m.end(), "deictic", quarter_rel=DEICTIC_QUARTER[word])
            self._quarter_mod(p)
        elif word in DEICTIC_DAY:
            if start > 0 and self.text[start - 1] == "的":
                return None  # 中国的明天: a figure of speech, not a day
            if word in AMBIGUOUS_DAY_WORDS and (self.text[start - 1:start] in AMBIGUOUS_DAY_BEFORE
                                                or self.text.startswith(AMBIGUOUS_DAY_AFTER, m.end())):
                return None  # 先天/后天, 后天的努力: "acquired", not the day after tomorrow
            if word in PRESENT_DAY_WORDS and (
                    self.doc.published is None or self.doc.published.day is None
                    or self.text[start - 1:start] in PRESENT_BEFORE or any(w in regex.split(r"[，,。；;！!？?]", self.text[m.end():m.end() + 8], maxsplit=1)[0]
                            for w in PRESENT_AFTER)):
                return None  # 今天 is "nowadays" in a text not dated to the day, in 有今天的, and before 才 in its clause
            p = _Point(start, m.end(), "deictic", day_rel=DEICTIC_DAY[word])
        else:
            p = _Point(start, m.end(), "anaphoric", day_rel=ANAPHORIC_DAY[word])
        if not self.tok.boundary(p.end):
            return None
        return self._finish(p, "date.relative.deictic" if p.kind == "deictic" else "date.relative.anaphoric")

    def _head_month(self, m, name: str) -> list[_Expr] | None:
        start = m.start()
        if start > 0 and self.text[start - 1] in _MONTH_BLOCK:
            return None
        month = _num(m["m"])
        if month is None:
            return None
        p = _Point(start, m.end(), "partial", month=month)
        if name == "month_range":  # 1-9月: the first month's 月 left out
            last = _num(m["m2"])
            if not last or last <= month:
                return None
            p.end, p.range_month = m.start("m") + len(m["m"]), (last, m.end())
            return self._finish(p, "date.range")
        self._month_tails(p)
        # 五月天 is a band, 一月一次 a frequency: a Chinese month must end a word.
        if not m["m"].isascii() and p.end == m.end() and not self.tok.boundary(p.end):
            return None
        return self._finish(p, "date.partial")

    def _head_day(self, m, name: str) -> list[_Expr] | None:
        start = m.start()
        if start > 0 and (self.text[start - 1] in _DAY_BLOCK or self.text[start - 1] in _GLUE_ARABIC):
            return None
        nxt = self.text[m.end():m.end() + 1]
        if nxt and nxt in "内均游元间前后":
            return None  # 10日内, 30日均线, 3日游; 10日后 is read as an offset or not at all
        day = _num(m["d"])
        if day is None or not 1 <= day <= 31:
            return None
        if m["suffix"] == "号" and nxt and nxt in _HAO_NOT_DAY:
            return None  # 3号线, 5号楼, 一号文件: a number, not a day
        if not self.tok.boundary(m.end()) and m["suffix"] == "日":
            return None
        return self._finish(_Point(start, m.end(), "partial", day=day), "date.partial")

    def _century_point(self, m) -> _Point | None:
        """The century part shared by 20世纪 and 上世纪90年代: a point, or None if not a date."""
        start = m.start()
        if self._glued(start, cn=not m.group()[0].isascii()) or (start > 0 and self.text[start - 1] == "前"):
            return None
        p = _Point(start, m.end(), "period")
        if m["cen"]:
            p.century = _num(m["cen"])
            if not p.century or p.century > 30:
                return None
        elif m["crel"]:
            p.century_rel = DEICTIC_CENTURY[m["crel"]]
        return p

    def _head_decade(self, m, name: str) -> list[_Expr] | None:
        p = self._century_point(m)
        if p is None:
            return None
        if m["d4"]:
            p.decade = int(m["d4"])
        else:
            d2 = m["d2"]
            p.decade_2d = int(d2) if d2.isascii() else (_num(d2) if "十" in d2 else parse_digits(d2))
            if p.decade_2d is None or p.decade_2d % 10:
                return None
        self._period_tails(p)
        return self._finish(p, "date.decade")

    def _head_century(self, m, name: str) -> list[_Expr] | None:
        p = self._century_point(m)
        if p is None:
            return None
        self._period_tails(p)
        return self._finish(p, "date.century")

    def _head_offset(self, m, name: str) -> list[_Expr] | None:
        """半年后, 两个月之后, 三天后, 仅仅一年后, 此前一年: a time counted from another date."""
        start = m.start()
        if start > 0 and self.text[start - 1] in _OFFSET_BLOCK:
            return None  # 二十五年后 read from its middle, 第一年后, 每两年后, 近两年
        if bool(m["pre"]) == bool(m["dir"]):
            return None  # 此前一年 or 一年前, not both or neither
        unit, n_text = m["u"], m["n"]
        if unit == "月" and not (m["ge"] or n_text in ("半", "两")):
            return None  # 3月后 is "after March", read by the month head
        if unit == "日" and n_text.isascii():
            return None  # 10日后 is "after the 10th"
        if len(n_text) > 1 and (n_text[0] == "0" or all(ch in _CN_DIGITS for ch in n_text)):
            return None  # 07年以后 is the year 2007; 三四年后 is "three or four years later", no date
        if n_text == "半":
            halves = 1
        else:
            n = _num(n_text)
            if not n:
                return None
            halves = 2 * n + (1 if (m["half"] or m["half2"]) else 0)
        if halves % 2 and unit != "年":
            return None  # half a month, a week or a day is not a calendar offset
        months_per, days_per = OFFSET_UNITS[unit]
        months, days = months_per * halves // 2, days_per * halves // 2
        if m["dir"]:
            sign = 1 if "后" in m["dir"] else -1
            if len(m["dir"]) == 1 and not self.tok.char_ends_token(m.end() - 1):
                return None  # 前夕, 后期
        else:
            sign = OFFSET_ANCHOR_WORDS[m["pre"]]
        p = _Point(start, m.end(), "offset", offset=(months, days, sign),
                   qualifier_mod=OFFSET_QUALIFIERS.get(m["q"]) if m["q"] else None)
        verb = self.tok.before(start)
        if verb in EVENT_VERBS:
            p.event_verb = verb
        return self._finish(p, "date.relative.offset", allow_range=False, allow_mod=False)

    def _head_mdy(self, m, name: str) -> list[_Expr] | None:
        start = m.start()
        if self._glued(start) or (start > 0 and self.text[start - 1] in "-/:#"):
            return None
        a, b, y = int(m["a"]), int(m["b"]), m["y"]
        # day first, as Hong Kong (and Recognizers-Text's Chinese specs) write it; month first only
        # when the second number cannot be a month (12/25/2020)
        month, day = (b, a) if b <= 12 else (a, b)
        if month > 12:
            return None
        p = _Point(start, m.end(), "absolute", year=int(y), year_digits=len(y) if len(y) == 2 else 4,
                   month=month, day=day)
        return self._finish(p, "date.numeric")

    def _head_md_dot(self, m, name: str) -> list[_Expr] | None:
        """6·30, 12/1: month and day with a middle dot or a slash."""
        start = m.start()
        if self._glued(start) or self._glued(start, cn=True) or (start > 0 and self.text[start - 1] in "-/:#"):
            return None
        if name == "numeric_md_slash" and (self.text[start - 1:start] in _FRACTION_BEFORE
                                           or self.text[m.end():m.end() + 1] in _FRACTION_AFTER):
            return None
        return self._finish(_Point(start, m.end(), "partial", month=int(m["m"]), day=int(m["d"])), "date.partial")

    def _head_holiday(self, m, name: str) -> list[_Expr] | None:
        """春节, 国庆节, 五一假期: a day of the year, the year taken like any partial date's."""
        start = m.start()
        if self._glued(start, cn=True) or not self.tok.boundary(start):
            return None
        word = m["hw"] or HOLIDAY_NUMERIC[m["hn"]]
        p = _Point(start, m.end(), "partial", holiday=word)
        return self._finish(p, "date.holiday")

    def _head_lunar(self, m, name: str) -> list[_Expr] | None:
        """农历八月十五, 闰四月, 腊月初十, 正月: a lunar month (and day) of a year from context."""
        start = m.start()
        if not (m["lpre"] or m["leap"] or m["lname"]):
            return None      # a plain 八月 is the month head's (it turns lunar on a 初X day)
        if self._glued(start, cn=True) or (start > 0 and self.text[start - 1] in _MONTH_BLOCK and not m["lpre"]):
            return None
        month = LUNAR_MONTH_NAMES[m["lname"]] if m["lname"] else _num(m["lm"])
        if not month or month > 12:
            return None
        p = _Point(start, m.end(), "partial", month=month, lunar=True, leap=bool(m["leap"]))
        self._lunar_day(p)
        return self._finish(p, "date.lunar", allow_range=False)

    def _lunar_day(self, p: _Point) -> None:
        dm = _T_LUNAR_DAY.match(self.text, p.end)
        if dm:
            day = _num(dm["ld"].replace("初", "").replace("廿", "二十")) if not dm["ld"].isascii() else int(dm["ld"])
            if day and day <= 30:
                p.day, p.end = day, dm.end()
                return
        self._month_tails(p)   # 腊月底, 正月中旬

    def _head_era(self, m, name: str) -> list[_Expr] | None:
        """康熙二十年九月: a reign year (never a modern year); its months are lunar."""
        first, length = ERAS[m["era"]]
        n = 1 if m["n"] == "元" else _num(m["n"])
        if not n:
            return None
        p = _Point(m.start(), m.end(), "absolute", year=first + n - 1 if n <= length else None, era=m["era"])
        tm = _T_MONTH.match(self.text, p.end)
        ln = _T_LUNAR_MONTH.match(self.text, p.end)
        if ln and (ln["lname"] or ln["leap"] or ln["lpre"]):
            p.month = LUNAR_MONTH_NAMES[ln["lname"]] if ln["lname"] else _num(ln["lm"])
            p.leap, p.end = bool(ln["leap"]), ln.end()
        elif tm and _num(tm["m"]):
            p.month, p.end = _num(tm["m"]), tm.end()
        else:
            hm = _T_HOLIDAY.match(self.text, p.end)
            if hm:
                p.holiday, p.end = hm["hw"] or HOLIDAY_NUMERIC[hm["hn"]], hm.end()
        if p.month:
            p.lunar = True
            self._lunar_day(p)
        return self._finish(p, "date.era", allow_range=False)

    def _head_part(self, m, name: str) -> list[_Expr] | None:
        """年底, 上半年, 第三季度, 中旬 on their own: the year (and month) come from the context."""
        start = m.start()
        if start > 0 and (self.text[start - 1] in _PART_BLOCK or self.text[start - 1] in _GLUE_ARABIC):
            return None
        p = _Point(start, m.end(), "partial")
        if m["half"]:
            p.part = HALVES[m["half"]]
        elif m["yp"]:
            p.pmod = YEAR_PARTS[m["yp"]]
        elif m["q"] or m["q2"]:
            p.part = "Q" + str(_num(m["q"] or m["q2"]))
            self._quarter_mod(p)
        elif m["q1st"]:
            p.part = "Q1"
        elif m["fq"]:
            last = _num(m["fqn"])
            if not last or last > 3:
                return None
            p.part, p.range_part, p.end = "Q1", (f"Q{last}", m.end()), m.start("fq")
            if not self.tok.boundary(m.end()):
                return None
            return self._finish(p, "date.range")
        else:
            p.pmod = MONTH_PARTS[m["mp"]]
            p.month = -1  # the month of the context
        if not self.tok.boundary(p.end):
            return None
        return self._finish(p, "date.partial")

    # The handler of each head pattern, by the pattern's name: a table of the functions, not
    # method names looked up as strings.
    HANDLERS = {"numeric_ymd": _head_numeric, "numeric_compact": _head_numeric, "numeric_ym": _head_numeric,
                "numeric_yq": _head_numeric, "year": _head_year, "bare_year": _head_bare,
                "numeric_ymd_space": _head_numeric, "numeric_md_dot": _head_md_dot,
                "numeric_mdy": _head_mdy, "numeric_md_slash": _head_md_dot, "numeric_dmy": _head_numeric,
                "holiday": _head_holiday, "lunar": _head_lunar, "era": _head_era,
                "rel_year": _head_rel, "rel_month": _head_rel, "rel_day": _head_rel, "rel_quarter": _head_rel,
                "month": _head_month, "month_range": _head_month,
                "day": _head_day, "day_hao": _head_day, "decade": _head_decade, "century": _head_century,
                "offset": _head_offset, "part": _head_part}

    # -- tails ---------------------------------------------------------------------------------

    def _year_tails(self, p: _Point) -> None:
        text, pos = self.text, p.end
        hm = _T_HOLIDAY.match(text, pos)
        if hm:
            p.holiday, p.end = hm["hw"] or HOLIDAY_NUMERIC[hm["hn"]], hm.end()
            return
        ln = _T_LUNAR_MONTH.match(text, pos)
        if ln and (ln["lname"] or ln["leap"] or ln["lpre"]):
            month = LUNAR_MONTH_NAMES[ln["lname"]] if ln["lname"] else _num(ln["lm"])
            if month and month <= 12:
                p.month, p.lunar, p.leap, p.end = month, True, bool(ln["leap"]), ln.end()
                self._lunar_day(p)
                return
        sm = _T_SAME_MONTH.match(text, pos) if p.kind == "deictic" else None
        if sm:   # 去年本月十日: last year, this month, the 10th
            p.same_month, p.end = True, sm.end()
            self._month_tails(p)
            return
        mr = _T_MONTH_RANGE.match(text, pos)
        if mr:
            m1, m2 = _num(mr["m"]), _num(mr["m2"])
            if m1 and m2 and m1 < m2:
                p.month, p.end = m1, mr.end("m")
                p.range_month = (m2, mr.end())
                return
        mm = _T_MONTH.match(text, pos)
        if mm:
            month = _num(mm["m"])
            if month:
                p.month, p.end = month, mm.end()
                self._month_tails(p)
                return
        fm = _T_FIRST_N.match(text, pos)
        if fm:
            n, size = _num(fm["n"]), (12 if fm["u"] == "月" else 4)
            if n and 1 < n < size:
                first, last = (1, n) if fm["which"] != "最后" else (size - n + 1, size)
                if fm["u"] == "月":
                    p.month, p.range_month = first, (last, fm.end())
                else:
                    p.part, p.range_part = f"Q{first}", (f"Q{last}", fm.end())
                p.end = fm.start("which")
                return
        nm = _T_NTH_MONTH.match(text, pos)
        if nm:
            month = _num(nm["n"])
            if month and 1 <= month <= 12:
                p.month, p.end = month, nm.end()
                return
        yp = _T_YPART.match(text, pos)
        if yp:
            if yp["half"]:
                p.part, p.end = HALVES[yp["half"]], yp.end()
            elif yp["q1"] or yp["q2"] or yp["q3"]:
                p.part, p.end = "Q" + str(_num(yp["q1"] or yp["q2"] or yp["q3"])), yp.end()
                self._quarter_mod(p)
            elif yp["season"]:
                if len(yp["season"]) > 1 or self.tok.char_ends_token(yp.end() - 1):
                    p.part, p.end = SEASONS[yp["season"]], yp.end()
            elif yp["pm"]:
                if len(yp["pm"]) > 1 or self.tok.char_ends_token(yp.end() - 1):
                    p.pmod, p.end = YEAR_PARTS[yp["pm"]], yp.end()

    def _quarter_mod(self, p: _Point) -> None:
        qm = _T_QPART.match(self.text, p.end)
        if qm and self.tok.char_ends_token(qm.end() - 1):
            p.pmod, p.end = YEAR_PARTS[qm["pm"]], qm.end()

    def _month_tails(self, p: _Point) -> None:
        text, pos = self.text, p.end
        dr = _T_DAY_RANGE.match(text, pos)
        if dr:
            d1, d2 = _num(dr["d"]), _num(dr["d2"])
            if d1 and d2 and d1 < d2 <= 31:
                p.day, p.end = d1, dr.end("d")
                p.range_day = (d2, dr.end())
                return
        dm = _T_DAY.match(text, pos)
        if dm:
            day = _num(dm["d"])
            if day and day <= 31:
                p.day, p.end = day, dm.end()
                return
        if not p.lunar:
            lc = _T_LUNAR_DAY_CUE.match(text, pos)
            if lc:
                p.lunar = True
                self._lunar_day(p)
                return
        bare = _T_DAY_BARE.match(text, pos)
        if bare:
            day = _num(bare["d"])
            if day and day <= 31:
                p.day, p.end = day, bare.end()
                if "廿" in bare["d"]:
                    p.lunar = True
                return
        bare = _T_DAY_BARE_AR.match(text, pos)
        if bare:
            p.day, p.end = int(bare["d"]), bare.end()
            return
        mp = _T_MPART.match(text, pos)
        if mp and (len(mp["mp"]) > 1 or self.tok.char_ends_token(mp.end() - 1)):
            p.pmod, p.end = MONTH_PARTS[mp["mp"]], mp.end()

    def _period_tails(self, p: _Point) -> None:
        pp = _T_PERIOD_PART.match(self.text, p.end)
        if pp and (len(pp["pp"]) > 1 or self.tok.char_ends_token(pp.end() - 1)):
            p.pmod, p.end = PERIOD_PARTS[pp["pp"]], pp.end()

    # -- ranges and modifiers ------------------------------------------------------------------

    def _finish(self, p: _Point, rule: str, allow_range: bool = True, allow_mod: bool = True) -> list[_Expr]:
        """Turn a point into an expression: a range if another end follows, then modifiers."""
        if p.era is not None:
            rule = "date.era.lunar" if p.lunar else "date.era"
        elif p.holiday is not None:
            rule = "date.holiday"
        elif p.lunar:
            rule = "date.lunar"
        if p.range_month is not None:   # 2017年11~12月
            month, end = p.range_month
            return self._finish_range(p, replace(p, start=p.end, end=end, month=month, range_month=None),
                                      "date.range")
        if p.range_part is not None:    # 2019年前三季度
            part, end = p.range_part
            return self._finish_range(p, replace(p, start=p.end, end=end, part=part, range_part=None),
                                      "date.range")
        if p.range_day is not None:     # 8月11~22日
            day, end = p.range_day
            return self._finish_range(p, replace(p, start=p.end, end=end, day=day, range_day=None),
                                      "date.range")
        if allow_range:
            second = self._range_end(p)
            if second is not None:
                return self._finish_range(p, second, "date.range")
        expr = _Expr(p.start, p.end, rule, [p])
        if allow_mod:
            self._modifiers(expr)
        elif p.qualifier_mod:
            expr.mod = p.qualifier_mod
        return [expr]

    def _finish_range(self, a: _Point, b: _Point, rule: str) -> list[_Expr]:
        expr = _Expr(a.start, b.end, rule, [a, b])
        self._modifiers(expr)
        return [expr]

    def _range_end(self, a: _Point) -> _Point | None:
        """The second end of 2014年至2016年 / 2017年8月11日至8月22日 / 三月二十八日到四月15日."""
        if a.kind in ("offset", "period") or a.pmod or (a.kind == "anaphoric" and a.year_rel is None):
            return None
        cm = _T_CONN.match(self.text, a.end)
        between = False
        if cm is None:
            cm = _T_BETWEEN.match(self.text, a.end)
            between = True
            if cm is None:
                return None
        pos = cm.end()
        candidates: list[_Point] = []
        for name in ("numeric_ymd", "numeric_ym", "numeric_mdy", "year", "rel_year", "month"):
            hm = _HEAD_RE[name].match(self.text, pos)
            if hm is None:
                continue
            if name == "numeric_mdy":
                exprs = self._head_mdy(hm, name)
                q = self._plain(exprs)
            elif name.startswith("numeric"):
                q = _Point(pos, hm.end(), "absolute", year=int(hm["y"]), month=int(hm["m"]),
                           day=int(hm["d"]) if hm.groupdict().get("d") else None)
            elif name == "year":
                if hm["y4"] is None and hm["ycn"] is None and hm["roc"] is None and hm["y2"] is None:
                    continue
                exprs = self._head_year(hm, name)
                q = self._plain(exprs)
            elif name == "rel_year":
                if hm["w"] not in DEICTIC_YEAR:
                    continue
                q = _Point(pos, hm.end(), "deictic", year_rel=DEICTIC_YEAR[hm["w"]])
                self._year_tails(q)
            else:
                month = _num(hm["m"])
                if not month:
                    continue
                q = _Point(pos, hm.end(), a.kind if a.kind == "partial" else "absolute", month=month)
                self._month_tails(q)
            if q is not None:
                candidates.append(q)
        hm = _HEAD_RE["holiday"].match(self.text, pos)
        if hm:   # 春节到元宵节
            candidates.append(_Point(pos, hm.end(), a.kind if a.kind == "partial" else "absolute",
                                     holiday=hm["hw"] or HOLIDAY_NUMERIC[hm["hn"]]))
        if a.year_digits == 2 and a.month is None and a.part is None:
            ym = _T_Y2_END.match(self.text, pos)
            if ym:
                candidates.append(_Point(pos, ym.end(), "absolute", year=int(ym["y2"]), year_digits=2))
        if a.day is not None:
            dm = _T_DAY_ONLY.match(self.text, pos)
            if dm and _num(dm["d"]):
                candidates.append(_Point(pos, dm.end(), "absolute", day=_num(dm["d"])))
        best = None
        for q in candidates:
            if q.level != a.level or q.pmod or q.kind == "offset":
                continue
            if best is None or q.end > best.end:
                best = q
        if best is None:
            return None
        if between:
            em = _T_BETWEEN_END.match(self.text, best.end)
            if em is None:
                return None
        # The second end takes what it leaves out from the first (8月11日至22日).
        if best.year is None and best.year_rel is None:
            best.year, best.year_rel, best.year_digits = a.year, a.year_rel, a.year_digits
            best.inherited_year = True
            if a.kind in ("deictic", "anaphoric", "partial"):
                best.kind = a.kind
        if best.level == "day" and best.month is None:
            best.month, best.month_rel = a.month, a.month_rel
        return best

    @staticmethod
    def _plain(exprs: list[_Expr] | None) -> _Point | None:
        if not exprs or len(exprs) != 1 or len(exprs[0].points) != 1 or exprs[0].mod:
            return None
        return exprs[0].points[0]

    def _modifiers(self, expr: _Expr) -> None:
        """Modifier words next to the span, outside it: 2005年起, 2014年前后, 约2014年."""
        pmod = expr.points[0].pmod if len(expr.points) == 1 else None
        mm = _T_MOD.match(self.text, expr.end)
        if mm:
            word = mm["w"]
            last = mm.end() - 1
            # 起 of 起到 / 中 of 中国: a one-character modifier must not begin a longer word,
            # unless what follows is a range word or punctuation (2014年6月14日起到…)
            ok = len(word) > 1 or self.tok.char_ends_token(last) or \
                self.text[last + 1:last + 2] in ("", "到", "至", "，", ",", "、", "。", "；", ";", " ")
            if ok:
                expr.after = mm.end()
                if pmod is None:
                    expr.mod = MOD_SUFFIX[word]
        if expr.mod is None and pmod is None:
            k = expr.start - 1 if expr.start > 0 and self.text[expr.start - 1] == " " else expr.start
            for word in _MOD_PREFIX_WORDS:
                w0 = k - len(word)
                # 约 must be a word of its own (not the end of 签约)
                if w0 >= 0 and self.text.startswith(word, w0) and self.tok.char_starts_token(w0):
                    expr.mod = MOD_PREFIX[word]
                    break

    # -- filters -------------------------------------------------------------------------------

    def _keep(self, expr: _Expr) -> bool:
        """Drop recurring times (每年5月, 每月10日) and words inside a title (《明日之后》)."""
        before = self.text[max(0, expr.start - 3):expr.start]
        if before.endswith(FREQUENCY_PREFIXES):
            return False
        window = self.text[max(0, expr.start - 30):expr.start]
        return window.rfind("《") <= window.rfind("》")


# ---------------------------------------------------------------------------------------------
# Normalisation

_DAY1 = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _R:
    """A resolved date at some granularity; ``y`` is the first year of a decade or century."""

    gran: str
    y: int
    m: int | None = None
    d: int | None = None
    part: str | None = None
    span: tuple[datetime.date, datetime.date] | None = None   # a lunar month: its Gregorian days

    def value(self) -> str:
        if self.span is not None:
            return f"{self.span[0].isoformat()}/{self.span[1].isoformat()}"
        if self.gran == "century":
            return f"{self.y // 100:02d}"
        if self.gran == "decade":
            return f"{self.y // 10:03d}"
        if self.gran == "year":
            return f"{self.y:04d}"
        if self.gran in ("half", "quarter", "season"):
            return f"{self.y:04d}-{self.part}"
        if self.gran == "month":
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        if self.span is not None:
            return self.span
        y = self.y
        if self.gran == "century":
            return datetime.date(y, 1, 1), datetime.date(y + 99, 12, 31)
        if self.gran == "decade":
            return datetime.date(y, 1, 1), datetime.date(y + 9, 12, 31)
        if self.gran == "year":
            return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        if self.gran == "month":
            return datetime.date(y, self.m, 1), _month_end(y, self.m)
        if self.gran == "day":
            day = datetime.date(y, self.m, self.d)
            return day, day
        part = self.part or ""
        if part in ("H1", "H2"):
            first = 1 if part == "H1" else 7
            return datetime.date(y, first, 1), _month_end(y, first + 5)
        if part.startswith("Q"):
            first = 3 * (int(part[1]) - 1) + 1
            return datetime.date(y, first, 1), _month_end(y, first + 2)
        first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[part]
        if part == "WI":  # December to February of the next year
            return datetime.date(y, 12, 1), _month_end(y + 1, 2)
        return datetime.date(y, first, 1), _month_end(y, first + 2)


def _month_end(y: int, m: int) -> datetime.date:
    return datetime.date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


def _valid_day(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


_PART_MONTHS = {"H": 6, "Q": 3}


# Lunar calendar: lunar-python (6tail/lunar-python) computes each lunar year astronomically, which
# takes ~10-15 ms; a year's months are computed once per process and kept (at most 1,601 years:
# the cache is bounded by the range, so a text naming every year costs ~20 s once, not per mention).
_LUNAR_YEARS = (600, 2200)


@functools.lru_cache(maxsize=None)
def _lunar_months(y: int) -> dict[int, tuple[datetime.date, int]]:
    """Lunar year ``y``: month (negative for a leap month) → (its first Gregorian day, day count)."""
    from lunar_python import LunarYear, Solar  # imported on first use: most documents have no lunar date
    out = {}
    for lm in LunarYear.fromYear(y).getMonths():
        if lm.getYear() != y:
            continue
        s = Solar.fromJulianDay(lm.getFirstJulianDay())
        out[lm.getMonth()] = (datetime.date(s.getYear(), s.getMonth(), s.getDay()), lm.getDayCount())
    return out


def _lunar(y: int, m: int, d: int | None, leap: bool = False) -> _R | None:
    """Lunar year, month (and day) → the Gregorian day, or the month's span of days; None if no such."""
    if not _LUNAR_YEARS[0] <= y <= _LUNAR_YEARS[1]:
        return None
    try:
        month = _lunar_months(y).get(-m if leap else m)
    except Exception:   # the library refuses a year: unresolved, never a crash
        return None
    if month is None:
        return None     # 闰四月 in a year whose leap month is another
    first, count = month
    if d is None:
        last = first + datetime.timedelta(days=count - 1)
        return _R("month", first.year, first.month, span=(first, last))
    if not 1 <= d <= count:
        return None
    day = first + datetime.timedelta(days=d - 1)
    return _R("day", day.year, day.month, day.day)


def _holiday(y: int, word: str) -> _R | None:
    """The day of holiday ``word`` in year ``y``."""
    kind, month, day = HOLIDAYS[word]
    if kind == "solar":
        return _R("day", y, month, day)
    if kind == "lunar":
        return _lunar(y, month, day)
    if kind == "eve":      # 除夕: the day before that year's 春节
        new_year = _lunar(y, 1, 1)
        if new_year is None:
            return None
        eve = datetime.date(new_year.y, new_year.m, new_year.d) - _DAY1
        return _R("day", eve.year, eve.month, eve.day)
    n, weekday = day       # nth: 母亲节 is the second Sunday of May
    first = datetime.date(y, month, 1)
    d = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return _R("day", d.year, d.month, d.day)


@dataclass(slots=True)
class _Anchor:
    """A date the narrative can refer back to: mention index, both ends, its sentence."""

    index: int
    first: _R
    last: _R
    mod: str | None
    sentence: int

    def year(self) -> int | None:
        """The one year this date lies in (None for 2014~2016年)."""
        if self.first.gran in ("decade", "century"):
            return None
        a, b = self.first.bounds()[0], self.last.bounds()[1]
        if a.year == b.year:
            return a.year
        if self.first is self.last and self.first.part == "WI":
            return self.first.y
        return None

    def month(self) -> tuple[int, int] | None:
        if self.first.gran not in ("month", "day"):
            return None
        a, b = self.first.bounds()[0], self.last.bounds()[1]
        return (a.year, a.month) if (a.year, a.month) == (b.year, b.month) else None

    def day(self) -> datetime.date | None:
        if self.first.gran != "day":
            return None
        a, b = self.first.bounds()[0], self.last.bounds()[1]
        return a if a == b else None


class _Resolver:
    """Resolves expressions in text order against the narrative's current date and ``published``."""

    WINDOW = 3  # how many recent dates an anaphor may reach back over when the topic says so

    def __init__(self, doc: AnalysedText, tokens: _Tokens):
        self.doc = doc
        self.tok = tokens
        self.pub = doc.published
        self.anchors: list[_Anchor] = []
        self.blocked = False           # a date we could not resolve moved the narrative
        self._topics: dict[int, frozenset[str]] = {}
        self.out: list[Mention] = []

    # -- context -------------------------------------------------------------------------------

    def _topic(self, sentence: int) -> frozenset[str]:
        """Rare words of a sentence (names, mostly): what it is about."""
        if sentence not in self._topics:
            freq = resources_of(self.doc).freq
            s = self.doc.sentences[sentence] if self.doc.sentences else None
            words = set()
            if s is not None:
                tokens = self.doc.tokens
                for i in range(self._tok_index(s.start), len(tokens)):  # no slice: that would copy the rest
                    tok = tokens[i]
                    if tok.start >= s.end:
                        break
                    w = tok.text
                    if len(w) >= 2 and not w.isdigit() and any(ch.isalpha() for ch in w) \
                            and (freq.get(w) or 0) < 100:
                        words.add(w)
            self._topics[sentence] = frozenset(words)
        return self._topics[sentence]

    def _tok_index(self, pos: int) -> int:
        if not self.doc.tokens or pos >= len(self.doc.text):
            return len(self.doc.tokens)
        return self.tok.owner[pos]

    def _sentence(self, pos: int) -> int:
        return self.doc.sentence_at(pos).index if self.doc.sentences else 0

    def _narrative(self, sentence: int) -> _Anchor | None:
        """The date an anaphor refers back to: the latest one, unless the latest is a flashback
        on another topic (陈柏翰2008年… between 民国108年3月 and 同年9月): then the latest of the
        last few dates that shares the anaphor's topic and lies after the flashback."""
        if not self.anchors:
            return None
        last = self.anchors[-1]
        if last.sentence == sentence:
            return last
        topic = self._topic(sentence)
        if not topic or self._share(topic, self._topic(last.sentence)):
            return last
        flashback_end = last.last.bounds()[1]
        for a in reversed(self.anchors[-self.WINDOW:-1]):
            if a.first.bounds()[0] > flashback_end and self._share(topic, self._topic(a.sentence)):
                return a
        return last

    @staticmethod
    def _share(a: frozenset[str], b: frozenset[str]) -> bool:
        """Some rare word of one sentence is (part of) a rare word of the other: jieba cuts the
        same name differently in different sentences (芯睿 / 芯睿于)."""
        return any(x in y or y in x for x in a for y in b)

    def _published(self) -> _Anchor | None:
        if self.pub is None:
            return None
        p = self.pub
        if p.day is not None:
            r = _R("day", p.year, p.month, p.day)
        elif p.month is not None:
            r = _R("month", p.year, p.month)
        else:
            r = _R("year", p.year)
        return _Anchor(-1, r, r, None, -1)

    def _context(self, sentence: int, deictic: bool) -> _Anchor | None:
        if deictic:
            return self._published()
        a = self._narrative(sentence)
        if a is None and not self.blocked:
            return self._published()  # before any date of the narrative: the time of writing
        return a

    def _partial_context(self, sentence: int, p: _Point) -> _Anchor | None:
        """The context of 3月12日 or 7月: the narrative's date, except in news (a publication
        day is known) when a new paragraph is about something else than the sentence of that
        date: a bare month in a news item on another company (星河科技3月12日晚间公告 after a
        paragraph on another firm's 二〇二二年 round) is the time of writing's, not the old year.
        Within a paragraph the narrative goes on (2018年5月，公司完成C轮。7月，外媒报道)."""
        a = self._narrative(sentence)
        pub = self.pub
        if pub is not None and pub.day is not None and a is not None and a.index >= 0 \
                and a.sentence < sentence and p.month not in (None, -1) and p.holiday is None \
                and self._new_paragraph(a.sentence, sentence) \
                and not self._share(self._topic(sentence), self._topic(a.sentence)):
            return self._published()
        return self._context(sentence, False)

    def _new_paragraph(self, earlier: int, sentence: int) -> bool:
        """A line break lies between the two sentences (a news item of its own)."""
        sents = self.doc.sentences
        if not sents:
            return False
        return "\n" in self.doc.text[sents[earlier].end:sents[sentence].start + 1]

    # -- expressions ---------------------------------------------------------------------------

    def add(self, expr: _Expr) -> None:
        sentence = self._sentence(expr.start)
        if len(expr.points) == 2:
            self._add_range(expr, sentence)
            return
        p = expr.points[0]
        res = self._point(p, sentence)
        if res is _REJECT:
            return
        r, anchor = res  # type: ignore[misc]
        mod = p.pmod or expr.mod or p.qualifier_mod
        self._emit(expr.start, expr.end, expr.rule, p, r, r, anchor, mod, sentence)

    def _add_range(self, expr: _Expr, sentence: int) -> None:
        a, b = expr.points
        ra = self._point(a, sentence)
        rb = self._point(b, sentence)
        if ra is _REJECT or rb is _REJECT:
            return
        (r0, anc0), (r1, anc1) = ra, rb  # type: ignore[misc]
        if r0 is not None and r1 is not None and b.inherited_year and r1.gran == "day" and r0.y != r1.y \
                and r1.span is None and _valid_day(r0.y, r1.m, r1.d):
            r1 = replace(r1, y=r0.y)  # 2月29日-3月1日: the end is in the year the start resolved to
        if r0 is not None and r1 is not None and r0.bounds()[0] > r1.bounds()[1] and b.inherited_year:
            r1 = replace(r1, y=r1.y + 1)  # 11月至2月: the end is in the next year
        if r0 is not None and r1 is not None and r0.bounds()[0] > r1.bounds()[1]:
            r1 = None
        anchor = anc0 if anc0 is not None else anc1
        mod = expr.mod
        self._emit(expr.start, expr.end, expr.rule, a, r0, r1, anchor, mod, sentence, ranged=True,
                   relative=a.kind in ("deictic", "anaphoric", "partial") or b.kind in ("deictic", "anaphoric"))

    def _emit(self, start: int, end: int, rule: str, p: _Point, r0: _R | None, r1: _R | None,
              anchor, mod: str | None, sentence: int, ranged: bool = False, relative: bool | None = None) -> None:
        if relative is None:
            # 上世纪 needs the publication date; 上世纪90年代 without one is read like 90年代 (not relative)
            relative = p.kind in ("deictic", "anaphoric", "partial", "offset") or (
                p.kind == "period" and p.century_rel is not None and (self.pub is not None or r0 is None))
        if r0 is not None and not 1 <= r0.y <= 9998 or r1 is not None and not 1 <= r1.y <= 9998:
            r0 = r1 = None  # arithmetic ran off the calendar (此前999年 of a year-1000 anchor)
        resolved = r0 is not None and r1 is not None
        gran = (r0 or r1).gran if (r0 or r1) else self._guess_gran(p)
        if resolved:
            value = r0.value() if not ranged else f"{r0.value()}/{r1.value()}"
            earliest, latest = r0.bounds()[0].isoformat(), r1.bounds()[1].isoformat()
        else:
            value = earliest = latest = None
        values = {"value": value, "mod": mod, "earliest": earliest, "latest": latest,
                  "granularity": gran, "relative": bool(relative)}
        mention = Mention("date", start, end, rule, values)
        if resolved and relative and anchor is not None:
            if anchor.index < 0:
                mention.anchor_published = True
            else:
                mention.anchor_index = anchor.index
        index = len(self.out)
        self.out.append(mention)
        self._update(p, r0, r1, anchor, mod, sentence, index, resolved)

    def _update(self, p: _Point, r0, r1, anchor, mod, sentence: int, index: int, resolved: bool) -> None:
        """Move the narrative's current date. A deictic date that cannot be resolved (去年 with no
        publication date) moves the narrative to an unknown time: forget the current date, so
        that a later 隔年 stays unresolved rather than counting from an older date."""
        if p.kind == "period":
            return
        if not resolved:
            if p.kind == "deictic":
                self.anchors.clear()
                self.blocked = True
            return
        if anchor is not None and anchor.index >= 0 and p.kind in ("anaphoric", "partial"):
            if anchor.first == r0 and anchor.last == r1:
                return  # 同年 after 2009年 is the same date: keep pointing at the explicit one
        self.anchors.append(_Anchor(index, r0, r1, mod, sentence))
        del self.anchors[:-self.WINDOW]
        self.blocked = False

    @staticmethod
    def _guess_gran(p: _Point) -> str:
        if p.offset is not None:
            months, days, _ = p.offset
            return "day" if days else ("year" if months % 12 == 0 else "month")
        if p.century is not None or (p.century_rel is not None and p.decade_2d is None and p.decade is None):
            return "century"
        if p.decade is not None or p.decade_2d is not None:
            return "decade"
        if p.level == "day":
            return "day"
        if p.level == "month":
            return "month"
        if p.part or p.quarter_rel is not None:
            return {"H": "half", "Q": "quarter"}.get((p.part or "Q")[0], "season")
        return "year"

    # -- points --------------------------------------------------------------------------------

    def _point(self, p: _Point, sentence: int):
        """(resolved date or None, anchor used or None), or _REJECT to drop the mention."""
        if p.kind == "period":
            return self._period(p), (self._published() if p.century_rel is not None else None)
        if p.kind == "offset":
            return self._offset(p, sentence)
        anchor = None
        year = month = day = None
        if p.era is not None and p.year is None:
            return None, None   # 雍正十六年: past the era's end, no real year
        if p.year is not None:
            year = self._full_year(p.year) if p.year_digits == 2 else p.year
        elif p.year_rel is not None:
            anchor = self._context(sentence, p.kind == "deictic")
            base = anchor.year() if anchor else None
            if base is None:
                return None, None
            year = base + p.year_rel
            if p.same_month:
                pub = self.pub
                if pub is None or pub.month is None:
                    return None, None
                month = pub.month
        elif p.month_rel is not None:
            anchor = self._context(sentence, p.kind == "deictic")
            ym = anchor.month() if anchor else None
            if ym is None:
                return None, None
            year, month = _shift_month(ym[0], ym[1], p.month_rel)
        elif p.quarter_rel is not None:
            anchor = self._context(sentence, True)
            ym = anchor.month() if anchor else None
            if ym is None:
                return None, None
            index = ym[0] * 4 + (ym[1] - 1) // 3 + p.quarter_rel
            return _R("quarter", index // 4, part=f"Q{index % 4 + 1}"), anchor
        elif p.day_rel is not None:
            anchor = self._context(sentence, p.kind == "deictic")
            day0 = anchor.day() if anchor else None
            if day0 is None:
                return None, None
            d = day0 + datetime.timedelta(days=p.day_rel)
            return _R("day", d.year, d.month, d.day), anchor
        else:  # partial: 7月, 9月10日, 10日, 年底 take the year (and month) of the context
            anchor = self._partial_context(sentence, p)
            if anchor is None:
                return None, None
            if (p.month is None or p.month == -1) and (p.day is not None or p.month == -1):
                ym = anchor.month()
                if ym is None:
                    return None, None
                year, month = ym
            else:
                year = anchor.year()
                if year is None:
                    return None, None
        if month is None:
            month = p.month if p.month not in (None, -1) else None
        day = p.day
        if p.holiday is not None:
            return _holiday(year, p.holiday), anchor
        if month == 2 and day == 29 and p.year is None and p.year_rel is None and not p.lunar \
                and not calendar.isleap(year):
            # 2月29日 with the year left to context, which has none: the latest leap year before it
            # (a stated year without one, 2019年2月29日, stays unresolved)
            year = next(y for y in range(year - 1, year - 9, -1) if calendar.isleap(y))
        if p.lunar and month is not None:
            return _lunar(year, month, day, p.leap), anchor
        return self._build(year, month, day, p.part), anchor

    def _build(self, y: int, m: int | None, d: int | None, part: str | None) -> _R | None:
        if d is not None:
            if m is None or not _valid_day(y, m, d):
                return None
            return _R("day", y, m, d)
        if m is not None:
            return _R("month", y, m) if 1 <= m <= 12 else None
        if part:
            return _R({"H": "half", "Q": "quarter"}.get(part[0], "season"), y, part=part)
        return _R("year", y)

    def _full_year(self, yy: int) -> int:
        """98年 → 1998, 15年 → 2015: the latest such year no more than ten years after publication."""
        limit = (self.pub.year if self.pub else 2020) + 10
        return 2000 + yy if 2000 + yy <= limit else 1900 + yy

    def _period(self, p: _Point) -> _R | None:
        """Decades and centuries: 1980年代, 20世纪80年代, 90年代, 上世纪90年代, 二十一世纪初."""
        if p.decade is not None:
            return _R("decade", p.decade)
        first = None                      # first year of the century
        if p.century is not None:
            first = (p.century - 1) * 100
        elif p.century_rel is not None:
            if self.pub is not None:
                first = (self.pub.year // 100 + p.century_rel) * 100
            elif p.decade_2d is not None:
                # 上世纪90年代 with no publication date: read as modern text, like a bare 90年代
                first = {-1: 1900, 0: 2000}.get(p.century_rel)
        if p.decade_2d is None:
            return _R("century", first) if first is not None and first >= 1000 else None
        if first is None and p.century is None and p.century_rel is None:
            # 90年代 with no century is the 1990s (README); with a publication date, the latest
            # decade of that name that has begun by then (20年代 is the 2020s in 2023)
            if self.pub is not None:
                first = 2000 if 2000 + p.decade_2d <= self.pub.year else 1900
            else:
                first = 2000 if p.decade_2d <= 10 else 1900
        if first is None or first < 1000:
            return None
        return _R("decade", first + p.decade_2d)

    def _offset(self, p: _Point, sentence: int):
        """半年后 / 三天后 / 此前一年: the anchor date moved by the offset."""
        anchor = self._context(sentence, False)
        if p.event_verb:
            # 创办25年后 counts from the founding: only a date if that event is the dated one.
            if anchor is None or anchor.index < 0:
                return _REJECT
            s = self.doc.sentences[anchor.sentence] if self.doc.sentences else None
            if p.event_verb not in (self.doc.text[s.start:s.end] if s else self.doc.text):
                return _REJECT
        if anchor is None:
            return None, None
        months, days, sign = p.offset  # type: ignore[misc]
        base = anchor.last if sign > 0 else anchor.first
        return self._shift(base, anchor.mod, months * sign, days * sign), anchor

    @staticmethod
    def _shift(base: _R, mod: str | None, months: int, days: int) -> _R | None:
        if days:
            if base.gran != "day":
                return None
            d = datetime.date(base.y, base.m, base.d) + datetime.timedelta(days=days)  # type: ignore[arg-type]
            return _R("day", d.year, d.month, d.day)
        if base.gran in ("day", "month"):
            # 两个月之后 from a day: month precision (an offset in months is not exact to the day)
            y, m = _shift_month(base.y, base.m, months)  # type: ignore[arg-type]
            return _R("month", y, m)
        if base.gran == "year":
            if months % 12 == 0:
                return _R("year", base.y + months // 12)
            if mod in ("START", "END"):  # 2014年初 + 两个月 = March 2014
                y, m = _shift_month(base.y, 1 if mod == "START" else 12, months)
                return _R("month", y, m)
            return None
        if base.gran in ("half", "quarter") and base.part:
            size = _PART_MONTHS[base.part[0]]
            if months % size:
                return None
            index = base.y * (12 // size) + int(base.part[1]) - 1 + months // size
            per_year = 12 // size
            return _R(base.gran, index // per_year, part=f"{base.part[0]}{index % per_year + 1}")
        if base.gran == "season" and months % 12 == 0:
            return replace(base, y=base.y + months // 12)
        return None


_REJECT = object()


# ---------------------------------------------------------------------------------------------

def find_dates(doc: AnalysedText) -> list[Mention]:
    """Date mentions of ``doc`` in text order, non-overlapping, with RECORDS.md's values."""
    recogniser = _Recogniser(doc)
    exprs = recogniser.run()
    resolver = _Resolver(doc, recogniser.tok)
    for expr in exprs:
        resolver.add(expr)
    return resolver.out
