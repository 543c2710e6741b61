"""Dates, contract v2 (RECORDS.md): lunar dates, holidays, day words, two-digit years,
sub-periods, ranges and numeric forms, reign eras; and what must not be a date.

Sentences are written for these tests (traditional and simplified); expected values are read off
RECORDS.md v2 and checked by hand (lunar dates against the published Chinese calendar: 中秋 2021
is 21 September, 春節 2023 is 22 January, 2024 is 10 February; 閏四月 2020 ran 23 May–20 June).
"""
import pytest

from extract.dates import find_dates
from extract.pipeline import analyse


def dates(text: str, published: str | None = None) -> list[dict]:
    doc, converted = analyse(text, "t", published)
    out = []
    for m in find_dates(doc):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"text": text[start:end], "rule": m.rule, **m.values})
    return out


def one(text: str, published: str | None = None) -> dict:
    found = dates(text, published)
    assert len(found) == 1, found
    return found[0]


# text, published, span, value, earliest, latest, mod
CASES = [
    # lunar dates → Gregorian days
    ("公司於農曆八月十五舉辦晚會。", "2021-03-01", "農曆八月十五", "2021-09-21", "2021-09-21", "2021-09-21", None),
    ("臘月初十那天，他回到了老家。", "2022-05-01", "臘月初十", "2023-01-01", "2023-01-01", "2023-01-01", None),
    ("正月十五晚上，街上掛滿燈籠。", "2023-08-01", "正月十五", "2023-02-05", "2023-02-05", "2023-02-05", None),
    ("2020年閏四月，工廠復工。", None, "2020年閏四月", "2020-05-23/2020-06-20", "2020-05-23", "2020-06-20", None),
    ("他生於三月初一。", "2018-01-01", "三月初一", "2018-04-16", "2018-04-16", "2018-04-16", None),
    # holidays: the year like any partial date
    ("今年春節期間，銷量大增。", "2023-03-10", "今年春節", "2023-01-22", "2023-01-22", "2023-01-22", None),
    ("去年中秋節，公司發放了月餅。", "2022-05-01", "去年中秋節", "2021-09-21", "2021-09-21", "2021-09-21", None),
    ("除夕當晚，全家團聚。", "2024-06-01", "除夕", "2024-02-09", "2024-02-09", "2024-02-09", None),
    ("新品將在國慶節前後上市。", "2019-05-01", "國慶節", "2019-10-01", "2019-10-01", "2019-10-01", "APPROX"),
    ("母親節，花店生意興隆。", "2021-01-01", "母親節", "2021-05-09", "2021-05-09", "2021-05-09", None),
    ("圣诞节那天商场人很多。", "2020-01-01", "圣诞节", "2020-12-25", "2020-12-25", "2020-12-25", None),
    ("五一假期，景區遊客眾多。", "2021-03-01", "五一", "2021-05-01", "2021-05-01", "2021-05-01", None),
    ("2015年元宵節，他們訂婚了。", None, "2015年元宵節", "2015-03-05", "2015-03-05", "2015-03-05", None),
    # day words relative to published
    ("昨天，該公司宣佈裁員。", "2024-03-05", "昨天", "2024-03-04", "2024-03-04", "2024-03-04", None),
    ("今晨，股價大跌。", "2024-03-05", "今晨", "2024-03-05", "2024-03-05", "2024-03-05", None),
    ("前天晚上下了大雨。", "2024-03-01", "前天", "2024-02-28", "2024-02-28", "2024-02-28", None),
    ("明天將公布財報。", "2024-12-31", "明天", "2025-01-01", "2025-01-01", "2025-01-01", None),
    ("昨晚的發布會上，他宣佈退休。", "2024-03-05", "昨晚", "2024-03-04", "2024-03-04", "2024-03-04", None),
    ("今日，董事會通過決議。", "2024-03-05", "今日", "2024-03-05", "2024-03-05", "2024-03-05", None),
    # two-digit years: the nearest year not after published + 10
    ("07年以後，公司轉型做軟件。", "2019", "07年", "2007", "2007-01-01", "2007-12-31", "AFTER"),
    ("98年4月，他來到深圳。", "2019", "98年4月", "1998-04", "1998-04-01", "1998-04-30", None),
    ("五八年，村裡建了水庫。", "2019", "五八年", "1958", "1958-01-01", "1958-12-31", None),
    ("25年4月將完工。", "2019", "25年4月", "2025-04", "2025-04-01", "2025-04-30", None),
    ("16年到17年，市場低迷。", "2019", "16年到17年", "2016/2017", "2016-01-01", "2017-12-31", None),
    # sub-periods
    ("2018年前半年，營收下滑。", None, "2018年前半年", "2018-H1", "2018-01-01", "2018-06-30", None),
    ("首季度的利潤創新高。", "2019-05-01", "首季度", "2019-Q1", "2019-01-01", "2019-03-31", None),
    ("前三季度，出口增長一成。", "2019-11-01", "前三季度", "2019-Q1/2019-Q3", "2019-01-01", "2019-09-30", None),
    # ranges and compounds
    ("工程在三月和九月之間完成。", "2019", "三月和九月", "2019-03/2019-09", "2019-03-01", "2019-09-30", None),
    ("展期為1月3至2月10。", "2019", "1月3至2月10", "2019-01-03/2019-02-10", "2019-01-03", "2019-02-10", None),
    ("去年本月十日，工廠投產。", "2020-05-03", "去年本月十日", "2019-05-10", "2019-05-10", "2019-05-10", None),
    ("截止日是十月31，請勿遲交。", "2019", "十月31", "2019-10-31", "2019-10-31", "2019-10-31", None),
    # numeric forms
    ("簽署日期：2010 01 29", None, "2010 01 29", "2010-01-29", "2010-01-29", "2010-01-29", None),
    ("6·30事件後，市場恢復。", "2021", "6·30", "2021-06-30", "2021-06-30", "2021-06-30", None),
    ("合同於13.5.2015生效。", None, "13.5.2015", "2015-05-13", "2015-05-13", "2015-05-13", None),
    ("會議定於5/6/2018舉行。", None, "5/6/2018", "2018-06-05", "2018-06-05", "2018-06-05", None),
    ("記者12號獲悉，項目已獲批。", "2019-03-20", "12號", "2019-03-12", "2019-03-12", "2019-03-12", None),
    ("我們三號出發。", "2019-03-20", "三號", "2019-03-03", "2019-03-03", "2019-03-03", None),
    # a leap day: real in a leap year
    ("2020年2月29日，公司成立。", None, "2020年2月29日", "2020-02-29", "2020-02-29", "2020-02-29", None),
]


