"""Event extraction (extract/events.py, issue 7): table-driven sentences through the real pipeline.

Every case runs ``extract.pipeline.analyse`` and the real date, money and organisation extractors,
then ``extract.events.find_events``; the events found must be exactly the expected ones: type,
trigger, role → argument texts, status and (where given) the date's text. The sentences are new
(not from the gold documents) and cover every type, the role-marking phrases, coordinations,
valuation against amount, another organisation's amount, plans, generic statements, references
back, several events in one sentence and narrative dates, in simplified and traditional script.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from extract import dates, events, money, orgs
from extract.analysis import Mention
from extract.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
ANY = object()   # the date is not checked


def run(text: str, published: str | None = None) -> list[tuple]:
    """(type, trigger, {role: sorted texts}, status, date text) for every event, in text order."""
    analysed, converted = analyse(text, "t", published)
    found = events.find_events(analysed, dates.find_dates(analysed), money.find_money(analysed),
                               orgs.find_organisations(analysed))
    out = []
    for ev in found:
        t0, t1 = converted.offsets.to_original(ev.trigger_start, ev.trigger_end)
        args: dict[str, list[str]] = {}
        for a in ev.arguments:
            a0, a1 = converted.offsets.to_original(a.start, a.end)
            args.setdefault(a.role, []).append(text[a0:a1])
        date = None
        if ev.date is not None:
            d0, d1 = converted.offsets.to_original(ev.date.start, ev.date.end)
            date = text[d0:d1]
        out.append((ev.event_type, text[t0:t1], {r: sorted(v) for r, v in args.items()}, ev.status, date))
    return out


def E(event_type: str, trigger: str, status: str = "actual", date=ANY, **roles) -> tuple:
    return (event_type, trigger, {r: sorted(v if isinstance(v, list) else [v]) for r, v in roles.items()}, status, date)


def _same(pred: list[tuple], expected: list[tuple]) -> bool:
    if len(pred) != len(expected):
        return False
    left = list(pred)
    for e in expected:
        for i, p in enumerate(left):
            if p[:4] == e[:4] and (e[4] is ANY or p[4] == e[4]):
                del left[i]
                break
        else:
            return False
    return True


CASES = [
    # -- founding ------------------------------------------------------------------------------
    ("founding: subject, date, place, founder noun",
     "字节跳动于2012年3月在北京成立，创始人张一鸣曾任职于微软。", None,
     [E("founding", "成立", date="2012年3月", org="字节跳动", location="北京", founder="张一鸣")]),
    ("founding: 由X创办, affiliation and title dropped from the founder",
     "深圳云帆科技有限公司由清华大学博士李明于2018年在深圳创办。", None,
     [E("founding", "创办", date="2018年", org="深圳云帆科技有限公司", founder="李明", location="深圳")]),
    ("founding: transitive, the subject founds a named organisation",
     "2016年，微软在上海建立微软亚洲研究院上海分院。", None,
     # what was founded is the Shanghai branch: nested names are one mention, the longest
     [E("founding", "建立", date="2016年", founder="微软", location="上海", org="微软亚洲研究院上海分院")]),
    ("founding: 成立以来 refers back to the founding already stated",
     "字节跳动于2012年3月成立。字节跳动成立以来，一直专注于推荐算法。", None,
     [E("founding", "成立", date="2012年3月", org="字节跳动")]),
    ("founding: an unnamed company to be set up is not a founding",
     "当听说他要成立公司时，很多学生都想加入。", None, []),
    # -- funding -------------------------------------------------------------------------------
    ("funding: 由X领投, X、Y跟投, valuation apart from the amount",
     "2019年5月，小红书完成3亿美元D轮融资，由阿里巴巴领投，腾讯、金沙江创投跟投，投后估值超过30亿美元。", None,
     [E("funding", "融资", date="2019年5月", investee="小红书", amount="3亿美元", round="D轮",
        lead_investor="阿里巴巴", investor=["腾讯", "金沙江创投"], valuation="超过30亿美元")]),
    ("funding: X和Y继续跟投, X和Y加入, several triggers make one round",
     "半年后的B轮，红杉资本和IDG资本继续跟投，京东和美团加入，融资总计2亿美元。", None,
     [E("funding", "融资", date="半年后", round="B轮", investor=["红杉资本", "IDG资本", "京东", "美团"],
        amount="2亿美元")]),
    ("funding: 获X投资",
     "拼多多获得腾讯3亿美元投资。", None,
     [E("funding", "投资", date=None, investee="拼多多", investor="腾讯", amount="3亿美元")]),
    ("funding: 寻求向X投资 is planned",
     "软银寻求向滴滴投资近20亿美元。", "2018",
     [E("funding", "投资", "planned", date=None, investor="软银", investee="滴滴", amount="近20亿美元")]),
    ("funding: another organisation's amount in a comparison is not this round's",
     "美团完成40亿美元融资，远超C轮1亿美元的饿了么。", None,
     [E("funding", "融资", investee="美团", amount="40亿美元")]),
    ("funding: 两笔战略融资，包括A和B gives one event per investor; 其中A投资… details A's",
     "2018年，商汤科技连续公布两笔战略融资，包括高瓴资本和京东，其中高瓴资本投资5亿美元。", None,
     [E("funding", "投资", date="2018年", investee="商汤科技", round="战略融资", investor="高瓴资本", amount="5亿美元"),
      E("funding", "战略融资", date="2018年", investee="商汤科技", round="战略融资", investor="京东")]),
    ("funding: two rounds in one sentence; X入局; the investee of the valuation clause",
     "阿里巴巴投资15亿元人民币，并在第二年4月领投6亿美元的C轮融资，京东入局，商汤科技估值达到30亿美元。", "2019",
     [E("funding", "投资", date=None, investor="阿里巴巴", amount="15亿元人民币"),
      E("funding", "领投", date="第二年4月", lead_investor="阿里巴巴", amount="6亿美元", round="C轮",
        investor="京东", investee="商汤科技", valuation="30亿美元")]),
    ("funding: A轮和A+轮融资, each detailed by its own clause",
     "寒武纪在一个月内接连完成A轮和A+轮融资，A轮由红杉资本领投、金额为1亿元，A+轮则由腾讯独家投资、金额逾2亿元。", None,
     [E("funding", "领投", investee="寒武纪", round="A轮", lead_investor="红杉资本", amount="1亿元"),
      E("funding", "投资", investee="寒武纪", round="A+轮", investor="腾讯", amount="逾2亿元")]),
    ("funding: 本轮… in the next sentence adds to the round just stated",
     "拼多多完成C轮融资。本轮融资由腾讯领投，金额为3亿美元。", None,
     [E("funding", "融资", investee="拼多多", round="C轮", lead_investor="腾讯", amount="3亿美元")]),
    ("funding: 计划…启动 is planned; 募集 in the same frame",
     "蔚来汽车计划明年启动D轮融资，目标募集5亿美元。", "2023",
     [E("funding", "融资", "planned", date="明年", investee="蔚来汽车", round="D轮", amount="5亿美元")]),
    ("funding: X旗下的Y: the parent is no investor; 对X进行战略投资",
     "此前，小米旗下的顺为资本曾以1亿元对寒武纪进行战略投资。", None,
     [E("funding", "战略投资", investor="顺为资本", amount="1亿元", investee="寒武纪", round="战略投资")]),
    ("funding: a cumulative total and 此轮 are not new events",
     "寒武纪已累计融资5轮，此轮资金主要用于研发。", None, []),
    ("funding: generic statement", "很多公司融资都很困难。", None, []),
    ("funding: 我们的融资 is no event", "我们的融资不是用来烧的。", None, []),
    ("funding: investor nouns are not triggers", "这些投资人和合作伙伴都很支持。", None, []),
    # -- acquisition ---------------------------------------------------------------------------
    ("acquisition: 以M收购, target not known to the recogniser kept as text",
     "2016年，腾讯以86亿美元收购芬兰游戏公司Supercell。", None,
     [E("acquisition", "收购", date="2016年", acquirer="腾讯", price="86亿美元", target="芬兰游戏公司Supercell")]),
    ("acquisition: 拟收购 is planned", "阿里巴巴拟收购饿了么。", None,
     [E("acquisition", "收购", "planned", acquirer="阿里巴巴", target="饿了么")]),
    ("acquisition: passive 被X收购", "饿了么被阿里巴巴收购。", None,
     [E("acquisition", "收购", target="饿了么", acquirer="阿里巴巴")]),
    ("acquisition: 被收购前 refers back", "被收购前，饿了么已有上千万用户。", None, []),
    # -- partnership ---------------------------------------------------------------------------
    ("partnership: 与X签署…协议", "华为与百度签署战略合作协议。", None,
     [E("partnership", "签署战略合作协议", party=["华为", "百度"])]),
    ("partnership: 先后与A、B…合作: one bilateral event per counterparty",
     "腾讯先后与北京大学、清华大学开展科研合作。", None,
     [E("partnership", "合作", party=["腾讯", "北京大学"]), E("partnership", "合作", party=["腾讯", "清华大学"])]),
    ("partnership: a three-party agreement is one event", "腾讯与京东、美团签署三方合作协议。", None,
     [E("partnership", "签署三方合作协议", party=["腾讯", "京东", "美团"])]),
    ("partnership: 双方将…展开合作 restates the agreement",
     "2020年3月，华为与中国移动签署合作备忘录，双方将在5G领域展开合作。", None,
     [E("partnership", "签署合作备忘录", date="2020年3月", party=["华为", "中国移动"])]),
    ("partnership: no named counterparty", "这家公司需要与传统产业合作。", None, []),
    # -- product launch ------------------------------------------------------------------------
    ("launch: X联合Y推出“Z”", "小米联合百度推出智能音箱“小爱同学”。", None,
     [E("product_launch", "推出", org=["小米", "百度"], product="小爱同学")]),
    ("launch: a list after a colon gives one event per product",
     "华为发布了三款产品：Mate 30、Mate 30 Pro和Watch GT 2。", None,
     [E("product_launch", "发布", org="华为", product="Mate 30"),
      E("product_launch", "发布", org="华为", product="Mate 30 Pro"),
      E("product_launch", "发布", org="华为", product="Watch GT 2")]),
    ("launch: two launches, the second intransitive with its own relative date",
     "2019年8月，华为正式发布鸿蒙操作系统，三天后，面向开发者的“鸿蒙”SDK上线。", None,
     [E("product_launch", "发布", date="2019年8月", org="华为", product="鸿蒙操作系统"),
      E("product_launch", "上线", date="三天后", org="华为", product="“鸿蒙”SDK")]),
    ("launch: generic subject and generic product", "多家手机厂商推出了相应的新品。", None, []),
    ("launch: 发布会 is not a trigger", "发布会上，华为介绍了公司的战略。", None, []),
    # -- award ---------------------------------------------------------------------------------
    ("award: 荣获“奖”", "2019年，商汤科技荣获“最佳创新企业奖”。", None,
     [E("award", "荣获", date="2019年", winner="商汤科技", award="最佳创新企业奖")]),
    ("award: 获X授予: X is the organiser", "华为获工信部授予“国家技术创新示范企业”称号。", None,
     [E("award", "授予", winner="华为", organiser="工信部", award="“国家技术创新示范企业”称号")]),
    ("award: two placings in a named competition",
     "2014年9月，百度团队参加了ImageNet大赛，取得了全球第二的成绩，谷歌是第一。", None,
     [E("award", "第二", date="2014年9月", winner="百度", award="ImageNet大赛"),
      E("award", "第一", date="2014年9月", winner="谷歌", award="ImageNet大赛")]),
    ("award: 第一，第二 as enumerators", "第一，我们的算法好；第二，平台能力强。", None, []),
    ("award: a championship won: the title noun is the trigger (as DuEE annotates 夺冠)",
     "中国女排夺得世界杯冠军。", None,
     [E("award", "冠军", winner="中国女排", award="世界杯")]),
    ("award: a medal won: the medal is the trigger and the award",
     "中国男队收获反曲弓团体金牌。", None,
     [E("award", "金牌", winner="中国男队", award="反曲弓团体金牌")]),
    ("award: more verbs of winning a title (夺取, 锁定), and N连冠 as the title",
     "清华大学队再次夺取冠军，拜仁慕尼黑队赢得德甲七连冠。", None,
     [E("award", "冠军", winner="清华大学队", award="冠军"),
      E("award", "七连冠", winner="拜仁慕尼黑", award="德甲七连冠")]),
    ("award: 摘N金 is a win of its own", "中国队在军运会上摘六金。", None,
     [E("award", "摘六金", winner="中国队")]),
    ("award: a prize keeps its verb as the trigger", "2019年，商汤科技获得“年度创新奖”。", None,
     [E("award", "获得", date="2019年", winner="商汤科技", award="年度创新奖")]),
    ("product_launch: 全新 (an adverb to jieba) opens the object, not a predicate",
     "三星发布全新240Hz曲面显示器。", None,
     [E("product_launch", "发布", org="三星", product="240Hz曲面显示器")]),
    ("product_launch: 微信, 信用卡, 显示屏 are products (信, 显示 alone mark no product)",
     "腾讯推出了微信，招商银行推出新信用卡。", None,
     [E("product_launch", "推出", org="腾讯", product="微信"),
      E("product_launch", "推出", org="招商银行", product="信用卡")]),
    ("product_launch: a model named with a digit (科赛5) or a vehicle word (皮卡) goes on sale",
     "长安欧尚科赛5正式上市，长城炮商用皮卡正式上市。", None,
     [E("product_launch", "上市", product="长安欧尚科赛5"),
      E("product_launch", "上市", product="长城炮商用皮卡")]),
    ("acquisition: the stake stays with its target", "苏宁易购收购家乐福中国80%股权。", None,
     [E("acquisition", "收购", acquirer="苏宁易购", target="家乐福中国80%股权")]),
    ("acquisition: the company whose stake is bought, not the seller before it",
     "星河科技拟收购控股股东华润集团持有的华润医药51%股权。", None,
     [E("acquisition", "收购", "planned", acquirer="星河科技", target="华润医药51%股权")]),
    ("product_launch: after 宣布, the announced clause's subject is the product",
     "索尼宣布其新一代游戏主机PS6将于明年春季正式发布。", None,
     [E("product_launch", "发布", "planned", org="索尼", product="新一代游戏主机PS6")]),
    ("product_launch: X旗下Y上市 is the owner's product going on sale, not a listing",
     "比亚迪旗下全新纯电轿车海豹将于7月上市。", None,
     [E("product_launch", "上市", "planned", org="比亚迪", product="全新纯电轿车海豹")]),
    ("listing: X旗下 a company 上市 stays a listing of that company",
     "阿里巴巴旗下的蚂蚁集团将于11月上市。", None,
     [E("listing", "上市", "planned", company="蚂蚁集团")]),
    ("award: 首冠 won, the competition named first is the award and not part of the winner",
     "在马德里公开赛上，年轻的张明夺得职业生涯首冠。", None,
     [E("award", "首冠", award="马德里公开赛", winner="张明")]),
    ("award: 第N冠 with only a modifier before it (队史) names no award",
     "广州队夺得队史第八冠。", None, [E("award", "第八冠", winner="广州队")]),
    ("award: an adverb jieba glues to the winner (李华则) is cut off",
     "李华则以总分612分摘下金牌。", None, [E("award", "金牌", winner="李华", award="金牌")]),
    ("award: 争夺冠军 is a contest, not a win", "两支球队将争夺冠军。", None, []),
    ("award: 成为…冠军 states a win", "中国队成为了亚洲杯的冠军。", None,
     [E("award", "冠军", winner="中国队", award="亚洲杯")]),
    ("award: 有望成为冠军 is no win yet", "他有望成为冠军。", None, []),
    ("award: 冠军是X, the winner after the title", "尽管本届冠军是蓝鲸队，但红狮队更值得尊敬。", None,
     [E("award", "冠军", winner="蓝鲸队")]),
    ("award: 冠军不可能是X and 冠军是谁 state no win", "冠军不可能是蓝鲸队，冠军是谁还不好说。", None, []),
    ("award: an honour in quotes after 荣获; the person after the affiliation wins",
     "浙大王磊教授荣获“年度科技人物”称号。", None,
     [E("award", "荣获", winner="王磊", award="“年度科技人物”称号")]),
    ("funding: after 获得 the name is the investor, even with 战略投资 right after it",
     "星云科技获得了蓝海资本的战略投资。", None,
     [E("funding", "战略投资", investee="星云科技", investor="蓝海资本", round="战略投资")]),
    ("funding: 战略投资融资 is raised by the subject, 战略投资 is its round",
     "星云科技完成战略投资融资，金额未披露。", None,
     [E("funding", "融资", investee="星云科技", round="战略投资")]),
    # -- traditional script --------------------------------------------------------------------
    ("traditional: acquisition", "騰訊以86億美元收購芬蘭遊戲公司Supercell。", None,
     [E("acquisition", "收購", acquirer="騰訊", price="86億美元", target="芬蘭遊戲公司Supercell")]),
    ("traditional: funding", "2018年4月，小紅書完成3億美元融資，由阿里巴巴領投，騰訊跟投。", None,
     [E("funding", "融資", date="2018年4月", investee="小紅書", amount="3億美元", lead_investor="阿里巴巴",
        investor="騰訊")]),
    ("traditional: partnership", "華為與百度簽署戰略合作協議。", None,
     [E("partnership", "簽署戰略合作協議", party=["華為", "百度"])]),
    ("traditional: founding", "字節跳動於2012年3月在北京創立。", None,
     [E("founding", "創立", date="2012年3月", org="字節跳動", location="北京")]),
    # -- narrative dates -----------------------------------------------------------------------
    ("date: the narrative's current date from the sentence before",
     "时间来到2016年，市场竞争加剧。腾讯收购了Supercell。", None,
     [E("acquisition", "收购", date="2016年", acquirer="腾讯", target="Supercell")]),
    ("date: 此后 moves the story on by an unstated time",
     "2015年，腾讯发布了QQ新版本。此后，京东推出了新平台“京东云”。", None,
     [E("product_launch", "发布", date="2015年", org="腾讯", product="QQ新版本"),
      E("product_launch", "推出", date=None, org="京东", product="京东云")]),
    ("date: no narrative date across a paragraph break",
     "2015年，腾讯发布了QQ新版本。\n腾讯收购了Supercell。", None,
     [E("product_launch", "发布", date="2015年", org="腾讯", product="QQ新版本"),
      E("acquisition", "收购", date=None, acquirer="腾讯", target="Supercell")]),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_sentence(name, text, published, expected):
    got = run(text, published)
    assert _same(got, expected), f"{name}\n  text: {text}\n  got:      {got}\n  expected: {expected}"


# ---------------------------------------------------------------------------------------------
# The interface: hand-built mentions, argument ↔ mention links, status and evidence

def _story():
    text = "星河科技于2020年5月完成2亿元B轮融资，由蓝海资本领投。星河科技计划明年收购云图科技。"
    analysed, _ = analyse(text, "story", "2020-06")
    at = text.index
    d1 = Mention("date", at("2020年5月"), at("2020年5月") + 7, "test", {"value": "2020-05"})
    d2 = Mention("date", at("明年"), at("明年") + 2, "test", {"value": "2021"})
    m1 = Mention("money", at("2亿元"), at("2亿元") + 3, "test", {"amount": 200000000, "currency": "CNY"})
    o1 = Mention("organisation", 0, 4, "test", {"canonical": "星河科技"})
    o2 = Mention("organisation", at("蓝海资本"), at("蓝海资本") + 4, "test", {"canonical": "蓝海资本"})
    o3 = Mention("organisation", text.index("星河科技", 5), text.index("星河科技", 5) + 4, "test", {"canonical": "星河科技"})
    o4 = Mention("organisation", at("云图科技"), at("云图科技") + 4, "test", {"canonical": "云图科技"})
    return text, analysed, [d1, d2], [m1], [o1, o2, o3, o4]


def test_hand_built_mentions_fill_roles_by_identity():
    text, analysed, ds, ms, os_ = _story()
    found = events.find_events(analysed, ds, ms, os_)
    assert [e.event_type for e in found] == ["funding", "acquisition"]
    funding, acquisition = found
    by_role = {a.role: a for a in funding.arguments}
    assert by_role["investee"].mention is os_[0]
    assert by_role["lead_investor"].mention is os_[1]
    assert by_role["amount"].mention is ms[0]
    assert by_role["round"].mention is None and text[by_role["round"].start:by_role["round"].end] == "B轮"
    assert funding.date is ds[0] and funding.status == "actual"
    assert funding.sentence is analysed.sentences[0]
    assert text[funding.trigger_start:funding.trigger_end] == "融资"
    assert funding.rule.startswith("funding:")
    # the plan in the second sentence
    assert acquisition.status == "planned" and acquisition.date is ds[1]
    assert {a.role: a.mention for a in acquisition.arguments} == {"acquirer": os_[2], "target": os_[3]}


def test_no_mentions_no_crash_and_empty_text():
    analysed, _ = analyse("", "empty")
    assert events.find_events(analysed, [], [], []) == []
    analysed, _ = analyse("今天天气很好。", "plain")
    assert events.find_events(analysed, [], [], []) == []


# ---------------------------------------------------------------------------------------------
# Lexicons come from data files, loaded and compiled once

def test_lexicons_are_data_files_loaded_once():
    data = ROOT / "extract" / "data"
    for t in events.registry.SENTENCE_TYPES:
        assert (data / t.DATA).is_file(), t.EVENT_TYPE
    assert (data / "event_cues.json").is_file()
    lex = events._lexicon()
    assert lex is events._lexicon()
    assert all(lex.triggers[t.EVENT_TYPE] for t in events.registry.SENTENCE_TYPES)


# ---------------------------------------------------------------------------------------------
# Work stays linear in the length of the document

def test_time_grows_linearly_with_the_document():
    base = (ROOT / "raw" / "000_9172d1ec0378535b.txt").read_text(encoding="utf-8")

    def seconds(copies: int) -> float:
        analysed, _ = analyse(base * copies, "long", "2019")
        d, m, o = dates.find_dates(analysed), money.find_money(analysed), orgs.find_organisations(analysed)
        started = time.perf_counter()
        events.find_events(analysed, d, m, o)
        return time.perf_counter() - started

    seconds(1)   # warm the lexicons and tag tables
    small, large = seconds(2), seconds(8)
    assert large < 8 * small + 0.5, f"2 copies {small:.2f} s, 8 copies {large:.2f} s"


# ---------------------------------------------------------------------------------------------
# The gold documents with gold mentions (the event logic alone, independent of the recognisers)

def test_gold_documents_with_gold_mentions():
    if not (ROOT / "tests" / "gold" / "sample" / "events.jsonl").is_file():
        pytest.skip("sample event gold not present")
    sys.path.insert(0, str(ROOT / "tools"))
    import score_events_quick

    rep = score_events_quick.score("gold", development_only=True)
    # the development documents (held-out ones have their own floors in tests/floors*.json);
    # floors leave room for changes elsewhere in the pipeline
    assert rep["events"]["f1"] >= 0.95, rep["missed"] + rep["spurious"]
    assert rep["arguments"]["f1"] >= 0.95, rep["argument_or_date_differences"]
    assert rep["date_accuracy"]["accuracy"] >= 0.95, rep["argument_or_date_differences"]


def test_a_brand_with_its_model_is_the_product():
    # Redmi is the organisation; Redmi Book 14 (the brand and its model) is what was launched
    from extract import dates, events, money, orgs
    from extract.pipeline import analyse
    text = "5月28日，Redmi召开新品发布会，Redmi还推出了旗下首款笔记本：Redmi Book 14。"
    a, _ = analyse(text, "t")
    evs = events.find_events(a, dates.find_dates(a), money.find_money(a), orgs.find_organisations(a))
    products = [a.text[x.start:x.end] for e in evs if e.event_type == "product_launch"
                for x in e.arguments if x.role == "product"]
    assert "Redmi Book 14" in products, products
