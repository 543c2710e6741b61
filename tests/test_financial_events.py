"""The eleven financial event types (issue 17) on announcement-style sentences written for these
tests: what each must extract, with its share figures' values, and what it must not."""
from __future__ import annotations

import pytest

from extract import dates, events, money, orgs
from extract.pipeline import analyse


def _events(text: str) -> list[dict]:
    a, conv = analyse(text, "t")
    d, m, o = dates.find_dates(a), money.find_money(a), orgs.find_organisations(a)
    out = []
    for ev in events.find_events(a, d, m, o):
        args: dict[str, list] = {}
        for x in ev.arguments:
            args.setdefault(x.role, []).append((a.text[x.start:x.end], x.value))
        out.append({"type": ev.event_type, "status": ev.status, "args": args,
                    "trigger": a.text[ev.trigger_start:ev.trigger_end],
                    "date": a.text[ev.date.start:ev.date.end] if ev.date else None})
    return out


def _of(text: str, event_type: str) -> list[dict]:
    return [e for e in _events(text) if e["type"] == event_type]


ANNOUNCEMENT = ("证券代码：600999 证券简称：华东精工 公告编号：2021-031\n"
                "华东精工关于控股股东部分股份质押的公告\n"
                "2021年3月2日，公司控股股东王建国先生将其持有的1,200万股股份质押给招商证券股份有限公司。"
                "本次质押股份数量1,200万股，占其所持股份比例5.01%，占公司总股本的1.2%。"
                "截至本公告日，王建国先生累计质押股份合计3,000万股。\n")


def test_pledge_announcement_one_event_with_own_figures():
    evs = _of(ANNOUNCEMENT, "pledge")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["pledgor"] == [("王建国", None)]
    assert a["company"][0][0] == "华东精工"              # the header's 证券简称 for 公司
    assert a["shares"] == [("1,200万", 12000000)]      # not the 3,000万 total
    assert a["share_of_holding"] == [("5.01%", 0.0501)]
    assert a["share_of_total"] == [("1.2%", 0.012)]
    assert a["pledgee"][0][0].startswith("招商证券")
    assert a["collateral"][0][0] == "股份"
    assert evs[0]["date"] == "2021年3月2日"


def test_pledge_release():
    text = "华东精工(600999)公告，股东李红女士于2021年5月6日解除质押800万股，占公司总股本的0.8%。"
    evs = _of(text, "pledge_release")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["pledgor"] == [("李红", None)]
    assert a["shares"] == [("800万", 8000000)]
    assert a["share_of_total"] == [("0.8%", 0.008)]
    assert not _of(text, "pledge")


def test_pledge_product_name_is_not_a_pledge():
    assert not _of("多家券商收缩股票质押式回购业务规模，行业风险有所下降。", "pledge")
    assert not _of("多家券商收缩股票质押式回购业务规模，行业风险有所下降。", "buyback")


def test_buyback_with_price_amount_and_shares():
    text = "格力达(01234.HK)公告，2021年6月8日，公司按每股0.52港元，耗资1040港元回购2000股。"
    evs = _of(text, "buyback")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["shares"] == [("2000", 2000)]
    assert a["price_per_share"][0][0] == "0.52港元"
    assert a["amount"][0][0] == "1040港元"
    assert a["company"][0][0] == "格力达"


def test_bond_repo_is_not_a_buyback():
    assert not _of("央行今日开展100亿元7天期逆回购操作，回购利率维持不变。", "buyback")


def test_stake_decrease_and_plan_status():
    text = "天禾股份(002999)公告，持股5%以上股东赵立新计划减持公司股份不超过300万股，占公司总股本的1.5%。"
    evs = _of(text, "stake_decrease")
    assert len(evs) == 1
    assert evs[0]["status"] == "planned"
    a = evs[0]["args"]
    assert a["shareholder"] == [("赵立新", None)]
    assert a["shares"] == [("不超过300万", 3000000)]   # the bound stays in the span, as for money
    assert a["share_of_total"] == [("1.5%", 0.015)]


def test_rating_is_not_a_stake_increase():
    text = "某证券研报维持天禾股份“增持”评级，目标价12元。"
    assert not _of(text, "stake_increase")
    assert not _of("分析师给予该公司增持评级。", "stake_increase")


def test_stake_increase():
    text = "天禾股份(002999)公告，公司董事长周明于2021年4月1日增持公司股份50万股，占公司总股本的0.25%。"
    evs = _of(text, "stake_increase")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["shareholder"] == [("周明", None)]
    assert a["shares"] == [("50万", 500000)]


