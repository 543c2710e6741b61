"""Date mentions (extract/dates.py), in simplified and traditional input.

Every case runs through ``extract.pipeline.analyse``, so the OpenCC conversion and its offset map
are exercised: a mention's span, mapped back to the original, must be the expression as written
there. Each positive case is run twice: as written (simplified) and converted with OpenCC s2t
(traditional); both must give the same values.
"""
from __future__ import annotations

import time

import opencc
import pytest
from hypothesis import given, settings, strategies as st

from extract.dates import find_dates
from extract.pipeline import analyse
from extract.schemas.records import DateRecord

S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")
MODS = {None, "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN"}
GRANULARITIES = {"day", "month", "quarter", "half", "season", "year", "decade", "century"}


def dates(text: str, published: str | None = None) -> list[dict]:
    """find_dates on ``text`` with offsets mapped back to it, as plain dicts."""
    analysed, converted = analyse(text, "t", published)
    mentions = find_dates(analysed)
    out = []
    for m in mentions:
        start, end = converted.offsets.to_original(m.start, m.end)
        anchor = "published" if m.anchor_published else (
            None if m.anchor_index is None else converted.offsets.to_original(
                mentions[m.anchor_index].start, mentions[m.anchor_index].end))
        out.append({"start": start, "end": end, "text": text[start:end], "rule": m.rule, "anchor": anchor,
                    **m.values})
    return out


def Y(y):  # noqa: N802 - table shorthand: a whole year
    return (str(y), f"{y}-01-01", f"{y}-12-31", "year")


def M(y, m, last):  # noqa: N802
    return (f"{y}-{m:02d}", f"{y}-{m:02d}-01", f"{y}-{m:02d}-{last}", "month")


def D(y, m, d):  # noqa: N802
    iso = f"{y}-{m:02d}-{d:02d}"
    return (iso, iso, iso, "day")


