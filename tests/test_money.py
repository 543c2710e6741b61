"""Money mentions (extract/money.py), in simplified and traditional input.

Every case runs through ``extract.pipeline.analyse`` on a short sentence. Offsets of a mention are
into the analysis text; mapped back through the conversion's offset map they must give the
expression as written in the original (simplified or traditional) text.
"""
from __future__ import annotations

import time

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

# The expression is put inside a sentence: PREFIX + expression + SUFFIX.
PREFIX, SUFFIX = "消息：", "，详情未公布。"

# expression → (amount, min, max, currency, mod); the whole expression is the expected span.
CASES: list[tuple[str, tuple]] = [
    # exact amounts and currency words after the number
    ("4亿英镑", (400000000, 400000000, 400000000, "GBP", None)),
    ("1.2亿美元", (120000000, 120000000, 120000000, "USD", None)),
    ("15亿人民币", (1500000000, 1500000000, 1500000000, "CNY", None)),
    ("50万元", (500000, 500000, 500000, "CNY", None)),
    ("6.2亿美元", (620000000, 620000000, 620000000, "USD", None)),
    ("一千二百万元", (12000000, 12000000, 12000000, "CNY", None)),
    ("十亿美元", (1000000000, 1000000000, 1000000000, "USD", None)),
    ("3.5 亿港元", (350000000, 350000000, 350000000, "HKD", None)),
    ("2,000万新台币", (20000000, 20000000, 20000000, "TWD", None)),
    ("3千万美金", (30000000, 30000000, 30000000, "USD", None)),
    ("5000元", (5000, 5000, 5000, "CNY", None)),
    ("800万港币", (8000000, 8000000, 8000000, "HKD", None)),
    ("100万台币", (1000000, 1000000, 1000000, "TWD", None)),
    ("5亿欧元", (500000000, 500000000, 500000000, "EUR", None)),
    ("300亿日元", (30000000000, 30000000000, 30000000000, "JPY", None)),
    ("100万日圆", (1000000, 1000000, 1000000, "JPY", None)),
    ("445奈拉", (445, 445, 445, "NGN", None)),
    ("八百亿泰铢", (80000000000, 80000000000, 80000000000, "THB", None)),
    ("一个亿美元", (100000000, 100000000, 100000000, "USD", None)),
    ("1亿2000万元", (120000000, 120000000, 120000000, "CNY", None)),
    ("3千万亿日元", (3000000000000000, 3000000000000000, 3000000000000000, "JPY", None)),
    ("1.5兆元", (1500000000000, 1500000000000, 1500000000000, "CNY", None)),
    ("肆佰叁拾万圆整", (4300000, 4300000, 4300000, "CNY", None)),
    ("十块钱", (10, 10, 10, "CNY", None)),
    # currency before the number, and both sides (one mention for the whole expression)
    ("人民币1亿元", (100000000, 100000000, 100000000, "CNY", None)),
    ("1亿元人民币", (100000000, 100000000, 100000000, "CNY", None)),
    ("100万元港币", (1000000, 1000000, 1000000, "HKD", None)),
    ("新台币800万元", (8000000, 8000000, 8000000, "TWD", None)),
    ("港币两千九百六十元", (2960, 2960, 2960, "HKD", None)),
    ("新台币 177.1 亿元", (17710000000, 17710000000, 17710000000, "TWD", None)),
    ("人民币1亿", (100000000, 100000000, 100000000, "CNY", None)),
    # Latin forms
    ("US$3 million", (3000000, 3000000, 3000000, "USD", None)),
    ("$500M", (500000000, 500000000, 500000000, "USD", None)),
    ("$1.5bn", (1500000000, 1500000000, 1500000000, "USD", None)),
    ("HK$2.5亿", (250000000, 250000000, 250000000, "HKD", None)),
    ("NT$100万", (1000000, 1000000, 1000000, "TWD", None)),
    ("RMB 500万", (5000000, 5000000, 5000000, "CNY", None)),
    ("¥300万", (3000000, 3000000, 3000000, "CNY", None)),
    ("USD 500 million", (500000000, 500000000, 500000000, "USD", None)),
    ("500 million USD", (500000000, 500000000, 500000000, "USD", None)),
    ("€300万", (3000000, 3000000, 3000000, "EUR", None)),
    # fractions of the unit
    ("123元1角1分", (123.11, 123.11, 123.11, "CNY", None)),
    ("五元三毛", (5.3, 5.3, 5.3, "CNY", None)),
    ("十块三毛", (10.3, 10.3, 10.3, "CNY", None)),
    ("两美元又三美分", (2.03, 2.03, 2.03, "USD", None)),
    ("99美分", (0.99, 0.99, 0.99, "USD", None)),
    # orders of magnitude: amount null, min X, max 10·X
    ("数千万美元", (None, 10000000, 100000000, "USD", None)),
    ("几千万美元", (None, 10000000, 100000000, "USD", None)),
    ("上千万美元", (None, 10000000, 100000000, "USD", None)),
    ("数亿元", (None, 100000000, 1000000000, "CNY", None)),
    ("数十亿美元", (None, 1000000000, 10000000000, "USD", None)),
    ("数十亿新台币", (None, 1000000000, 10000000000, "TWD", None)),
    ("几个亿元", (None, 100000000, 1000000000, "CNY", None)),
    ("上亿元", (None, 100000000, 1000000000, "CNY", None)),
    ("人民币数十亿元", (None, 1000000000, 10000000000, "CNY", None)),
    ("千万美元", (10000000, 10000000, 10000000, "USD", None)),          # exact, not an order
    ("两三亿美元", (None, 200000000, 300000000, "USD", None)),           # two adjacent digits
    ("四五千块钱", (None, 4000, 5000, "CNY", None)),
    # bound and approximation words, inside the extent
    ("近10亿美元", (1000000000, 1000000000, 1000000000, "USD", "APPROX")),
    ("约20亿美元", (2000000000, 2000000000, 2000000000, "USD", "APPROX")),
    ("大约4.287亿美元", (428700000, 428700000, 428700000, "USD", "APPROX")),
    ("约合人民币1亿元", (100000000, 100000000, 100000000, "CNY", "APPROX")),
    ("30万元左右", (300000, 300000, 300000, "CNY", "APPROX")),
    ("超过45亿美元", (4500000000, 4500000000, None, "USD", "MORE_THAN")),
    ("逾百亿元", (10000000000, 10000000000, None, "CNY", "MORE_THAN")),
    ("过亿元", (100000000, 100000000, None, "CNY", "MORE_THAN")),
    ("100万元以上", (1000000, 1000000, None, "CNY", "MORE_THAN")),
    ("不低于60亿元", (6000000000, 6000000000, None, "CNY", "EQUAL_OR_MORE")),
    ("至少50万元", (500000, 500000, None, "CNY", "EQUAL_OR_MORE")),
    ("至少九千块钱以上", (9000, 9000, None, "CNY", "EQUAL_OR_MORE")),
    ("不到1亿元", (100000000, None, 100000000, "CNY", "LESS_THAN")),
    ("不到1.9万台币", (19000, None, 19000, "TWD", "LESS_THAN")),
    ("不超过5000万元", (50000000, None, 50000000, "CNY", "EQUAL_OR_LESS")),
    ("超过新台币2.5亿元", (250000000, 250000000, None, "TWD", "MORE_THAN")),
    ("近新台币三亿五千万元", (350000000, 350000000, 350000000, "TWD", "APPROX")),
    ("约NT$38亿", (3800000000, 3800000000, 3800000000, "TWD", "APPROX")),
    # ranges: one mention, amount null
    ("1亿至2亿美元", (None, 100000000, 200000000, "USD", None)),
    ("1亿美元至2亿美元", (None, 100000000, 200000000, "USD", None)),
    ("数百万到上千万元", (None, 1000000, 100000000, "CNY", None)),
    ("1万-5万元", (None, 10000, 50000, "CNY", None)),
    ("1-5万元", (None, 10000, 50000, "CNY", None)),              # 万 covers both ends
    ("10~20亿元", (None, 1000000000, 2000000000, "CNY", None)),
    ("十八至三十万日元", (None, 180000, 300000, "JPY", None)),
    ("两到三仟澳元", (None, 2000, 3000, "AUD", None)),
    ("一千到两千万元人民币", (None, 10000000, 20000000, "CNY", None)),
    ("八到九百亿泰铢", (None, 80000000000, 90000000000, "THB", None)),
    ("8500到3万港元", (None, 8500, 30000, "HKD", None)),          # 8500万 > 3万: as written
    # 多/余/几 after a number: MORE_THAN the round number, bounded by the next step of its last digit
    ("10多亿元", (1000000000, 1000000000, 2000000000, "CNY", "MORE_THAN")),
    ("1000多万美元", (10000000, 10000000, 20000000, "USD", "MORE_THAN")),
    ("3000多欧元", (3000, 3000, 4000, "EUR", "MORE_THAN")),
    ("1500多元", (1500, 1500, 1600, "CNY", "MORE_THAN")),
    ("2000余元", (2000, 2000, 3000, "CNY", "MORE_THAN")),
    ("十几亿元", (1000000000, 1000000000, 2000000000, "CNY", "MORE_THAN")),
    ("大约十多欧元", (10, 10, 20, "EUR", "APPROX")),             # the explicit word decides mod
]

