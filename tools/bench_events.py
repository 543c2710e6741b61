"""Event benchmark on DuEE 1.0 sentences (../shared/bench/events.jsonl): argument precision,
recall and F1 the DuEE way — one item per (event type, role, argument span), a prediction matching
a gold item of the same type and role whose span it overlaps (one-to-one) — plus the main classes
of failure.

    python tools/bench_events.py [--bench PATH] [--limit N] [--traditional] [--json] [--examples N]

Every sentence is one document run through the real pipeline stages (analyse, dates, money,
organisations, events; ``published`` unknown). Sentences whose DuEE events are of other types
(裁员, 召回, 上市…) are negatives: any argument predicted there is a false positive.

Type mapping: 财经/交易-融资 → funding, 财经/交易-出售/收购 → acquisition, 产品行为-发布 →
product_launch, 产品行为-获奖 → award, 竞赛行为-夺冠 → award (reported apart as 夺冠, since its
roles are a champion and a contest rather than a prize).

Role mapping: 融资方 → investee, 领投方 → lead_investor, 跟投方 → investor, 融资轮次 → round,
融资金额 → amount, 收购方 → acquirer, 出售价格 → price, 发布方 → org, 发布产品 → product, 获奖人 →
winner, 奖项 → award, 颁奖机构 → organiser, 冠军 → winner, 夺冠赛事 → award, 时间 → the event's
``date`` (the span of its date mention).

Decision on 交易物/出售方: our ``target`` is the thing acquired. DuEE labels the acquired company
as 交易物 in some sentences and as 出售方 in others (IBM收购红帽公司: 出售方=红帽公司), and when an
event has both, 交易物 is the asset and 出售方 its seller (向一位自然人收购…股权). So 交易物 →
target always, and 出售方 → target only in an event without a 交易物 (otherwise the seller is not
scored: we have no seller role).

Our ``investor`` has no DuEE counterpart beyond 跟投方 (DuEE names an unqualified investor 领投方
or 跟投方 by context), so ``investor`` is scored as 跟投方 and ``lead_investor`` as 领投方.
``valuation`` and ``founding``/``partnership`` events have no DuEE counterpart and are not scored.
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

from extract.scoring import _greedy_pairs  # noqa: E402 - the scorer's one-to-one matching

DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "events.jsonl"

TYPE_MAP = {
    "财经/交易-融资": "融资",
    "财经/交易-出售/收购": "收购",
    "产品行为-发布": "发布",
    "产品行为-获奖": "获奖",
    "竞赛行为-夺冠": "夺冠",
}
OUR_TYPE = {"融资": "funding", "收购": "acquisition", "发布": "product_launch", "获奖": "award", "夺冠": "award"}
ROLE_MAP = {
    "融资方": "investee", "领投方": "lead_investor", "跟投方": "investor", "融资轮次": "round", "融资金额": "amount",
    "收购方": "acquirer", "交易物": "target", "出售价格": "price",
    "发布方": "org", "发布产品": "product",
    "获奖人": "winner", "奖项": "award", "颁奖机构": "organiser",
    "冠军": "winner", "夺冠赛事": "award",
    "时间": "date",
}
# which of our roles each bench type scores
SCORED_ROLES = {
    "融资": {"investee", "lead_investor", "investor", "round", "amount", "date"},
    "收购": {"acquirer", "target", "price", "date"},
    "发布": {"org", "product", "date"},
    "获奖": {"winner", "award", "organiser", "date"},
    "夺冠": {"winner", "award", "date"},
}
BENCH_TYPES = tuple(SCORED_ROLES)


def load(path: Path, limit: int | None = None) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def gold_items(rec: dict) -> list[tuple[str, str, int, int, str]]:
    """(bench type, our role, start, end, text) for every scored gold argument."""
    out = []
    for ev in rec["events"]:
        bt = TYPE_MAP.get(ev["type"])
        if bt is None:
            continue
        has_object = any(a["role"] == "交易物" for a in ev["arguments"])
        for a in ev["arguments"]:
            role = a["role"]
            if role == "出售方" and bt == "收购" and not has_object:
                role = "交易物"
            ours = ROLE_MAP.get(role)
            if ours is None or ours not in SCORED_ROLES[bt]:
                continue
            out.append((bt, ours, a["start"], a["start"] + len(a["text"]), a["text"]))
    return out


def gold_types(rec: dict) -> set[str]:
    return {TYPE_MAP[e["type"]] for e in rec["events"] if e["type"] in TYPE_MAP}


def _to_traditional(text: str) -> str | None:
    import opencc
    conv = _to_traditional.__dict__.setdefault("cc", opencc.OpenCC("s2t"))
    out = conv.convert(text)
    return out if len(out) == len(text) else None


def predict(text: str) -> list[dict]:
    """Our events for one sentence (offsets into ``text``), through the pipeline's stages."""
    from extract import dates, events, money, orgs
    from extract.pipeline import analyse

    analysed, conv = analyse(text, "bench")
    d = dates.find_dates(analysed)
    m = money.find_money(analysed)
    o = orgs.find_organisations(analysed)
    out = []
    for ev in events.find_events(analysed, d, m, o):
        args = []
        for a in ev.arguments:
            s, e = conv.offsets.to_original(a.start, a.end)
            args.append((a.role, s, e))
        if ev.date is not None:
            s, e = conv.offsets.to_original(ev.date.start, ev.date.end)
            args.append(("date", s, e))
        t0, t1 = conv.offsets.to_original(ev.trigger_start, ev.trigger_end)
        out.append({"type": ev.event_type, "trigger": (t0, t1), "args": args, "rule": ev.rule,
                    "status": ev.status})
    return out