def test_executive_change_resignation():
    text = "华东精工(600999)公告，公司董事长张志强因个人原因辞去公司董事长职务。"
    evs = _of(text, "executive_change")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["person"][0][0] == "张志强"
    assert a["position"][0][0] == "董事长"
    assert a["change"][0][0] == "辞去"


def test_background_career_is_not_a_change():
    assert not _of("张志强曾担任多家公司的总经理。", "executive_change")


def test_winning_bid():
    text = "华东精工(600999)公告，公司中标城北污水处理厂扩建工程项目，中标金额为1.2亿元。"
    evs = _of(text, "winning_bid")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["winner"][0][0] == "华东精工"
    assert a["amount"][0][0] == "1.2亿元"
    assert a["project"][0][0].endswith("工程项目")


def test_loss_one_event_per_period_and_no_per_share_loss():
    text = ("天禾股份：预计2021年上半年亏损\n"
            "天禾股份(002999)发布业绩预告，预计2021年上半年净利润亏损3000万元，上年同期亏损800万元。"
            "基本每股收益亏损约0.15元。")
    evs = _of(text, "loss")
    amounts = sorted(e["args"]["amount"][0][0] for e in evs)
    assert amounts == ["3000万元", "800万元"]
    assert all(e["args"]["company"][0][0] == "天禾股份" for e in evs)


def test_listing():
    text = "星河科技股份有限公司今日在科创板上市，发行价为每股20.5元，募集资金10亿元。"
    evs = _of(text, "listing")
    assert len(evs) == 1
    a = evs[0]["args"]
    assert a["exchange"][0][0] == "科创板"
    assert a["amount"][0][0] == "10亿元"


@pytest.mark.parametrize("text", [
    "全新一代保时捷911正式在国内上市，共8款车型。",
    "2020款马自达CX-5上市，配置增加。",
    "奥迪Q8将于10月25日上市。",
    "比亚迪汉EV正式上市。",
])
def test_a_brand_with_its_model_on_sale_is_no_listing(text: str) -> None:
    assert not _of(text, "listing"), _of(text, "listing")


@pytest.mark.parametrize("text", ["小米集团2018年在港交所上市。", "百度在NASDAQ上市。", "阿里巴巴赴美IPO上市。"])
def test_a_company_listing_is_still_a_listing(text: str) -> None:
    assert _of(text, "listing")


def test_listed_company_is_not_a_listing():
    assert not _of("作为一家上市公司，星河科技股份有限公司上市以来一直分红。", "listing")


def test_bankruptcy_and_the_law_alone():
    evs = _of("美国零售商赛博百货公司已申请破产保护，债务规模约20亿美元。", "bankruptcy")
    assert len(evs) == 1
    assert not _of("法院依据破产法审理了多起案件。", "bankruptcy")


def test_regulatory_talk():
    text = "上海市市场监管局约谈了美团、饿了么等外卖平台。"
    evs = _of(text, "regulatory_talk")
    assert len(evs) == 1
    assert evs[0]["args"]["regulator"][0][0].endswith("市场监管局")


@pytest.mark.parametrize("event_type", ["pledge", "buyback", "stake_decrease", "loss"])
def test_traditional_script_same_events(event_type):
    import opencc

    simp = {"pledge": ANNOUNCEMENT,
            "buyback": "格力达(01234.HK)公告，2021年6月8日，公司按每股0.52港元，耗资1040港元回购2000股。",
            "stake_decrease": "天禾股份(002999)公告，持股5%以上股东赵立新计划减持公司股份不超过300万股，占公司总股本的1.5%。",
            "loss": "天禾股份(002999)发布业绩预告，预计2021年上半年净利润亏损3000万元，上年同期亏损800万元。"}[event_type]
    trad = opencc.OpenCC("s2t").convert(simp)
    s = _of(simp, event_type)
    t = _of(trad, event_type)
    assert len(s) == len(t) >= 1
    assert sorted(s[0]["args"]) == sorted(t[0]["args"])


@pytest.mark.parametrize("text", [
    "本次转增股份已于2019年6月27日上市流通。",         # shares becoming tradable
    "该公司新药有望于明年在美国获批上市。",             # a product's approval
    "星河科技上市五年累计分红26亿元。",                 # a duration since the listing
    "已有逾60家未有收入的生物科技公司来港上市。",        # a count of companies
    "瑞澄计划今年第四季启动Pre-IPO轮融资。",            # a funding round before an IPO
])
def test_not_a_listing(text):
    assert not _of(text, "listing")


# -- the event's date (a day, not a reporting period; the news lead, not a banner)