# Text with no money in it (numbers without a currency, currency words without a number, 元 inside
# other words, identifiers).
NEGATIVES = [
    # numbers without a currency
    "750万人", "4亿人", "20万人的数据库", "6000多块GPU", "融资8轮", "10%", "10％的股份",
    "千亿级参数", "服务人群达亿级以上", "亿级", "10亿量级", "百亿训练样本", "成千上万张照片",
    "三百万", "小于40万",
    # phone numbers, identifiers, years
    "联系电话：010-62792019", "热线400-820-8820", "手机13912345678", "(03)578-2023",
    "订单号A202107211321363588510367",
    "2019年", "二〇一九年", "民国108年", "公元2019年", "公元前221年",
    # currency words without an amount, or with a number that is not one
    "美元汇率", "人民币 美元", "美元兑人民币6.9", "人民币升值", "日元3日贬值", "人民币100万股",
    # 元 inside other words
    "元旦", "元宇宙", "单元", "第3单元", "元素", "3元素", "一元二次方程", "二元论", "多元赋能",
    "2019年1月1日元旦", "15日元宵节", "香港元朗区", "10月1日元气森林宣布", "5月3日元首会晤",
    "5月3日元老院", "五角大楼", "三分之一",
]


def _run(text: str, currency: str = "CNY"):
    doc, converted = analyse(text, "t", None, currency)
    return doc, converted, find_money(doc)