def pred_items(pred: list[dict]) -> list[tuple[str, str, int, int]]:
    """(bench type, role, start, end): our events as bench items (award events count for 获奖 and 夺冠)."""
    out = []
    for ev in pred:
        for bt in BENCH_TYPES:
            if OUR_TYPE[bt] != ev["type"]:
                continue
            for role, s, e in ev["args"]:
                if role in SCORED_ROLES[bt]:
                    out.append((bt, role, s, e))
    return out


def _match(gold: list[tuple], pred: list[tuple]) -> list[tuple[int, int]]:
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g[0] == p[0] and g[1] == p[1]:
                ov = min(g[3], p[3]) - max(g[2], p[2])
                if ov > 0:
                    cands.append((ov, i, j))
    return _greedy_pairs(cands)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def run(records: list[dict], traditional: bool = False, examples: int = 0) -> dict[str, Any]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)   # (bench type, role) → tp/fp/fn
    sentence_types: dict[str, Counter] = defaultdict(Counter)      # event detection per sentence
    event_counts: dict[str, Counter] = defaultdict(Counter)        # events matched by trigger
    failures: Counter = Counter()
    samples: dict[str, list[str]] = defaultdict(list)
    skipped = 0
    started = time.perf_counter()
    for rec in records:
        text = rec["text"]
        if traditional:
            t = _to_traditional(text)
            if t is None:
                skipped += 1
                continue
            text = t
        gold = gold_items(rec)
        pred_events = predict(text)
        pred = pred_items(pred_events)
        pairs = _match(gold, pred)
        mg = {i for i, _ in pairs}
        mp = {j for _, j in pairs}
        for i, _ in pairs:
            counts[(gold[i][0], gold[i][1])]["tp"] += 1
        _count_events(rec, pred_events, event_counts)
        g_types = gold_types(rec)
        p_types = {bt for bt in BENCH_TYPES if any(ev["type"] == OUR_TYPE[bt] for ev in pred_events)}
        for bt in BENCH_TYPES:
            sentence_types[bt]["tp"] += bt in g_types and bt in p_types
            sentence_types[bt]["fp"] += bt not in g_types and bt in p_types and \
                not (bt in ("获奖", "夺冠") and ({"获奖", "夺冠"} & g_types))
            sentence_types[bt]["fn"] += bt in g_types and bt not in p_types
        for i, g in enumerate(gold):
            if i in mg:
                continue
            counts[(g[0], g[1])]["fn"] += 1
            cls = _miss_class(g, gold, pred, pred_events)
            failures[f"missed {g[0]}/{g[1]}: {cls}"] += 1
            if len(samples[cls]) < examples:
                samples[cls].append(f"[{g[0]}/{g[1]}={g[4]}] {text[:120]}")
        for j, p in enumerate(pred):
            if j in mp:
                continue
            # an award argument is scored under both 获奖 and 夺冠; only the sentence's own kind counts
            if p[0] in ("获奖", "夺冠") and p[0] not in g_types:
                if ({"获奖", "夺冠"} & g_types) or p[0] == "夺冠":
                    continue
            counts[(p[0], p[1])]["fp"] += 1
            cls = _spurious_class(p, gold, g_types)
            failures[f"spurious {p[0]}/{p[1]}: {cls}"] += 1
            if len(samples[cls]) < examples:
                samples[cls].append(f"[{p[0]}/{p[1]}={text[p[2]:p[3]]}] {text[:120]}")
    seconds = time.perf_counter() - started
    by_type: dict[str, Any] = {}
    for bt in BENCH_TYPES:
        tp = sum(c["tp"] for (t, _), c in counts.items() if t == bt)
        fp = sum(c["fp"] for (t, _), c in counts.items() if t == bt)
        fn = sum(c["fn"] for (t, _), c in counts.items() if t == bt)
        by_type[bt] = {"arguments": _prf(tp, fp, fn),
                       "roles": {r: _prf(c["tp"], c["fp"], c["fn"]) for (t, r), c in sorted(counts.items()) if t == bt},
                       "sentences": _prf(sentence_types[bt]["tp"], sentence_types[bt]["fp"], sentence_types[bt]["fn"]),
                       "events": _prf(event_counts[bt]["tp"], event_counts[bt]["fp"], event_counts[bt]["fn"])}
    main4 = [bt for bt in ("融资", "收购", "发布", "获奖")]
    tp = sum(by_type[bt]["arguments"]["tp"] for bt in main4)
    fp = sum(by_type[bt]["arguments"]["fp"] for bt in main4)
    fn = sum(by_type[bt]["arguments"]["fn"] for bt in main4)
    all_args = _prf(*(sum(by_type[bt]["arguments"][k] for bt in BENCH_TYPES) for k in ("tp", "fp", "fn")))
    all_events = _prf(*(sum(event_counts[bt][k] for bt in BENCH_TYPES) for k in ("tp", "fp", "fn")))
    return {"sentences": len(records) - skipped, "skipped": skipped, "seconds": round(seconds, 1),
            "by_type": by_type, "main4": _prf(tp, fp, fn), "all_arguments": all_args, "all_events": all_events,
            "failures": failures.most_common(), "examples": dict(samples)}