# (text, published, span, (value, earliest, latest, granularity), mod, relative)
CASES: list[tuple[str, str | None, str, tuple, str | None, bool]] = [
    # --- absolute dates in Arabic, full-width and Chinese numerals -------------------------------
    ("1958年美国国防部下属的ARPA正式成立。", None, "1958年", Y(1958), None, False),
    ("公司于２０１４年成立。", None, "２０１４年", Y(2014), None, False),
    ("公司于二〇一四年成立。", None, "二〇一四年", Y(2014), None, False),
    ("交易于二零一八年十二月三日完成。", None, "二零一八年十二月三日", D(2018, 12, 3), None, False),
    ("交易于二零二二年十二月三日完成交割。", None, "二零二二年十二月三日", D(2022, 12, 3), None, False),
    ("截止日期为2018/09/10。", None, "2018/09/10", D(2018, 9, 10), None, False),
    ("截止日期为2018-09-10。", None, "2018-09-10", D(2018, 9, 10), None, False),
    ("截止日期为2018.9.10。", None, "2018.9.10", D(2018, 9, 10), None, False),
    ("公司在2014年3月发布算法。", None, "2014年3月", M(2014, 3, 31), None, False),
    ("公司在2018年9月10日上线。", None, "2018年9月10日", D(2018, 9, 10), None, False),
    ("公司在2018年2月成立联盟。", None, "2018年2月", M(2018, 2, 28), None, False),
    ("时间是两千零四年八月十五日。", None, "两千零四年八月十五日", D(2004, 8, 15), None, False),
    ("98年4月他来到北京。", "2019", "98年4月", M(1998, 4, 30), None, False),
    ("公元1405年郑和下西洋。", None, "公元1405年", Y(1405), None, False),
    # --- partial dates: the year (and month) come from the narrative or the publication ----------
    ("7月，公司宣布融资。", "2019-06", "7月", M(2019, 7, 31), None, True),
    ("九月十日，公司宣布融资。", "2019", "九月十日", D(2019, 9, 10), None, True),
    ("2018年5月，公司完成C轮。7月，外媒报道。", "2019", "7月", M(2018, 7, 31), None, True),
    ("2018年5月，公司完成C轮。直到9月10日，软银宣布投资。", "2019", "9月10日", D(2018, 9, 10), None, True),
    ("2018年5月3日，公司完成C轮。10日，软银宣布投资。", "2019", "10日", D(2018, 5, 10), None, True),
    ("芯睿科技14日宣布完成B+轮融资。", "2023-11-15", "14日", D(2023, 11, 14), None, True),
    # --- Republic of China years ----------------------------------------------------------------
    ("芯睿于民国108年在新竹创立。", None, "民国108年", Y(2019), None, False),
    ("芯睿于民国108年3月在新竹创立。", None, "民国108年3月", M(2019, 3, 31), None, False),
    ("同样在民国一一二年，芯睿获奖。", None, "民国一一二年", Y(2023), None, False),
    ("民国三十八年，政府迁台。", None, "民国三十八年", Y(1949), None, False),
    # --- decades and centuries ------------------------------------------------------------------
    ("在90年代，人脸识别研究进入高潮。", None, "90年代", ("199", "1990-01-01", "1999-12-31", "decade"), None, False),
    ("八十年代的中国。", None, "八十年代", ("198", "1980-01-01", "1989-12-31", "decade"), None, False),
    ("台湾从九〇年代起逐步成为重镇。", None, "九〇年代", ("199", "1990-01-01", "1999-12-31", "decade"),
     "ON_OR_AFTER", False),
    ("他的导师早在上世纪90年代就已投身该领域。", "2023-08-18", "上世纪90年代",
     ("199", "1990-01-01", "1999-12-31", "decade"), None, True),
    ("20世纪80年代，改革开放。", None, "20世纪80年代", ("198", "1980-01-01", "1989-12-31", "decade"), None, False),
    ("20世纪最伟大的发明之一。", None, "20世纪", ("19", "1900-01-01", "1999-12-31", "century"), None, False),
    ("萌芽可以追溯到二十一世纪初。", None, "二十一世纪初", ("20", "2000-01-01", "2099-12-31", "century"),
     "START", False),
    ("十九世纪七十年代，他出生了。", None, "十九世纪七十年代", ("187", "1870-01-01", "1879-12-31", "decade"),
     None, False),
    # --- parts of periods -----------------------------------------------------------------------
    ("2014年初，Facebook对外宣称。", None, "2014年初", Y(2014), "START", False),
    ("2019年年中，公司调整架构。", None, "2019年年中", Y(2019), "MID", False),
    ("直到2015年底，才开始开发客户。", None, "2015年底", Y(2015), "END", False),
    ("2015年末，公司盈利。", None, "2015年末", Y(2015), "END", False),
    ("芯睿预计今年年底员工将扩增。", "2023-11-15", "今年年底", Y(2023), "END", True),
    ("公司计划年底前上市。", "2023-11-15", "年底", Y(2023), "END", True),
    ("去年5月底，公司再获融资。", "2019", "去年5月底", M(2018, 5, 31), "END", True),
    ("2018年5月初，公司成立。", None, "2018年5月初", M(2018, 5, 31), "START", False),
    ("月初，公司发布财报。", "2023-08-18", "月初", M(2023, 8, 31), "START", True),
    ("2023年3月上旬，芯睿发布芯片。", None, "2023年3月上旬", M(2023, 3, 31), "START", False),
    ("今年3月中旬，芯睿发布芯片。", "2023-11-15", "今年3月中旬", M(2023, 3, 31), "MID", True),
    ("次年5月下旬完成融资。", None, "次年5月下旬", (None, None, None, "month"), "END", True),
    ("2016年上半年，公司引入经理人。", None, "2016年上半年", ("2016-H1", "2016-01-01", "2016-06-30", "half"),
     None, False),
    ("明年下半年启动IPO。", "2023-08-18", "明年下半年", ("2024-H2", "2024-07-01", "2024-12-31", "half"), None, True),
    ("上半年，公司营收增长。", "2023-08-18", "上半年", ("2023-H1", "2023-01-01", "2023-06-30", "half"), None, True),
    ("2022年第三季度融资额下降。", None, "2022年第三季度", ("2022-Q3", "2022-07-01", "2022-09-30", "quarter"),
     None, False),
    ("交易已于今年一季度完成。", "2023-08-18", "今年一季度", ("2023-Q1", "2023-01-01", "2023-03-31", "quarter"),
     None, True),
    ("２０２３年第三季单季营收超过2.5亿元。", None, "２０２３年第三季",
     ("2023-Q3", "2023-07-01", "2023-09-30", "quarter"), None, False),
    ("芯睿计划于明年Q3启动C轮融资。", "2023-11-15", "明年Q3", ("2024-Q3", "2024-07-01", "2024-09-30", "quarter"),
     None, True),
    ("2023Q3营收增长。", None, "2023Q3", ("2023-Q3", "2023-07-01", "2023-09-30", "quarter"), None, False),
    ("2019年前三季度营收增长。", None, "2019年前三季度",
     ("2019-Q1/2019-Q3", "2019-01-01", "2019-09-30", "quarter"), None, False),
    ("2010年秋天，徐立前往香港。", None, "2010年秋天", ("2010-FA", "2010-09-01", "2010-11-30", "season"), None, False),
    ("2019年春季，新品上市。", None, "2019年春季", ("2019-SP", "2019-03-01", "2019-05-31", "season"), None, False),
    ("2017年夏天，公司搬迁。", None, "2017年夏天", ("2017-SU", "2017-06-01", "2017-08-31", "season"), None, False),
    ("2019年冬天，公司裁员。", None, "2019年冬天", ("2019-WI", "2019-12-01", "2020-02-29", "season"), None, False),
    # --- modifiers outside the span -------------------------------------------------------------
    ("并拟在2025年前后赴香港上市。", None, "2025年", Y(2025), "APPROX", False),
    ("2014年左右，公司成立。", None, "2014年", Y(2014), "APPROX", False),
    ("约2014年，公司成立。", None, "2014年", Y(2014), "APPROX", False),
    ("2005年起，汤晓鸥同时兼任负责人。", None, "2005年", Y(2005), "ON_OR_AFTER", False),
    ("自2015年以来，商汤手机业务碩果累累。", None, "2015年", Y(2015), "ON_OR_AFTER", False),
    ("2014年6月起，开始发表算法。", None, "2014年6月", M(2014, 6, 30), "ON_OR_AFTER", False),
    ("因为2007年后大数据高速发展。", None, "2007年", Y(2007), "AFTER", False),
    ("2010年以后，行业兴起。", None, "2010年", Y(2010), "AFTER", False),
    ("2015年前，这里的情况要糟糕得多。", None, "2015年", Y(2015), "BEFORE", False),
    ("2015年以前，这里的情况要糟糕得多。", None, "2015年", Y(2015), "BEFORE", False),
    ("2015年中国移动全面实行实名认证。", None, "2015年", Y(2015), None, False),
    ("2014年初步实现盈利。", None, "2014年", Y(2014), None, False),
    # --- ranges (one mention) -------------------------------------------------------------------
    ("2017年11~12月，商汤连续公布三笔融资。", None, "2017年11~12月",
     ("2017-11/2017-12", "2017-11-01", "2017-12-31", "month"), None, False),
    ("2014~2016年，公司主要投向两个地方。", None, "2014~2016年", ("2014/2016", "2014-01-01", "2016-12-31", "year"),
     None, False),
    ("2014年至2016年，公司快速发展。", None, "2014年至2016年",
     ("2014/2016", "2014-01-01", "2016-12-31", "year"), None, False),
    ("资本热潮出现在2014-2016年。", None, "2014-2016年", ("2014/2016", "2014-01-01", "2016-12-31", "year"),
     None, False),
    ("2011~2013年间，实验室发表了论文。", None, "2011~2013年",
     ("2011/2013", "2011-01-01", "2013-12-31", "year"), None, False),
    ("期刊五年论文引用之首(2011-2015)。", None, "2011-2015", ("2011/2015", "2011-01-01", "2015-12-31", "year"),
     None, False),
    ("2019至2021年间，研发投入累计近三亿元。", None, "2019至2021年",
     ("2019/2021", "2019-01-01", "2021-12-31", "year"), None, False),
    ("2017年8月11日至8月22日举办。", None, "2017年8月11日至8月22日",
     ("2017-08-11/2017-08-22", "2017-08-11", "2017-08-22", "day"), None, False),
    ("2018年1-9月份销量增长。", None, "2018年1-9月份", ("2018-01/2018-09", "2018-01-01", "2018-09-30", "month"),
     None, False),
    ("时间从二零一六年至二零一八年。", None, "二零一六年至二零一八年",
     ("2016/2018", "2016-01-01", "2018-12-31", "year"), None, False),
    ("1-9月累计销量增长。", "2023-08-18", "1-9月", ("2023-01/2023-09", "2023-01-01", "2023-09-30", "month"),
     None, True),
    ("今年前五个月，销量增长。", "2021-06-14", "今年前五个月",
     ("2021-01/2021-05", "2021-01-01", "2021-05-31", "month"), None, True),
    ("可以给我8月至2月的数据吗？", "2018-09-18", "8月至2月",
     ("2018-08/2019-02", "2018-08-01", "2019-02-28", "month"), None, True),
    # --- deictic: against the publication date --------------------------------------------------
    ("去年，公司与商汤达成合作。", "2019", "去年", Y(2018), None, True),
    ("计划今年筹集约20亿美元。", "2019", "今年", Y(2019), None, True),
    ("明年，公司计划上市。", "2019", "明年", Y(2020), None, True),
    ("直到前年，公司员工还不到100人。", "2023-08-18", "前年", Y(2021), None, True),
    ("在去年4月25日举办的峰会上。", "2019", "去年4月25日", D(2018, 4, 25), None, True),
    ("上月，基金注资1亿元。", "2023-08-18", "上月", M(2023, 7, 31), None, True),
    ("公司本月宣布完成B轮融资。", "2023-08-18", "本月", M(2023, 8, 31), None, True),
    ("上个月15号，公司发布新品。", "2021-06-14", "上个月15号", D(2021, 5, 15), None, True),
    ("去年年中，基金进行了战略投资。", "2023-08-18", "去年年中", Y(2022), "MID", True),
    ("上季度末，公司实现盈利。", "2021-06-14", "上季度末", ("2021-Q1", "2021-01-01", "2021-03-31", "quarter"),
     "END", True),
    ("昨天，公司宣布完成融资。", "2021-06-14", "昨天", D(2021, 6, 13), None, True),
    # --- anaphoric: against the narrative's current date ----------------------------------------
    ("2009年，公司成立。同年，他离开。", None, "同年", Y(2009), None, True),
    ("1958年ARPA成立。当年ARPA成立后的第一个项目是GPS。", None, "当年", Y(1958), None, True),
    ("2009年，公司成立。次年，他离开。", None, "次年", Y(2010), None, True),
    ("二零二一年十二月完成A轮。翌年3月，公司签约。", None, "翌年3月", M(2022, 3, 31), None, True),
    ("ARPA在1968年组建计算机网，并在第二年正式联机。", None, "第二年", Y(1969), None, True),
    ("港研智能于2019年创办，隔年即推出平台。", None, "隔年", Y(2020), None, True),
    ("2009年，公司成立。这一年，他当选院士。", None, "这一年", Y(2009), None, True),
    ("2009年，公司成立。他获得该年度的最佳论文奖。", None, "该年度", Y(2009), None, True),
    ("2009年，公司成立。此前一年，他离开微软。", None, "此前一年", Y(2008), None, True),
    ("2017年11~12月，商汤公布融资，并在第二年4月领投C轮。", None, "第二年4月", M(2018, 4, 30), None, True),
    ("民国108年3月芯睿创立。同年9月，芯睿完成天使轮融资。", None, "同年9月", M(2019, 9, 30), None, True),
    ("2016年4月，StarVC投资千万美元。半年后的B轮，IDG继续跟投。", None, "半年后", M(2016, 10, 31), None, True),
    ("2009年，公司成立。一年后，他离开。", None, "一年后", Y(2010), None, True),
    ("在2014年5月，百度构建了超算平台。仅仅一年后，商汤建设了DeepLink。", None, "仅仅一年后",
     M(2015, 5, 31), None, True),
    ("他1990年从中科大毕业后，并在1年后取得硕士学位。", None, "1年后", Y(1991), None, True),
    ("2023年3月15日，公司发布大模型，三天后，App上线。", None, "三天后", D(2023, 3, 18), None, True),
    ("2016年4月，A轮融资。两个月之后，B轮融资。", None, "两个月之后", M(2016, 6, 30), None, True),
    ("2014年初，Facebook宣称准确率接近人眼。不到两个月之后，团队发布算法。", None, "不到两个月之后",
     M(2014, 3, 31), None, True),
    ("二〇二一年三月，芯睿完成A轮融资。A轮完成半年后，芯睿与中华电信签署备忘录。", None, "半年后",
     M(2021, 9, 30), None, True),
]


