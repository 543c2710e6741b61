"""Role filling of stake changes (增持, 减持): the shareholder before the trigger, the company whose
shares move (named after the trigger, else the announcing company) and the figures."""
from __future__ import annotations

import regex

from ._shares import add_share_figures
from .common import DocContext, FinEvent, Party, money_after_cue, person_spans, party_words, subject

_AMOUNT = regex.compile(r"(?:金额|总额|总金额|耗资|斥资|套现|合计|共计|资金|价值|价款)(?:为|约|约为|达|共|合计|人民币)?\s*$")


def fill_stake(ctx: DocContext, ev: FinEvent, rating: regex.Pattern) -> bool:
    text = ctx.text
    s = ev.sentence
    t0, t1 = ev.trigger
    a, b = ctx.clause(t0, s)
    if rating.search(text, max(s.start, t0 - 10), min(s.end, t1 + 10)):
        return False
    holder = subject(ctx, ev, people=True)
    company = None
    after = party_words(ctx, t1, min(b, t1 + 30))
    if after is not None and after.start - t1 <= 4:
        company = after
    if company is None:
        company = ctx.announcer
    if holder is not None and company is not None and holder.key(text) == company.key(text):
        # 公司股东X增持公司股份: the holder is a person named before
        ps = person_spans(ctx, s.start, t0)
        holder = Party(ps[-1][0], ps[-1][1], None) if ps else None
    ev.add_party("shareholder", holder)
    ev.add_party("company", company)
    add_share_figures(ctx, ev)
    pps = {id(x.mention) for x in ev.args if x.role == "price_per_share"}
    amt = [m for m in money_after_cue(ctx, s.start, s.end, _AMOUNT) if id(m) not in pps]
    if amt:
        ev.add_money("amount", amt[0])
    # neither who nor whose shares, nor a count: a word in passing (增持 in a market comment)
    return ev.has("shareholder") or ev.has("shares")