@pytest.mark.parametrize("text,published,span,value,earliest,latest,mod", CASES, ids=[c[0] for c in CASES])
def test_v2_case(text, published, span, value, earliest, latest, mod):
    d = one(text, published)
    assert (d["text"], d["value"], d["earliest"], d["latest"], d["mod"]) == (span, value, earliest, latest, mod)


@pytest.mark.parametrize("text,published", [
    ("農曆八月十五", "2021"), ("臘月初十", "2022"), ("閏四月", "2020"), ("正月", "2023")])
def test_lunar_rule_names_the_lunar_reading(text, published):
    assert one(text, published)["rule"] == "date.lunar"


def test_holiday_rule():
    assert one("端午節", "2020")["rule"] == "date.holiday"
    assert one("端午節", "2020")["value"] == "2020-06-25"


def test_leap_month_that_the_year_lacks_is_unresolved():
    d = one("2021年閏四月", None)
    assert d["value"] is None and d["earliest"] is None


def test_february_29_in_a_common_year_is_never_a_wrong_day():
    d = one("2019年2月29日，系統升級。", None)
    assert d["value"] is None and d["earliest"] is None and d["latest"] is None


def test_february_29_left_to_context_takes_the_latest_leap_year():
    assert one("2月29日那天下了雪。", "2019-05-03")["value"] == "2016-02-29"
    d = dates("展期為2月29日至3月2日。", "2019-05-03")
    assert [x["value"] for x in d] == ["2016-02-29/2016-03-02"]


def test_weekday_range_does_not_swallow_a_date():
    found = dates("活動從星期一到十月一日。", "2019")
    assert [(d["text"], d["value"]) for d in found] == [("十月一日", "2019-10-01")]


def test_reign_era_years_are_never_modern():
    d = one("康熙二十年九月，朝廷下令。", "2019")
    assert d["rule"].startswith("date.era") and d["earliest"].startswith("1681")
    assert one("乾隆五十年", "2019")["value"] == "1785"
    past_end = one("雍正十六年", "2019")        # 雍正 lasted 13 years
    assert past_end["value"] is None and past_end["earliest"] is None


def test_today_in_an_undated_history_is_nowadays():
    assert dates("今天，這家公司已經有上萬名員工。", "2019") == []


@pytest.mark.parametrize("text", [
    "近日，公司發布了新產品。", "日前，雙方簽署協議。", "近期市場波動較大。", "最近他很忙。",
    "三四年後，他回國創業。", "八九年前，這裡還是農田。", "地鐵3號線通車了。", "他住在5號樓。", "他是三號選手。", "一號文件發布了。", "他工作了16年到17年。", "歷時長達15年。",
    "占1/4的股份", "後天的努力比先天重要。", "他買了十一本書。", "一共有五一個人。",
])
def test_not_a_date(text):
    assert dates(text, "2019-06-15") == []
