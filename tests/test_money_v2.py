"""Money, contract v2 classes: range connectors, the currency after 元, 美圓/港圓, colloquial 塊,
full-width commas, negative amounts, per-unit prices; and what must not be money.

Sentences are written for these tests; expected values are read off RECORDS.md and the README's
"where the contract is silent".
"""
import pytest

from extract.money import find_money
from extract.pipeline import analyse


def money(text: str) -> list[dict]:
    doc, converted = analyse(text, "t")
    out = []
    for m in find_money(doc):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"text": text[start:end], **m.values})
    return out


# text → [(span, amount, min, max, currency)]
CASES = [
    ("獎金為1萬元--5萬元不等。", [("1萬元--5萬元", None, 10000, 50000, "CNY")]),
    ("報價在2萬元——3萬元之間。", [("2萬元——3萬元", None, 20000, 30000, "CNY")]),
    ("補貼標準為10萬元(含)-50萬元。", [("10萬元(含)-50萬元", None, 100000, 500000, "CNY")]),
    ("每台售價1万~5万元。", [("1万~5万元", None, 10000, 50000, "CNY")]),
    ("他們賠償了三萬元歐元。", [("三萬元歐元", 30000, 30000, 30000, "EUR")]),
    ("門票100美圓一張。", [("100美圓", 100, 100, 100, "USD")]),
    ("車費50港圓。", [("50港圓", 50, 50, 50, "HKD")]),
    ("一杯咖啡只要三塊錢。", [("三塊錢", 3, 3, 3, "CNY")]),
    ("他開著幾十萬塊的車。", [("幾十萬塊", None, 100000, 1000000, "CNY")]),
    ("這頓飯花了八塊。", [("八塊", 8, 8, 8, "CNY")]),
    ("售價$20，300美圓起。", [("$20", 20, 20, 20, "USD"), ("300美圓", 300, 300, 300, "USD")]),
    ("本期淨利潤為-483,410,157.94元。", [("-483,410,157.94元", -483410157.94, -483410157.94, -483410157.94, "CNY")]),
    ("公司虧損-3億元。", [("-3億元", -300000000, -300000000, -300000000, "CNY")]),
    ("價格區間為1-3元。", [("1-3元", None, 1, 3, "CNY")]),
    ("一瓶水兩塊五。", [("兩塊五", 2.5, 2.5, 2.5, "CNY")]),
    ("車票五英鎊三便士。", [("五英鎊三便士", 5.03, 5.03, 5.03, "GBP")]),
    ("他帶了500瑞典克朗和1000墨西哥比索。", [("500瑞典克朗", 500, 500, 500, "SEK"), ("1000墨西哥比索", 1000, 1000, 1000, "MXN")]),
    ("型號A-3元的零件", [("3元", 3, 3, 3, "CNY")]),   # the hyphen after a letter is no minus sign
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_v2_case(text, expected):
    got = [(m["text"], m["amount"], m["min"], m["max"], m["currency"]) for m in money(text)]
    assert got == expected


@pytest.mark.parametrize("text,per", [
    ("發行價為每股8-10美元。", "share"), ("每股價格為8.5港元。", "share"), ("煤價漲到600元/噸。", "tonne"),
    ("人均消費每人200元。", "person"),
])
def test_per_unit_price(text, per):
    (m,) = money(text)
    assert m["per"] == per


def test_no_per_on_a_plain_amount():
    (m,) = money("公司融資8億美元。")
    assert m.get("per") is None


def test_per_range_keeps_its_bounds():
    (m,) = money("發行價為每股8-10美元。")
    assert (m["text"], m["min"], m["max"], m["currency"], m["per"]) == ("8-10美元", 8, 10, "USD", "share")


@pytest.mark.parametrize("text", [
    "公司採購了6000多塊GPU。", "蛋糕切成三塊。", "切成兩塊，五個人吃。", "他搬了兩塊石頭。", "三萬人參加了活動。",
    "約有20萬人", "10%的股份", "元旦快樂",
])
def test_not_money(text):
    assert money(text) == []