def _find(found: list[dict], span: str, convert=None) -> dict:
    for d in found:
        if (convert(d["text"]) if convert else d["text"]) == span:
            return d
    raise AssertionError(f"no mention {span!r} in {[d['text'] for d in found]}")


def _check(d: dict, expected: tuple, mod, relative) -> None:
    value, earliest, latest, granularity = expected
    got = (d["value"], d["earliest"], d["latest"], d["granularity"], d["mod"], d["relative"])
    assert got == (value, earliest, latest, granularity, mod, relative), d


@pytest.mark.parametrize("text,published,span,expected,mod,relative", CASES, ids=[c[2] + "|" + c[0][:12] for c in CASES])
def test_simplified(text, published, span, expected, mod, relative):
    found = dates(text, published)
    d = _find(found, span)
    assert text[d["start"]:d["end"]] == span
    _check(d, expected, mod, relative)


@pytest.mark.parametrize("text,published,span,expected,mod,relative", CASES, ids=[c[2] + "|" + c[0][:12] for c in CASES])
def test_traditional(text, published, span, expected, mod, relative):
    trad = S2T.convert(text)
    found = dates(trad, published)
    d = _find(found, span, convert=lambda s: T2S.convert(s))
    assert trad[d["start"]:d["end"]] == d["text"]  # offsets are into the traditional original
    _check(d, expected, mod, relative)