def _count_events(rec: dict, pred_events: list[dict], counts: dict[str, Counter]) -> None:
    """Events the DuEE way: a predicted event matches a gold event of its type whose trigger it
    overlaps (one-to-one). An award event may match a 获奖 or a 夺冠 event; an unmatched award
    event counts as a false 获奖 unless the sentence has a 夺冠 event (and the other way round)."""
    gold = [(TYPE_MAP[e["type"]], e["trigger"]["start"], e["trigger"]["start"] + len(e["trigger"]["text"]))
            for e in rec["events"] if e["type"] in TYPE_MAP]
    cands = []
    for i, (bt, s, e) in enumerate(gold):
        for j, p in enumerate(pred_events):
            if p["type"] == OUR_TYPE[bt]:
                ov = min(e, p["trigger"][1]) - max(s, p["trigger"][0])
                if ov > 0:
                    cands.append((ov, i, j))
    pairs = _greedy_pairs(cands)
    mg = {i for i, _ in pairs}
    mp = {j for _, j in pairs}
    for i, (bt, _, _) in enumerate(gold):
        counts[bt]["tp" if i in mg else "fn"] += 1
    g_types = {g[0] for g in gold}
    for j, p in enumerate(pred_events):
        if j in mp:
            continue
        for bt in BENCH_TYPES:
            if OUR_TYPE[bt] != p["type"]:
                continue
            if bt == "夺冠" and "夺冠" not in g_types:
                continue                    # an unmatched award is counted once, as 获奖 …
            if bt == "获奖" and "夺冠" in g_types:
                continue                    # … or as 夺冠 in a sentence that has one
            counts[bt]["fp"] += 1


def _miss_class(g: tuple, gold: list[tuple], pred: list[tuple], pred_events: list[dict]) -> str:
    bt, role, s, e = g[0], g[1], g[2], g[3]
    if not any(ev["type"] == OUR_TYPE[bt] for ev in pred_events):
        return "no event of this type found (trigger missed or filtered)"
    same_span = [p for p in pred if p[0] == bt and min(p[3], e) > max(p[2], s)]
    if same_span:
        return f"found under another role ({', '.join(sorted({p[1] for p in same_span}))})"
    if role == "date":
        return "event date missing or another date"
    return "event found, argument missing"


