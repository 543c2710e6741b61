"""Date mentions (extract/dates.py), in simplified and traditional input.

Every case runs through ``extract.pipeline.analyse``, so the OpenCC conversion and its offset map
are exercised: a mention's span, mapped back to the original, must be the expression as written
there. Each positive case is run twice: as written (simplified) and converted with OpenCC s2t
(traditional); both must give the same values.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from extract.dates import find_dates
from extract.pipeline import analyse
from extract.schemas.records import DateRecord

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


# The table cases (absolute, relative and written-traditional dates, and text with no date)
# are in tests/spec/dates.jsonl, run by tests/test_spec.py in both scripts.

def _find(found: list[dict], span: str, convert=None) -> dict:
    for d in found:
        if (convert(d["text"]) if convert else d["text"]) == span:
            return d
    raise AssertionError(f"no mention {span!r} in {[d['text'] for d in found]}")


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