# Written traditional text (Taiwan / Hong Kong usage), not converted from simplified.
TRADITIONAL = [
    ("芯睿於民國108年3月在新竹創立。", None, "民國108年3月", M(2019, 3, 31), None, False),
    ("同樣在民國一一二年，芯睿獲獎。", None, "民國一一二年", Y(2023), None, False),
    ("1958年ARPA成立。當年ARPA成立後的第一個項目是GPS。", None, "當年", Y(1958), None, True),
    ("2009年，湯曉鷗婉拒了微軟。這一年的湯曉鷗當選院士。", None, "這一年", Y(2009), None, True),
    ("2009年，公司成立。憑論文奪得CVPR該年度的最佳論文獎。", None, "該年度", Y(2009), None, True),
    ("今年3月中旬，芯睿發表晶片。兩個月之後，晶片獲獎。", "2023-11-15", "兩個月之後", M(2023, 5, 31), None, True),
    ("2016年4月，StarVC投資千萬美元。半年後的B輪，IDG繼續跟投。", None, "半年後", M(2016, 10, 31), None, True),
    ("並擬在2025年前後赴香港交易所掛牌。", None, "2025年", Y(2025), "APPROX", False),
    ("自2015年以來，商湯手機業務碩果累累。", None, "2015年", Y(2015), "ON_OR_AFTER", False),
    ("台灣從九〇年代起逐步成為全球晶圓代工重鎮。", None, "九〇年代",
     ("199", "1990-01-01", "1999-12-31", "decade"), "ON_OR_AFTER", False),
    ("２０２３年第三季單季營收更超過新台幣2.5億元。", None, "２０２３年第三季",
     ("2023-Q3", "2023-07-01", "2023-09-30", "quarter"), None, False),
    ("20世紀最偉大的發明之一。", None, "20世紀", ("19", "1900-01-01", "1999-12-31", "century"), None, False),
    ("芯睿與香港科技大學在上月簽署合作備忘錄。", "2023-11-15", "上月", M(2023, 10, 31), None, True),
]


