"""Document-level event benchmark on DuEE-Fin dev documents (../shared/bench/events_fin.jsonl),
all thirteen of its types, scored the DuEE-Fin way.

    python tools/bench_events_fin.py [--bench PATH] [--limit N] [--traditional] [--json]
                                     [--types T,...] [--examples N]

Each document is fed as ``title + "\\n" + text`` (``published`` when the record gives one) through
the real pipeline stages. Per type (ours):

* detection over (document, type) pairs: P/R/F1;
* arguments as a set of (type, role, text) tuples per document, text with whitespace removed:
  *exact* (equal texts) and *lenient* (one text contains the other), matched one-to-one; P/R/F1;
* every DuEE time role (披露时间, 事件时间, 回购完成时间 …) is compared with the event's date
  (role ``date``);
* the share of documents without an event of the type (gold) where we predict one, and the share
  of the 80 negative documents (no event at all) where we predict any of the thirteen types.

``--traditional`` converts each document with OpenCC s2t first (gold texts too, so that they are
compared in the same script). Role mapping: ../shared/bench/README.md; roles it does not map
(公司上市 环节) are not scored.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "events_fin.jsonl"

TYPE_MAP = {
    "企业融资": "funding", "企业收购": "acquisition", "公司上市": "listing", "股份回购": "buyback",
    "质押": "pledge", "解除质押": "pledge_release", "股东增持": "stake_increase",
    "股东减持": "stake_decrease", "高管变动": "executive_change", "中标": "winning_bid",
    "亏损": "loss", "企业破产": "bankruptcy", "被约谈": "regulatory_talk",
}
TYPES = tuple(TYPE_MAP.values())
_PLEDGE = {"质押方": "pledgor", "质权方": "pledgee", "质押物所属公司": "company", "质押物": "collateral",
           "质押股票/股份数量": "shares", "质押物占总股比": "share_of_total", "质押物占持股比": "share_of_holding"}
_STAKE = {"股票简称": "company", "交易股票/股份数量": "shares", "每股交易价格": "price_per_share",
          "交易金额": "amount"}
ROLE_MAP: dict[str, dict[str, str]] = {
    "funding": {"被投资方": "investee", "投资方": "investor", "领投方": "lead_investor", "融资金额": "amount",
                "融资轮次": "round"},
    "acquisition": {"收购方": "acquirer", "被收购方": "target", "收购标的": "target", "交易金额": "price"},
    "listing": {"上市公司": "company", "证券代码": "stock_code", "发行价格": "price", "募资金额": "amount",
                "市值": "market_cap"},
    "buyback": {"回购方": "company", "回购股份数量": "shares", "每股交易价格": "price_per_share",
                "交易金额": "amount", "占公司总股本比例": "share_of_total"},
    "pledge": _PLEDGE,
    "pledge_release": _PLEDGE,
    "stake_increase": {**_STAKE, "增持方": "shareholder", "增持部分占总股本比例": "share_of_total",
                       "增持部分占所持比例": "share_of_holding"},
    "stake_decrease": {**_STAKE, "减持方": "shareholder", "减持部分占总股本比例": "share_of_total",
                       "减持部分占所持比例": "share_of_holding"},
    "executive_change": {"高管姓名": "person", "任职公司": "company", "高管职位": "position",
                         "变动类型": "change", "变动后职位": "new_position", "变动后公司名称": "new_company"},
    "winning_bid": {"中标公司": "winner", "招标方": "tenderer", "中标标的": "project", "中标金额": "amount"},
    "loss": {"公司名称": "company", "净亏损": "amount", "亏损变化": "change", "财报周期": "period"},
    "bankruptcy": {"破产公司": "company", "债权人": "creditor", "债务规模": "debt"},
    "regulatory_talk": {"公司名称": "company", "约谈机构": "regulator"},
}
TIME_ROLES = ("时间", "日期")   # 披露时间, 事件时间, 回购完成时间, 中标日期 …


def load(path: Path, limit: int | None = None) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def _clean(s: str) -> str:
    return "".join(s.split())


def _conv():
    import opencc
    conv = _conv.__dict__.get("cc")
    if conv is None:
        conv = _conv.__dict__["cc"] = opencc.OpenCC("s2t")
    return conv


def gold_tuples(rec: dict, traditional: bool) -> tuple[set[str], set[tuple[str, str, str]]]:
    types, tuples = set(), set()
    for ev in rec["events"]:
        t = TYPE_MAP.get(ev["type"])
        if t is None:
            continue
        types.add(t)
        for a in ev["arguments"]:
            role = a["role"]
            ours = ROLE_MAP[t].get(role)
            if ours is None and role.endswith(TIME_ROLES):
                ours = "date"
            if ours is None or not a["text"]:
                continue
            text = _conv().convert(a["text"]) if traditional else a["text"]
            tuples.add((t, ours, _clean(text)))
    return types, tuples


def predict(text: str, published: str | None) -> list[dict]:
    from extract import dates, events, money, orgs
    from extract.pipeline import analyse

    analysed, conv = analyse(text, "bench", published)
    d = dates.find_dates(analysed)
    m = money.find_money(analysed)
    o = orgs.find_organisations(analysed)
    out = []
    for ev in events.find_events(analysed, d, m, o):
        args = []
        for a in ev.arguments:
            s, e = conv.offsets.to_original(a.start, a.end)
            args.append((a.role, text[s:e]))
        if ev.date is not None:
            s, e = conv.offsets.to_original(ev.date.start, ev.date.end)
            args.append(("date", text[s:e]))
        out.append({"type": ev.event_type, "args": args, "status": ev.status, "rule": ev.rule})
    return out


def pred_tuples(pred: list[dict]) -> tuple[set[str], set[tuple[str, str, str]]]:
    types, tuples = set(), set()
    for ev in pred:
        if ev["type"] not in TYPES:
            continue
        types.add(ev["type"])
        scored = set(ROLE_MAP[ev["type"]].values()) | {"date"}
        for role, text in ev["args"]:
            if role in scored and _clean(text):
                tuples.add((ev["type"], role, _clean(text)))
    return types, tuples


def _lenient_pairs(gold: set[tuple], pred: set[tuple]) -> int:
    """One-to-one matches where type and role agree and one text contains the other (exact
    matches first, then the rest greedily)."""
    exact = gold & pred
    g_rest = sorted(gold - exact)
    p_rest = sorted(pred - exact)
    used = set()
    n = len(exact)
    for g in g_rest:
        for j, p in enumerate(p_rest):
            if j in used or p[0] != g[0] or p[1] != g[1]:
                continue
            if p[2] in g[2] or g[2] in p[2]:
                used.add(j)
                n += 1
                break
    return n


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def run(records: list[dict], traditional: bool = False, examples: int = 0,
        types: tuple[str, ...] = TYPES) -> dict[str, Any]:
    det: dict[str, Counter] = defaultdict(Counter)
    exact: dict[str, Counter] = defaultdict(Counter)
    lenient: dict[str, Counter] = defaultdict(Counter)
    roles: dict[tuple[str, str], Counter] = defaultdict(Counter)
    without: Counter = Counter()       # documents without the type (gold)
    false_alarm: Counter = Counter()   # … where we predict it
    negatives = neg_hit = 0
    samples: dict[str, list[str]] = defaultdict(list)
    started = time.perf_counter()
    for rec in records:
        text = rec["title"] + "\n" + rec["text"]
        if traditional:
            text = _conv().convert(text)
        g_types, g_tuples = gold_tuples(rec, traditional)
        p_types, p_tuples = pred_tuples(predict(text, rec.get("published")))
        if rec.get("negative"):
            negatives += 1
            neg_hit += bool(p_types & set(types))
        for t in types:
            det[t]["tp"] += t in g_types and t in p_types
            det[t]["fp"] += t not in g_types and t in p_types
            det[t]["fn"] += t in g_types and t not in p_types
            if t not in g_types:
                without[t] += 1
                false_alarm[t] += t in p_types
            g = {x for x in g_tuples if x[0] == t}
            p = {x for x in p_tuples if x[0] == t}
            ex = len(g & p)
            le = _lenient_pairs(g, p)
            exact[t]["tp"] += ex
            exact[t]["fp"] += len(p) - ex
            exact[t]["fn"] += len(g) - ex
            lenient[t]["tp"] += le
            lenient[t]["fp"] += len(p) - le
            lenient[t]["fn"] += len(g) - le
            for role in {x[1] for x in g | p}:
                gr = {x for x in g if x[1] == role}
                pr = {x for x in p if x[1] == role}
                le_r = _lenient_pairs(gr, pr)
                roles[(t, role)]["tp"] += le_r
                roles[(t, role)]["fp"] += len(pr) - le_r
                roles[(t, role)]["fn"] += len(gr) - le_r
                roles[(t, role)]["exact"] += len(gr & pr)
                if examples and len(samples[f"{t}/{role}"]) < examples and gr != pr:
                    samples[f"{t}/{role}"].append(
                        f"{rec['id'][:8]} gold {sorted(x[2] for x in gr)} pred {sorted(x[2] for x in pr)}")
    seconds = time.perf_counter() - started

    def total(counters: dict[str, Counter], ts) -> dict[str, float]:
        return _prf(*(sum(counters[t][k] for t in ts) for k in ("tp", "fp", "fn")))

    fin = tuple(t for t in types if t not in ("funding", "acquisition"))
    by_type = {t: {"detection": _prf(det[t]["tp"], det[t]["fp"], det[t]["fn"]),
                   "exact": _prf(exact[t]["tp"], exact[t]["fp"], exact[t]["fn"]),
                   "lenient": _prf(lenient[t]["tp"], lenient[t]["fp"], lenient[t]["fn"]),
                   "false_alarm": round(false_alarm[t] / without[t], 4) if without[t] else 0.0,
                   "roles": {r: {**_prf(c["tp"], c["fp"], c["fn"]), "exact_tp": c["exact"]}
                             for (tt, r), c in sorted(roles.items()) if tt == t}}
               for t in types}
    return {"documents": len(records), "seconds": round(seconds, 1), "traditional": traditional,
            "all": {"detection": total(det, types), "exact": total(exact, types), "lenient": total(lenient, types)},
            "financial11": {"detection": total(det, fin), "exact": total(exact, fin), "lenient": total(lenient, fin)},
            "negatives": negatives, "negatives_with_event": round(neg_hit / negatives, 4) if negatives else 0.0,
            "by_type": by_type, "examples": dict(samples)}


def print_report(rep: dict[str, Any]) -> None:
    print(f"documents: {rep['documents']} ({'traditional' if rep['traditional'] else 'simplified'}), "
          f"{rep['seconds']} s")
    for name in ("all", "financial11"):
        d = rep[name]
        print(f"{name:<12} detection F1 {d['detection']['f1']:.3f} (P {d['detection']['precision']:.3f} "
              f"R {d['detection']['recall']:.3f})  arguments lenient F1 {d['lenient']['f1']:.3f} "
              f"(P {d['lenient']['precision']:.3f} R {d['lenient']['recall']:.3f})  exact F1 "
              f"{d['exact']['f1']:.3f} (P {d['exact']['precision']:.3f} R {d['exact']['recall']:.3f})")
    print(f"negative documents with a predicted event: {rep['negatives_with_event']:.3f} of {rep['negatives']}")
    print(f"\n{'type':<17}{'det P':>7}{'det R':>7}{'det F1':>7}{'len F1':>8}{'exa F1':>8}{'false':>7}")
    for t, d in rep["by_type"].items():
        print(f"{t:<17}{d['detection']['precision']:>7.3f}{d['detection']['recall']:>7.3f}"
              f"{d['detection']['f1']:>7.3f}{d['lenient']['f1']:>8.3f}{d['exact']['f1']:>8.3f}"
              f"{d['false_alarm']:>7.3f}")
        for r, x in d["roles"].items():
            print(f"    {r:<16} lenient P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f} "
                  f"(tp {x['tp']} fp {x['fp']} fn {x['fn']}, exact tp {x['exact_tp']})")
    for k, xs in rep["examples"].items():
        print(f"\n{k}:")
        for x in xs:
            print(f"    {x}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--traditional", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--types", help="comma-separated types (default: all thirteen)")
    ap.add_argument("--examples", type=int, default=0, help="show N differing documents per role")
    args = ap.parse_args(argv)
    if not args.bench.is_file():
        print(f"bench_events_fin: {args.bench} not found", file=sys.stderr)
        return 2
    types = tuple(args.types.split(",")) if args.types else TYPES
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        print(f"bench_events_fin: unknown types {unknown}", file=sys.stderr)
        return 2
    rep = run(load(args.bench, args.limit), args.traditional, args.examples, types)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        print_report(rep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
