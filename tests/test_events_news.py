"""Events on news documents (issue 16): one happening is one event per document, and triggers
inside names and jargon are no events. Texts written for these tests."""
from __future__ import annotations

import pytest

from extract import dates, events, money, orgs
from extract.pipeline import analyse


def _events(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    a, _ = analyse(text, "t")
    found = events.find_events(a, dates.find_dates(a), money.find_money(a), orgs.find_organisations(a))
    t = a.text
    return [(e.event_type, t[e.trigger_start:e.trigger_end], [(x.role, t[x.start:x.end]) for x in e.arguments])
            for e in found]


def _types(text: str) -> list[str]:
    return [e[0] for e in _events(text)]


@pytest.mark.parametrize("text", [
    # names ending in 投资
    "据协议约定，张三、李四、星河投资承诺标的公司三年净利润不低于1亿元。",
    "截至6月30日，北辰投资持有该公司3000万股。",
    "公交板块走强，东海交通、锦程投资涨逾4%。",         # a listed short name before a price move
    "星云投资(600123)公告称业绩预增。",
    "公司股东远山投资累计质押的股份数量为500万股。",
    # jargon
    "广西出台政策保障外商投资企业国民待遇。",
    "券商维持对该公司“买入”投资评级，目标价50元。",
    "敬请广大投资者注意投资风险。",
    "本项目总投资约为1.2亿元。",
    "当日融资买入1200万元，融资偿还1500万元。",
    # commodities, loans, rule titles, meetings
    "今年夏收两省小麦托市收购量同比大增。",
    "该国政府将再收购20万吨稻米以确保供应。",
    "公司已归还逾期并购贷款本金9000万元。",
    "本次减持符合《证券法》、《上市公司收购管理办法》等规定。",
    "第十届中国并购年会于12月在北京举行。",
    # money raised by a listing is the listing's
    "该公司计划在创业板上市，计划募集资金近7亿元。",
])
def test_name_or_jargon_is_no_funding_or_acquisition(text: str) -> None:
    got = [t for t in _types(text) if t in ("funding", "acquisition")]
    assert got == [], _events(text)


@pytest.mark.parametrize("text, etype", [
    ("红杉资本投资5亿美元入股星云科技。", "funding"),
    ("星云科技完成B轮融资，由腾讯独家投资、金额逾2亿元。", "funding"),
    ("蓝海集团以3亿元收购白石科技100%股权。", "acquisition"),
    ("远帆公司宣布并购一家德国机器人企业。", "acquisition"),
    # beside the negatives of test_spending_and_advice_are_no_funding
    ("腾讯出资3亿元认购星云科技新增股份。", "funding"),
    ("星云科技在上市前完成了C轮融资，融资5亿元。", "funding"),
    ("红杉资本向中国银行投资5亿元。", "funding"),
    # a listed company's private placement raises money from investors: funding, not a listing
    ("星云科技晚间公告，拟定增募集资金不超10亿元。", "funding"),
    ("据报星云银行拟首度集资50亿元人民币。", "funding"),
])
def test_real_events_still_found(text: str, etype: str) -> None:
    assert etype in _types(text), _events(text)


def test_headline_and_body_are_one_funding_event() -> None:
    text = ("星云科技完成2亿元B轮融资\n"
            "星云科技完成2亿元B轮融资 原标题：星云科技完成2亿元B轮融资\n"
            "3月5日，星云科技宣布完成2亿元B轮融资，由红杉资本领投，高瓴资本跟投。")
    found = [e for e in _events(text) if e[0] == "funding"]
    assert len(found) == 1, found
    roles = dict((r, x) for r, x in found[0][2] if r != "investor")
    assert roles.get("investee") == "星云科技" and roles.get("round") == "B轮"
    # the body adds the investors the headline did not name
    assert ("lead_investor", "红杉资本") in found[0][2]
    assert ("investor", "高瓴资本") in found[0][2]


def test_headline_and_body_are_one_acquisition_event() -> None:
    text = ("蓝海集团拟3亿元收购白石科技\n"
            "蓝海集团公告称，公司拟以3亿元收购白石科技100%股权。此次收购完成后，白石科技将成为公司全资子公司。")
    found = [e for e in _events(text) if e[0] == "acquisition"]
    assert len(found) == 1, found


def test_two_rounds_of_a_story_stay_two_events() -> None:
    # not a lead restated: a history of rounds, each its own event
    text = ("一\n二\n三\n"
            "2015年，星云科技获得红杉资本A轮融资。2017年，星云科技获得腾讯B轮融资。")
    found = [e for e in _events(text) if e[0] == "funding"]
    assert len(found) == 2, found


def test_a_second_round_after_the_headline_is_not_folded() -> None:
    text = ("星云科技完成B轮融资\n"
            "星云科技宣布完成B轮融资。此前，星云科技曾于2016年完成A轮融资。")
    found = [e for e in _events(text) if e[0] == "funding"]
    rounds = sorted(x for e in found for r, x in e[2] if r == "round")
    assert rounds == ["A轮", "B轮"], found


def test_traditional_headline_restatement_is_one_event() -> None:
    text = ("星雲科技完成2億元B輪融資\n"
            "3月5日，星雲科技宣布完成2億元B輪融資，由紅杉資本領投。")
    found = [e for e in _events(text) if e[0] == "funding"]
    assert len(found) == 1, found


@pytest.mark.parametrize("text", [
    "卫冕冠军山城队在主场迎战海港队。",                       # the holder, no win
    "目前该队排名联赛第15名。",                               # a ranking
    "该队以净胜球优势位列小组第一。",
    "这是他们新赛季的第二场比赛。",
    "球迷都认为海港队有望夺得本届联赛冠军。",                 # a wish
    "她没能为国家队拿到一个世界冠军。",                       # negated
    "东方集团获授18亿港元贷款融资。",                         # a loan
    "该片上映十天登顶票房榜。",                               # a chart
])
def test_not_an_award(text: str) -> None:
    assert "award" not in _types(text), _events(text)


def test_award_winner_and_competition_by_structure() -> None:
    found = [e for e in _events("9月29日，山城女排3-0战胜海港女排，夺得全国联赛冠军。") if e[0] == "award"]
    assert len(found) == 1, found
    args = dict(found[0][2])
    assert args["winner"] == "山城女排"                      # not the score, not the loser
    assert args["award"] == "全国联赛"                        # the competition, not the win


def test_successful_title_defence_is_an_award() -> None:
    assert "award" in _types("山城女排成功卫冕全国联赛冠军。")


@pytest.mark.parametrize("text", [
    "星辰公司发布道歉声明，称将全面整改。",
    "部长在论坛开幕式上发表演讲。",
    "李明首发出场并打进一球。",
    "该公司将以每股4港元发行8000万股新股。",
    "团队开始有针对性地开发行业客户。",
])
def test_not_a_launch(text: str) -> None:
    assert "product_launch" not in _types(text), _events(text)


def test_bond_issue_is_a_launch() -> None:
    found = [e for e in _events("东方证券成功发行20亿元短期融资券。") if e[0] == "product_launch"]
    assert found and ("product", "20亿元短期融资券") in found[0][2] or \
        any(r == "product" and "短期融资券" in x for r, x in found[0][2]), found


@pytest.mark.parametrize("text", [
    "公司拟在新区投资2亿元，建设年产10万吨的生产线。",       # spending on a project
    "双方签订项目投资协议。",
    "提示广大投资者理性投资。",
    "新股投资具有较大的市场风险。",
    "子公司拟增资混改。",
    "保荐机构相关子公司无需参与跟投。",
    "本次发行的保荐机构将通过子公司参与跟投，跟投比例为5%。",   # a sponsor's share of a listing
    # money put to another event's use: a buyback, a new company, a purchase
    "公司拟出资不超过2亿元回购公司股份，回购价格不超过每股20元。",
    "双方将共同出资5000万元设立一家合资公司。",
    # money put into a country, a market or projects
    "这位对冲基金创始人表示，现在是时候投资中国。",
    "该国计划在五年内向1200个基础设施项目投资3000亿元。",
    # a fund's own fund-raising, a listing's proceeds, references and paperwork
    "该机构上半年新募集基金30支，募集总规模120亿元。",
    "该公司最快明年上市，融资约20亿美元。",
    "股份支付的公允价值参考了机构投资者增资入股的价格确定。",
    "他对自己投资入股的公司感到满意。",
    "有一家意向投资方递交了投资申请。",
    "该公司涉嫌非法集资3亿元。",
    "公司计划在香港上市，集资约10亿美元。",
    "公司拟于下月在创业板上市，股票代码为301234，发行价为每股18.5元，计划募集资金9亿元。",
])
def test_spending_and_advice_are_no_funding(text: str) -> None:
    assert "funding" not in _types(text), _events(text)


def test_a_deal_named_by_a_noun_phrase_has_no_target() -> None:
    found = [e for e in _events("同时，收购交易的变动也导致该集团股价下跌。") if e[0] == "acquisition"]
    assert all(r != "target" for e in found for r, _ in e[2]), found


def test_reporting_word_is_not_part_of_the_acquirer() -> None:
    found = [e for e in _events("蓝海集团公告称，子公司以4000万元收购白石科技。") if e[0] == "acquisition"]
    assert found and all(x != "蓝海集团公告" for _, x in found[0][2]), found


def test_planning_an_acquisition_is_planned() -> None:
    text = "蓝海集团筹划并购白石科技。"
    a, _ = analyse(text, "t")
    evs = [e for e in events.find_events(a, dates.find_dates(a), money.find_money(a), orgs.find_organisations(a))
           if e.event_type == "acquisition"]
    assert evs and evs[0].status == "planned"


def test_acquisition_object_cut_at_its_paper_and_no_clock_as_acquirer() -> None:
    found = [e for e in _events("北京时间8日消息，远帆公司接近达成收购白石科技企业部门的协议。") if e[0] == "acquisition"]
    assert found, found
    args = found[0][2]
    assert ("target", "白石科技企业部门") in args or all(x != "白石科技企业部门的协议" for _, x in args), args
    assert all(not x.startswith("北京时间") for _, x in args), args


def test_a_reference_back_is_no_target() -> None:
    found = [e for e in _events("知情人士称，如果收购上述业务的谈判顺利，交易将在月底完成。") if e[0] == "acquisition"]
    assert all(r != "target" for e in found for r, _ in e[2]), found


def test_a_placement_stated_as_an_intention_is_planned() -> None:
    found = [e for e in _events("星云科技晚间公告，拟定增募集资金不超10亿元。") if e[0] == "funding"]
    assert len(found) == 1 and ("amount", "不超10亿元") in found[0][2], found
    a, _ = analyse("星云科技晚间公告，拟定增募集资金不超10亿元。", "t")
    ev = events.find_events(a, dates.find_dates(a), money.find_money(a), orgs.find_organisations(a))
    assert [e.status for e in ev if e.event_type == "funding"] == ["planned"]


def test_a_stake_sold_is_an_acquisition_without_the_seller_as_acquirer() -> None:
    found = [e for e in _events("远帆公司以2000万元出售白石科技60%股权。") if e[0] == "acquisition"]
    assert len(found) == 1, found
    roles = dict(found[0][2])
    assert "acquirer" not in roles and roles.get("price") == "2000万元", found
    assert any(r == "target" and x.startswith("白石科技") for r, x in found[0][2]), found


@pytest.mark.parametrize("text, expected", [
    ("公司拟支付现金购买星河化工股份有限公司100%股权。", ["acquisition"]),
    ("公司以集中竞价方式购买公司股份100万股。", []),      # shares of its own: a buyback
    ("股东计划出售所持公司股份不超过200万股。", []),       # shares sold: a stake decrease
])
def test_buying_and_selling_a_stake(text: str, expected: list[str]) -> None:
    assert [t for t in _types(text) if t == "acquisition"] == expected, _events(text)


@pytest.mark.parametrize("text", [
    "星云科技晚间发布关于董事长辞职的公告。",          # a document named by 关于…
    "该公司在官方微博发布《关于客户端暂停服务的说明》。",
    "这位演员在社交平台上发布了一段视频。",            # posts and photos are issued, not launched
    "离婚后这位歌手首次公开亮相。",                    # people and teams appear too
    "中国女排二队首度亮相，3比0战胜对手。",
])
def test_documents_posts_and_appearances_are_no_launch(text: str) -> None:
    assert "product_launch" not in _types(text), _events(text)


def test_a_product_appearing_is_still_a_launch() -> None:
    assert "product_launch" in _types("星云汽车全新纯电SUV正式亮相。"), _events("星云汽车全新纯电SUV正式亮相。")


def test_a_time_word_after_the_subject_is_not_part_of_the_investee() -> None:
    found = [e for e in _events("蓝海智能今日宣布完成B轮融资。") if e[0] == "funding"]
    assert found and ("investee", "蓝海智能") in found[0][2], found


@pytest.mark.parametrize("text, acquirer", [
    ("映辉8500万美元收购星图科技。", "映辉"),                 # the sum after the name is no part of it
    ("星河科技拟以发行股份方式收购微澜光电35%股权。", "星河科技"),
])
def test_the_acquirer_is_the_name_before_the_sum(text: str, acquirer: str) -> None:
    found = [e for e in _events(text) if e[0] == "acquisition"]
    assert found and [x for r, x in found[0][2] if r == "acquirer"] == [acquirer], found


@pytest.mark.parametrize("text", ["星云汽车的新车共推出两款车型。", "本产品将于下月推出新版本。"])
def test_a_generic_or_pointing_word_is_no_launcher(text: str) -> None:
    found = [e for e in _events(text) if e[0] == "product_launch"]
    assert all(x not in ("新车", "本产品") for e in found for r, x in e[2] if r == "org"), found