def _values(m) -> tuple:
    v = m.values
    return v["amount"], v["min"], v["max"], v["currency"], v["mod"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("expr,expected", CASES, ids=[c[0] for c in CASES])
def test_money_case(expr, expected, script):
    written = expr if script == "simplified" else S2T.convert(expr)
    text = PREFIX + written + SUFFIX
    doc, converted, mentions = _run(text)
    assert len(mentions) == 1, [(doc.text[m.start:m.end], m.values) for m in mentions]
    m = mentions[0]
    assert m.kind == "money" and m.rule.startswith("money.")
    assert set(m.values) == {"amount", "min", "max", "currency", "mod"}
    assert _values(m) == expected
    # span: analysis text slice is the expression; mapped back, the original wording
    assert doc.text[m.start:m.end] == fold_width(T2S.convert(written))
    start, end = converted.offsets.to_original(m.start, m.end)
    assert text[start:end] == written


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text", NEGATIVES)
def test_not_money(text, script):
    written = text if script == "simplified" else S2T.convert(text)
    doc, _, mentions = _run(written)
    assert mentions == [], [(doc.text[m.start:m.end], m.values) for m in mentions]


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
    text = "。".join(c[0] for c in CASES) * 3
    doc, _, mentions = _run(text)
    assert len(mentions) == len(CASES) * 3
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
                      *(c[0] for c in CASES), "".join(_ALPHABET) * 3, "约US$ 3 million，近HK$2.5亿，不低于五千元"])
    text = T2S.convert(fold_width(text)) + text

    def scan(pattern):   # every match, from each start on (as find_money retries)
        out, pos = [], 0
        while (m := pattern.search(text, pos)) is not None:
            out.append((m.span(), m.groupdict()))
            pos = m.start() + 1
        return out

    found = scan(money._MONEY)
    assert len(found) > 100 and found == scan(plain)