@pytest.mark.parametrize("text,published,span,expected,mod,relative", TRADITIONAL, ids=[c[2] for c in TRADITIONAL])
def test_written_traditional(text, published, span, expected, mod, relative):
    found = dates(text, published)
    d = _find(found, span)
    assert text[d["start"]:d["end"]] == span
    _check(d, expected, mod, relative)


# --- enumerations are separate mentions ------------------------------------------------------

@pytest.mark.parametrize("text,spans", [
    ("该项目分别于1994年，1995年和1996年组织了评测。", ["1994年", "1995年", "1996年"]),
    ("芯睿在2019年、2020年和2021年的营收分别为800万元、4200万元及2.6亿元。", ["2019年", "2020年", "2021年"]),
    ("营收在2019、2020和2021年分别增长。", ["2019", "2020", "2021年"]),
])
def test_enumerations_are_separate_mentions(text, spans):
    found = dates(text)
    assert [d["text"] for d in found] == spans
    assert [d["value"] for d in found] == [s[:4] for s in spans]
    assert all(d["granularity"] == "year" and not d["relative"] for d in found)


# --- anchors ---------------------------------------------------------------------------------

def test_anaphora_anchor_to_the_explicit_date_not_to_each_other():
    text = "2009年，公司成立。这一年，他当选院士。同年，他获奖。他获得该年度的最佳论文奖。"
    found = dates(text)
    explicit = (found[0]["start"], found[0]["end"])
    assert [d["text"] for d in found] == ["2009年", "这一年", "同年", "该年度"]
    assert all(d["anchor"] == explicit and d["value"] == "2009" for d in found[1:])


