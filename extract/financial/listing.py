"""Listings: ``X在科创板上市``, ``X(600522)登陆A股``, ``X启动IPO``; price per share (发行价), amount
raised (募资), market capitalisation (市值), stock code and exchange from the sentence."""
from __future__ import annotations

import regex

from ..analysis import AnalysedText, EventMention, Mention
from .common import (DocContext, FinEvent, Party, announcer_or, cues, extract_with, money_after_cue,
                     subject, type_lexicon)

EVENT_TYPE = "listing"
ROLES = ("company", "stock_code", "exchange", "price", "amount", "market_cap")

_LEX = type_lexicon(EVENT_TYPE).raw
_PRICE = regex.compile(_LEX["price_cue"])
_AMOUNT = regex.compile(_LEX["amount_cue"])
_CAP = regex.compile(_LEX["market_cap_cue"])
_CONTEXT = regex.compile(_LEX["company_context"])
_GENERIC = regex.compile(_LEX["generic_subject"])
_NOT_COMPANY = regex.compile(_LEX["not_company_subject"])
_HAN = regex.compile(r"\p{Han}")
_PRODUCT_AFTER = regex.compile(_LEX["product_after_company"])
_MODEL_CODE = regex.compile(_LEX["model_code_company"])
_AFTER = regex.compile(r"(?:的)?(?:企业|公司)")
_NAME_AFTER = regex.compile(r"([\p{Han}A-Za-z]{2,20}?(?:股份有限公司|有限公司|集团|公司))")


def _fill(ctx: DocContext, ev: FinEvent) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    if _GENERIC.search(text, a, t0) or _NOT_COMPANY.search(text, a, t0):
        return False
    company = subject(ctx, ev)
    c = cues()
    if company is None:
        # 拟IPO企业X, 上市公司X: the company named right after the trigger
        m = _AFTER.match(text, t1, b)
        if m:
            rec = ctx.orgs_in(m.end(), b)
            if rec and rec[0].start == m.end():
                company = Party(rec[0].start, rec[0].end, rec[0])
            else:
                n = _NAME_AFTER.match(text, m.end(), b)
                if n:
                    company = Party(n.start(1), n.end(1), None)
    if company is not None and (_ends_with(c.exchange, text, company.start, company.end)
                                or c.regulator.search(text, company.start, company.end)):
        # 深交所, 美国纽交所, 证监会: where or who approves, not who lists; the announcing company
        # if known
        company = ctx.announcer
    if company is None and not _CONTEXT.search(text, s.start, s.end):
        return False
    company = announcer_or(ctx, company)
    if company is not None and _names_a_product(text, company, t0):
        return False    # 保时捷911正式上市, 海豚EV上市: a product goes on sale (product_launch)
    ev.add_party("company", company)
    if not ev.has("company"):
        return False
    code = c.stock_code.search(text, s.start, s.end)
    if code:
        ev.add("stock_code", code.start(), code.end())
    ex = c.exchange.search(text, a, b) or c.exchange.search(text, s.start, s.end)
    if ex:
        ev.add("exchange", ex.start(), ex.end())
    for role, cue in (("price", _PRICE), ("amount", _AMOUNT), ("market_cap", _CAP)):
        ms = money_after_cue(ctx, s.start, s.end, cue, 8)
        if ms:
            ev.add_money(role, ms[0])
    return True


def extract_document(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                     orgs: list[Mention]) -> list[EventMention]:
    return extract_with(EVENT_TYPE, doc, dates, money, orgs, _fill, "company")


def _ends_with(pattern, text: str, a: int, b: int) -> bool:
    """text[a:b] ends with a match of pattern (美国纽交所 ends with an exchange)."""
    return any(m.end() == b for m in pattern.finditer(text, a, b))


def _names_a_product(text: str, company: Party, t0: int) -> bool:
    """The company before 上市 only opens a product's name: a model follows it (保时捷911,
    马自达CX-5, 奥迪Q8), or it is itself a model code glued to a Han word (海豚EV)."""
    if company.end > t0:
        return False
    if _PRODUCT_AFTER.match(text, company.end, t0):
        return True
    return bool(_MODEL_CODE.match(text[company.start:company.end]) and company.start > 0
                and _HAN.match(text[company.start - 1]))
