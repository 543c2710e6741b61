"""Money mentions (extract/money.py), in simplified and traditional input.

Every case runs through ``extract.pipeline.analyse`` on a short sentence. Offsets of a mention are
into the analysis text; mapped back through the conversion's offset map they must give the
expression as written in the original (simplified or traditional) text.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings, strategies as st

from extract.analysis import AnalysedText
from extract.money import find_money
from extract.numerals import fold_width
from extract.pipeline import analyse

S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")
MODS = {None, "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"}

# The table cases (expressions with their values, and text with no money) are in
# tests/spec/money.jsonl, run by tests/test_spec.py in both scripts.
SPEC_EXPRESSIONS = [case["expected"][0]["text"] for case in map(json.loads, (Path(__file__).parent / "spec" / "money.jsonl").open(encoding="utf-8"))
                    if case["expected"]]


def _run(text: str, currency: str = "CNY"):
    doc, converted = analyse(text, "t", None, currency)
    return doc, converted, find_money(doc)


def _values(m) -> tuple:
    v = m.values
    return v["amount"], v["min"], v["max"], v["currency"], v["mod"]


def test_whole_numbers_are_ints():
    _, _, (m,) = _run("融资1.2亿美元")
    assert type(m.values["amount"]) is int and m.values["amount"] == 120000000
    _, _, (m,) = _run("花了3元5角")
    assert m.values["amount"] == 3.5


@pytest.mark.parametrize("text,spans", [
    ("融资8轮26亿美元", ["26亿美元"]),                                 # 8 (rounds) is not money
    ("阿里以15亿人民币10%的股份入股", ["15亿人民币"]),
    ("1亿美元至2亿欧元", ["1亿美元", "2亿欧元"]),                       # different currencies: two
    ("从1亿美元增长到2亿美元", ["1亿美元", "2亿美元"]),                 # a change, not a range
    ("星衡智能从数百万到上千万元不等", ["数百万到上千万元"]),          # 从 stays outside
    ("最近10亿美元的融资", ["10亿美元"]),                              # 近 of 最近 is no bound word
    ("通过1亿元预算", ["1亿元"]),
    ("计划今年筹集约20亿美元资金", ["约20亿美元"]),                    # 筹集|约, not 筹|集约
    ("1000万元上下游", ["1000万元"]),                                  # 上下 of 上下游
    ("统一十亿美元", ["十亿美元"]),
    ("开销123元1角1分钟", ["123元1角"]),                               # 1分钟 is time
    ("江苏彩民15元中大乐透1600万 奖池36.57亿", ["15元"]),
    ("4人民币 5美元", ["4人民币", "5美元"]),
    # 元 followed by a word that is no 元-word
    ("用100亿元化解风险，10万元首付，100亿美元年收入", ["100亿元", "10万元", "100亿美元"]),
    ("人民币1亿元至2亿元", ["人民币1亿元至2亿元"]),
    ("营收分别为120万元、不到800万元和数千万元", ["120万元", "不到800万元", "数千万元"]),
])
def test_extents(text, spans):
    doc, _, mentions = _run(text)
    assert [doc.text[m.start:m.end] for m in mentions] == spans


def test_bare_yuan_uses_document_default_currency():
    _, _, (m,) = _run("奖金5000元。", currency="TWD")
    assert m.values["currency"] == "TWD"
    _, _, (m,) = _run("奖金5000元。")
    assert m.values["currency"] == "CNY"
    # a stated currency still wins over the default, also across a range with 元 on both ends
    _, _, (m,) = _run("奖金人民币5000元。", currency="TWD")
    assert m.values["currency"] == "CNY"
    _, _, (m,) = _run("投资人民币1亿元至2亿元。", currency="TWD")
    assert (m.values["currency"], m.values["min"], m.values["max"]) == ("CNY", 100000000, 200000000)


def test_bare_yuan_takes_the_stated_currency_of_its_sentence():
    text = "营收分别为新台币800万元、4,200万元及2.6亿元。另一家公司营收3亿元。"
    _, _, mentions = _run(S2T.convert(text))
    assert [m.values["currency"] for m in mentions] == ["TWD", "TWD", "TWD", "CNY"]
    # only currencies counted in 元 carry over (美元 is not 元 here)
    _, _, mentions = _run("融资1亿美元，估值50亿元。")
    assert [m.values["currency"] for m in mentions] == ["USD", "CNY"]


def test_sorted_and_non_overlapping_on_a_long_text():
    text = "。".join(SPEC_EXPRESSIONS) * 3
    doc, _, mentions = _run(text)
    assert len(mentions) == len(SPEC_EXPRESSIONS) * 3
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start


def _bare_doc(text: str) -> AnalysedText:
    return AnalysedText("t", text, text, [], [], None, "CNY")


@pytest.mark.parametrize("unit", ["1", "一", "约", "人民币", "1亿元", "1-", "1,000", "数十", "$1 ",
                                  "约人民币1亿至2亿元以上，"])
def test_time_is_linear(unit):
    # pathological repetitions: 8x the text must not cost much more than 8x the time
    small, large = unit * (5000 // len(unit)), unit * (40000 // len(unit))
    find_money(_bare_doc(small + "元"))            # warm up (lexicon, jieba dictionary)
    t0 = time.perf_counter()
    find_money(_bare_doc(small + "元"))
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_money(_bare_doc(large + "元"))
    t_large = time.perf_counter() - t0
    assert t_large < max(t_small * 8 * 3, 0.5), (t_small, t_large)


_ALPHABET = [*"0123456789.,-~ 元亿万千百十一二两三五数几上多余约近超过逾至到以上下左右",
             *"美元人民币港台新角分块钱整%年人$¥",
             "US$", "HK$", "million", "不低于", "至少", "不到", "英镑", "日元", "。"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40))
def test_mentions_are_well_formed(parts):
    text = "".join(parts)
    doc, converted, mentions = _run(text)
    last_end = 0
    for m in mentions:
        assert last_end <= m.start < m.end <= len(doc.text)
        last_end = m.end
        v = m.values
        assert len(v["currency"]) == 3 and v["currency"].isupper()
        assert v["mod"] in MODS
        assert v["amount"] is not None or v["min"] is not None or v["max"] is not None
        if v["min"] is not None and v["max"] is not None:
            assert v["min"] <= v["max"]
        if v["amount"] is not None and v["mod"] in (None, "APPROX"):
            assert v["min"] == v["amount"] and v["max"] >= v["amount"]
        if v["mod"] in ("LESS_THAN", "EQUAL_OR_LESS"):
            assert v["min"] is None and v["max"] is not None


def test_lead_character_test_changes_no_match(root):
    # _MONEY begins with a test of the first character (speed); without it the matches are the same.
    import regex
    from extract import money
    lead = f"(?={money._LEAD})"
    assert money._MONEY.pattern.startswith(lead) and money._MONEY_SINGLE.pattern.startswith(lead)
    plain = regex.compile(money._MONEY.pattern[len(lead):])
    text = "\n".join([*(p.read_text(encoding="utf-8") for p in sorted((root / "raw").glob("*.txt"))),
                      *SPEC_EXPRESSIONS, "".join(_ALPHABET) * 3, "约US$ 3 million，近HK$2.5亿，不低于五千元"])
    text = T2S.convert(fold_width(text)) + text

    def scan(pattern):   # every match, from each start on (as find_money retries)
        out, pos = [], 0
        while (m := pattern.search(text, pos)) is not None:
            out.append((m.span(), m.groupdict()))
            pos = m.start() + 1
        return out

    found = scan(money._MONEY)
    assert len(found) > 100 and found == scan(plain)