def test_deictic_dates_anchor_to_published():
    found = dates("去年6月，公司上线新功能。今年，公司计划上市。", "2019")
    assert [(d["text"], d["value"], d["anchor"]) for d in found] == [
        ("去年6月", "2018-06", "published"), ("今年", "2019", "published")]


def test_partial_date_takes_the_year_of_the_narrative():
    text = "去年5月底，商汤再获融资。而在这之后不久的7月，外媒报道。直到9月10日，软银宣布投资。"
    found = dates(text, "2019")
    assert [(d["text"], d["value"]) for d in found] == [("去年5月底", "2018-05"), ("7月", "2018-07"),
                                                          ("9月10日", "2018-09-10")]
    assert found[1]["anchor"] == (found[0]["start"], found[0]["end"])


def test_a_flashback_on_another_topic_is_not_the_anchor():
    # 2008年 is about the founder; 同年 continues the story of the company founded in 民国108年
    text = ("芯睿于民国108年3月在新竹创立，创办人陈柏翰曾任台积电处长。现年48岁的陈柏翰2008年取得博士学位后即加入台积电。"
            "同年9月，芯睿完成天使轮融资。")
    found = dates(text)
    assert [(d["text"], d["value"]) for d in found][-1] == ("同年9月", "2019-09")


def test_a_later_explicit_date_becomes_the_anchor():
    found = dates("2009年，公司成立。2012年，公司上市。同年，他离开。")
    assert found[-1]["value"] == "2012"


# --- unresolvable: nulls and no anchor, never a guess ----------------------------------------

@pytest.mark.parametrize("text,published,span,granularity", [
    ("去年，公司上市。", None, "去年", "year"),
    ("上月，公司上市。", "2019", "上月", "month"),
    ("同年，他离开了公司。", None, "同年", "year"),
    ("2014年，公司成立。10日，公司上市。", None, "10日", "day"),
    ("2019年2月29日，公司上市。", None, "2019年2月29日", "day"),
    ("去年7月，公司收购对手。前年创办的公司，隔年即推出平台。", None, "隔年", "year"),
])
def test_unresolvable(text, published, span, granularity):
    d = _find(dates(text, published), span)
    assert (d["value"], d["earliest"], d["latest"], d["anchor"]) == (None, None, None, None)
    assert d["granularity"] == granularity


# --- what must not be extracted --------------------------------------------------------------

