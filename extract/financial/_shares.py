"""Role filling shared by the types whose events move shares (pledges, releases, stake changes,
buybacks): the figures of the trigger's sentence, this event's own before any total."""
from __future__ import annotations

from .common import DocContext, FinEvent, own_first, percents_in, price_per_share, shares_in


def add_share_figures(ctx: DocContext, ev: FinEvent, holding: bool = True) -> None:
    """shares, share_of_total, share_of_holding and price_per_share from the trigger's sentence
    (from the trigger on when it states figures there, else the whole sentence)."""
    s = ev.sentence
    t0 = ev.trigger[0]
    a = max(s.start, ctx.clause(t0, s)[0])
    figs = shares_in(ctx, a, s.end) or shares_in(ctx, s.start, s.end)
    if figs:
        ev.add_figure("shares", own_first(figs)[0])
    pcts = percents_in(ctx, a, s.end) or percents_in(ctx, s.start, s.end)
    own = own_first(pcts)
    tot = [p for p in own if p.kind == "total"]
    hold = [p for p in own if p.kind == "holding"]
    if tot:
        ev.add_figure("share_of_total", tot[0])
    if holding and hold:
        ev.add_figure("share_of_holding", hold[0])
    if not tot and not hold and own and own[0].kind == "" and "占" in ctx.text[max(s.start, own[0].start - 8):own[0].start]:
        ev.add_figure("share_of_total", own[0])   # 占…X%: a share of something, most often the total
    pps = price_per_share(ctx, s.start, s.end)
    if pps:
        ev.add_money("price_per_share", pps[0])