def _spurious_class(p: tuple, gold: list[tuple], g_types: set[str]) -> str:
    bt = p[0]
    if bt not in g_types:
        return "event of a type the sentence does not have"
    if any(g[0] == bt and min(g[3], p[3]) > max(g[2], p[2]) for g in gold):
        return "span given another role in the gold"
    if p[1] == "date":
        return "a date the gold does not give"
    return "argument not in the gold (extra or misplaced span)"


# --- DuEE-Fin documents (events_fin.jsonl): document-level figures for funding and acquisition ---

FIN_TYPES = {"企业融资": "funding", "企业收购": "acquisition"}
FIN_ROLES = {
    "funding": {"被投资方": "investee", "融资方": "investee", "投资方": "investor", "领投方": "lead_investor",
                "融资金额": "amount", "融资轮次": "round"},
    "acquisition": {"收购方": "acquirer", "被收购方": "target", "收购标的": "target", "交易物": "target",
                    "交易金额": "price", "出售价格": "price"},
}

def _fin_norm(t: str) -> str:
    return "".join(t.split())


def fin_gold(rec: dict, convert=None) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Our types present in the document and its (type, role, text) tuples (time roles → ``date``)."""
    types, items = set(), set()
    for ev in rec["events"]:
        ours = FIN_TYPES.get(ev["type"])
        if ours is None:
            continue
        types.add(ours)
        for a in ev["arguments"]:
            role = "date" if a["role"].endswith("时间") else FIN_ROLES[ours].get(a["role"])
            if role is None:
                continue
            text = convert(a["text"]) if convert else a["text"]
            items.add((ours, role, _fin_norm(text)))
    return types, items


def fin_predict(text: str) -> list[dict]:
    """Our funding and acquisition events of one document, arguments as texts."""
    out = []
    for ev in predict(text):
        if ev["type"] not in FIN_ROLES:
            continue
        ev["texts"] = [(role, _fin_norm(text[s:e])) for role, s, e in ev["args"]]
        out.append(ev)
    return out


def run_fin(records: list[dict], traditional: bool = False, examples: int = 0) -> dict[str, Any]:
    """Detection over (document, type); argument tuples exact (after removing whitespace) and lenient
    (one text inside the other, one-to-one); false alarms: the share of the documents without an
    event of a type (or of either type) where one is predicted."""
    det = {t: Counter() for t in ("funding", "acquisition", "all")}
    args = {(t, k): Counter() for t in ("funding", "acquisition", "all") for k in ("exact", "lenient")}
    alarm = {t: Counter() for t in ("funding", "acquisition", "either")}
    samples: dict[str, list[str]] = defaultdict(list)
    convert = None
    if traditional:
        import opencc
        convert = opencc.OpenCC("s2t").convert
    started = time.perf_counter()
    for rec in records:
        text = rec["title"] + "\n" + rec["text"]
        if convert:
            text = convert(text)
        g_types, g_items = fin_gold(rec, convert)
        pred = fin_predict(text)
        p_types = {ev["type"] for ev in pred}
        p_items = {(ev["type"], role, t) for ev in pred for role, t in ev["texts"] if t}
        for t in ("funding", "acquisition"):
            for key in (t, "all"):
                det[key]["tp"] += t in g_types and t in p_types
                det[key]["fp"] += t not in g_types and t in p_types
                det[key]["fn"] += t in g_types and t not in p_types
            if t not in g_types:
                alarm[t]["docs"] += 1
                alarm[t]["alarms"] += t in p_types
                if t in p_types and len(samples[f"false {t}"]) < examples:
                    ev = next(e for e in pred if e["type"] == t)
                    samples[f"false {t}"].append(f"{text[max(0, ev['trigger'][0] - 40):ev['trigger'][1] + 30]!r}")
        if not g_types:
            alarm["either"]["docs"] += 1
            alarm["either"]["alarms"] += bool(p_types)
        for t in ("funding", "acquisition"):
            g = sorted(i for i in g_items if i[0] == t)
            p = sorted(i for i in p_items if i[0] == t)
            exact = set(g) & set(p)
            cands = [(min(len(a[2]), len(b[2])), i, j) for i, a in enumerate(g) for j, b in enumerate(p)
                     if a[1] == b[1] and (a[2] in b[2] or b[2] in a[2])]
            lenient = _greedy_pairs(cands)
            for key in (t, "all"):
                for kind, n in (("exact", len(exact)), ("lenient", len(lenient))):
                    args[(key, kind)]["tp"] += n
                    args[(key, kind)]["fp"] += len(p) - n
                    args[(key, kind)]["fn"] += len(g) - n
            if examples:
                got = {g[i] for i, _ in lenient}
                for item in g:
                    if item not in got and len(samples[f"missed {t}/{item[1]}"]) < examples:
                        samples[f"missed {t}/{item[1]}"].append(f"{item[2]}  | {rec['title'][:60]}")
                hit = {p[j] for _, j in lenient}
                for item in p:
                    if item not in hit and len(samples[f"spurious {t}/{item[1]}"]) < examples:
                        samples[f"spurious {t}/{item[1]}"].append(f"{item[2]}  | {rec['title'][:60]}")
    seconds = time.perf_counter() - started
    return {
        "documents": len(records), "seconds": round(seconds, 1),
        "detection": {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in det.items()},
        "arguments": {f"{t} {k}": _prf(c["tp"], c["fp"], c["fn"]) for (t, k), c in args.items()},
        "false_alarms": {t: {"documents": c["docs"], "with_event": c["alarms"],
                             "share": round(c["alarms"] / c["docs"], 4) if c["docs"] else 0.0}
                         for t, c in alarm.items()},
        "examples": dict(samples),
    }


def print_fin_report(rep: dict[str, Any]) -> None:
    print(f"documents: {rep['documents']}, {rep['seconds']} s")
    for name, table in (("detection (document × type)", rep["detection"]), ("argument tuples", rep["arguments"])):
        print(f"\n{name}:")
        for k, r in table.items():
            print(f"    {k:<20} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
                  f"(tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    print("\nfalse alarms (documents without the event where one is predicted):")
    for k, r in rep["false_alarms"].items():
        print(f"    {k:<12} {r['with_event']}/{r['documents']} = {r['share']:.3f}")
    for cls, xs in rep["examples"].items():
        print(f"\n{cls}:")
        for x in xs:
            print(f"    {x}")


def print_report(rep: dict[str, Any]) -> None:
    print(f"sentences: {rep['sentences']} (skipped {rep['skipped']}), {rep['seconds']} s")
    for name in ("all_events", "all_arguments"):
        m = rep[name]
        print(f"{name.replace('_', ' ')} (融资 收购 发布 获奖 夺冠): P {m['precision']:.3f}  R {m['recall']:.3f}  "
              f"F1 {m['f1']:.3f}  (tp {m['tp']} fp {m['fp']} fn {m['fn']})")
    m = rep["main4"]
    print(f"\nall four (融资 收购 发布 获奖): P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
          f"  (tp {m['tp']} fp {m['fp']} fn {m['fn']})")
    for bt, d in rep["by_type"].items():
        a, s, ev = d["arguments"], d["sentences"], d["events"]
        print(f"\n{bt}: events P {ev['precision']:.3f} R {ev['recall']:.3f} F1 {ev['f1']:.3f} "
              f"(tp {ev['tp']} fp {ev['fp']} fn {ev['fn']})")
        print(f"{bt}: arguments P {a['precision']:.3f} R {a['recall']:.3f} F1 {a['f1']:.3f} "
              f"(tp {a['tp']} fp {a['fp']} fn {a['fn']});  sentences with the event: "
              f"P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
        for role, r in d["roles"].items():
            print(f"    {role:<14} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
                  f"(tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    print("\nfailure classes:")
    for name, n in rep["failures"][:40]:
        print(f"  {n:>5}  {name}")
    for cls, xs in rep["examples"].items():
        print(f"\n{cls}:")
        for x in xs:
            print(f"    {x}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH,
                    help="a DuEE sentence file (events.jsonl, events_all.jsonl) or, with --fin, DuEE-Fin")
    ap.add_argument("--fin", action="store_true",
                    help="score DuEE-Fin documents (default file events_fin.jsonl): funding and acquisition")
    ap.add_argument("--limit", type=int, help="only the first N sentences")
    ap.add_argument("--traditional", action="store_true", help="convert each sentence with OpenCC s2t first")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=0, help="show N example sentences per failure class")
    args = ap.parse_args(argv)
    if args.fin and args.bench == DEFAULT_BENCH:
        args.bench = DEFAULT_BENCH.with_name("events_fin.jsonl")
    if not args.bench.is_file():
        print(f"bench_events: {args.bench} not found", file=sys.stderr)
        return 2
    if args.fin:
        rep = run_fin(load(args.bench, args.limit), args.traditional, args.examples)
    else:
        rep = run(load(args.bench, args.limit), args.traditional, args.examples)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    elif args.fin:
        print_fin_report(rep)
    else:
        print_report(rep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