NEGATIVE = [
    # durations
    "他在这里工作了5年。", "往往要等1个月才能验证一个结果。", "以前耗时1个月的运算只需5-6个小时即可完成。",
    "小学、初中，高中12年，他多次获得金牌。", "该会议创办25年后，首次有亚洲学者获授这项殊荣。",
    "拥有5000年历史的古城。", "长达2000年的历史。", "他在半导体业打滚超过20年。", "十年来，公司发展迅速。",
    "5年内在沪投资不低于60亿元。", "团队仅用3个月就完成了整合。", "3日游很受欢迎。", "10日内完成付款。",
    # frequencies
    "每年都会举办峰会。", "每天搭载商汤AR技术的用户高达10亿。", "每年5月举行年会。", "每月10日发工资。",
    "每年年底结算一次。",
    # ages and generation labels
    "他18岁时被保送。", "公司里多数工程师是90后。", "不少员工是00后。", "80後的創業者。",
    # bare present/past references
    "目前公司有300人。", "当时他很年轻。", "此时团队用尽了资金。", "如今已经不同。", "今天商汤才有机会。",
    "现在流行的美图功能。", "在CV技术还远没有今天成熟的时候。",
    # percentages, money, counts
    "准确率达98.52%。", "增长了2018%。", "营收1958万元。", "公司累计融资达到26亿美元。", "共有2000人参加。",
    "拥有超过6000块GPU。", "入选论文2015篇。",
    # phone numbers, ids, version numbers, product names
    "商务合作：010-62792019", "投资人关系专线：(03)578-2023。", "拨打13812345678咨询。",
    "身份证号140302197706220124。", "订单号201809101234。", "版本V2.0发布。", "升级到iOS 14。",
    "SenseFace3.0平台上线。", "RuiSDK 2.1版。", "在2018商汤科技人工智能峰会上。", "《2049》上映。",
    "10年期国债收益率下降。", "3-5年内完成。", "公司成立60周年。", "2011-12赛季的冠军。",
    # bare numbers that only look like years
    "共计2019。", "编号1995的球员。", "房间2016在二楼。",
    # words that contain date-like characters
    "同年龄段的人。", "失去年轻人的支持。", "提前一年完成。", "五月天乐队。", "想当年他很穷。", "中国的明天会更好。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_date(text):
    assert dates(text, "2019-06-15") == []
    assert dates(S2T.convert(text), "2019-06-15") == []


# --- the contract, for any text --------------------------------------------------------------

def _valid(text: str, published: str | None) -> None:
    analysed, converted = analyse(text, "t", published)
    mentions = find_dates(analysed)
    last_end = -1
    for i, m in enumerate(mentions):
        assert m.kind == "date" and m.start < m.end and m.start >= last_end, (text, mentions)
        last_end = m.end
        assert set(m.values) == {"value", "mod", "earliest", "latest", "granularity", "relative"}
        v = m.values
        assert v["mod"] in MODS and v["granularity"] in GRANULARITIES
        assert (v["value"] is None) == (v["earliest"] is None) == (v["latest"] is None)
        if m.anchor_index is not None:
            assert 0 <= m.anchor_index < i and v["relative"] and v["value"] is not None
        if m.anchor_published:
            assert published is not None and v["relative"] and v["value"] is not None
        start, end = converted.offsets.to_original(m.start, m.end)
        DateRecord(id="d", doc_id="t", start=start, end=end, text=text[start:end],
                   simplified=analysed.simplified[m.start:m.end], sentence=0, rule=m.rule, **v, anchor=None)


def test_sample_documents_satisfy_the_contract(root):
    for path, published in (("raw/000_9172d1ec0378535b.txt", "2019"), ("tests/gold/docs/tw_hk_news.txt", None),
                            ("tests/gold/docs/cn_funding_news.txt", "2023-08-18")):
        _valid((root / path).read_text(encoding="utf-8"), published)


_ALPHABET = list("0123456789年月日号底初中末前后起来以至到~-、，。的同当次第二十一九〇零两半个天上下旬季度世纪代去今明民国约春秋")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40),
       st.sampled_from([None, "2019", "2019-06", "2019-06-15"]))
def test_any_text_gives_valid_mentions(text, published):
    _valid(text, published)


def test_linear_time():
    """Twice the text costs about twice the time (no quadratic scan over the document)."""
    unit = "2014年初，公司成立。同年9月，公司完成融资，半年后又获投资。去年5月底，在时隔不到两个月后，公司上市。每年5月举行年会。\n"
    small, large = unit * 200, unit * 800

    def cost(text):
        analysed, _ = analyse(text, "t", "2019")
        t0 = time.perf_counter()
        find_dates(analysed)
        return time.perf_counter() - t0

    cost(small)
    assert cost(large) < 8 * cost(small) + 0.5