def test_event_date_passes_over_a_reporting_period_for_the_lead():
    text = ("蓝海电子发布业绩快报\n"
            "财经网6月3日讯，蓝海电子(300999)公告，公司2020年上半年净亏损1200万元，亏损同比扩大。")
    evs = _of(text, "loss")
    assert evs and evs[0]["date"] == "6月3日"            # not 2020年上半年, the period
    assert evs[0]["args"]["period"][0][0].startswith("2020年上半年")


def test_event_date_passes_over_a_year_unless_planned_or_a_listing():
    text = "北辰机械(600888)公告，2019年度公司以集中竞价方式累计回购公司股份300万股，占公司总股本的1%。"
    assert _of(text, "buyback")[0]["date"] is None        # a year does not date a buyback
    ipo = "星河科技股份有限公司拟于2022年在科创板上市。"
    assert _of(ipo, "listing")[0]["date"] == "2022年"    # a plan is dated by its year
    past = "星河科技股份有限公司2010年在创业板上市。"
    assert _of(past, "listing")[0]["date"] == "2010年"   # and so is a listing


def test_lead_date_skips_banners_and_period_ends():
    text = ("南山智造中期亏损扩大\n"
            "秋季理财节火热报名中，即日起至9月9日报名即可领取礼包。【点击领取】\n"
            "原标题：南山智造中期亏损扩大\n"
            "快讯8月12日，南山智造(08999)公布截至2020年6月30日止6个月业绩，股东应占亏损3200万港元。")
    evs = _of(text, "loss")
    assert evs and evs[0]["date"] == "8月12日"           # not the banner's 9月9日
    text2 = ("南山智造中期亏损扩大\n"
             "南山智造(08999)公布截至2020年6月30日止6个月业绩，股东应占亏损3200万港元。")
    assert _of(text2, "loss")[0]["date"] is None          # the period's end does not date it


# -- company roles: not the exchange where it happens, nor a recogniser's run-together 公司

@pytest.mark.parametrize("text", [
    "证券代码：600777 证券简称：北辰精密\n北辰精密关于回购股份的进展公告\n"
    "根据《深圳证券交易所上市公司回购股份实施细则》等相关规定，现将公司回购股份情况公告如下："
    "2020年5月7日，公司通过集中竞价方式回购股份120万股，占公司总股本的0.5%。",
    "星辰国际(00888)公告，于2020年5月13日在香港交易所回购35万股，耗资210万港元。",
    "星辰国际(00888)发布公告，于2019年10月14日该公司斥资22.65万港元回购16.1万股。",
])
def test_buyback_company_is_the_announcer_not_an_exchange_or_a_phrase(text):
    companies = {c for e in _of(text, "buyback") for c, _ in e["args"].get("company", [])}
    assert companies and companies <= {"北辰精密", "星辰国际"}


def test_warning_letter_is_a_sanction_not_a_talk():
    assert not _of("星河科技股份有限公司收到广东证监局出具的警示函，被责令改正。", "regulatory_talk")
    assert _of("星河科技股份有限公司收到深交所下发的问询函。", "regulatory_talk")


def test_directors_supervisors_and_executives_are_no_name():
    evs = _of("星河科技股份有限公司(300999)公告，公司部分董监高拟减持公司股份合计不超过50万股。", "stake_decrease")
    assert evs
    names = {n for e in evs for n, _ in e["args"].get("shareholder", [])}
    assert not names & {"董监", "高拟", "董监高拟"}


def test_winning_bid_the_body_whose_tender_it_is_is_the_tenderer():
    text = ("星河通信(603999)公告，公司被确定为南方电网有限公司2021年配网设备集中采购项目的中标人之一，"
            "中标金额5200万元。")
    evs = _of(text, "winning_bid")
    assert evs
    a = evs[0]["args"]
    assert [w for w, _ in a["winner"]] == ["星河通信"]
    assert a["tenderer"][0][0] == "南方电网有限公司"


# A trigger inside the title of a law or rule tells of no happening; a filing's own title does.
def test_no_event_from_the_title_of_a_law():
    assert _of("市人大常委会办公厅就《深圳经济特区个人破产条例（征求意见稿）》公开征求意见。", "bankruptcy") == []


def test_a_motion_titled_with_the_event_keeps_it():
    evs = _of("该公司就《关于华东精工股份有限公司破产重整的议案》进行了表决。", "bankruptcy")
    assert [c for e in evs for c, _ in e["args"]["company"]] == ["华东精工股份有限公司"]


def test_an_exchange_with_its_country_does_not_list():
    # 美国纽交所 ends with an exchange: where the shares list, not the company that lists
    evs = _of("该公司计划明年在美国纽交所上市。", "listing")
    assert all(c != "美国纽交所" for e in evs for c, _ in e["args"].get("company", []))
