"""Score the event extractor on the gold documents, quickly.

    python tools/score_events_quick.py [--mode gold|full] [--doc ID] [--show] [--json]

``--mode gold`` (default) feeds the GOLD date/money/organisation spans to
``extract.events.find_events`` as Mention objects, so the event logic is measured on its own,
independently of the other extractors. Gold offsets are into the original text; OpenCC t2s keeps
the length of these documents, which is checked (``converted.offsets`` has no blocks) — a
document whose conversion changes length has its gold spans mapped through the inverse of the
offset map, and spans inside a changed stretch are dropped with a warning.

``--mode full`` runs the whole pipeline (``extract.pipeline.process_document``: the real
date/money/organisation extractors, then events) and scores its records.

Both modes score with ``extract.scoring`` (events match on type + overlapping evidence sentence +
overlapping trigger or a shared argument span; arguments by role and overlapping span; event
date by overlapping span) and print event F1, argument F1 and event-date accuracy overall, per
document and per event type. ``--show`` lists missed and spurious events and, for matched events, the arguments and dates
that differ.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.analysis import AnalysedText, Mention, PartialDate  # noqa: E402
from extract.convert import convert  # noqa: E402
from extract.scoring import PRF, Ratio, load_gold, load_manifest, score_events  # noqa: E402
from extract.segment import segment, split_sentences  # noqa: E402

MANIFEST = ROOT / "tests" / "gold" / "manifest.json"
from extract.events.registry import EVENT_TYPES  # noqa: E402


def analyse(text: str, doc_id: str, published: str | None):
    """extract.pipeline.analyse when the pipeline imports, else the same steps done here."""
    try:
        from extract.pipeline import analyse as pipeline_analyse
    except Exception:  # noqa: BLE001 - another extractor module may not exist yet
        pipeline_analyse = None
    if pipeline_analyse is not None:
        return pipeline_analyse(text, doc_id, published)
    converted = convert(text)
    analysed = AnalysedText(doc_id=doc_id, text=converted.analysis, simplified=converted.simplified,
                            sentences=split_sentences(converted.analysis), tokens=segment(converted.analysis),
                            published=PartialDate.parse(published) if published else None)
    return analysed, converted


class _ToAnalysis:
    """Original offsets → analysis offsets (the inverse of converted.offsets)."""

    def __init__(self, converted):
        self.blocks = list(converted.offsets.blocks)

    def __call__(self, start: int, end: int) -> tuple[int, int] | None:
        if not self.blocks:
            return start, end
        shift = 0
        for cs, ce, os_, oe in self.blocks:
            if oe <= start:
                shift = ce - oe
                continue
            if os_ < end:
                return None          # inside a stretch that changed length
            break
        return start + shift, end + shift


def gold_mentions(records: list[dict], to_analysis) -> tuple[list[Mention], list[Mention], list[Mention], dict]:
    """Mention objects built from the gold date/money/organisation records (optional ones too)."""
    dates, money, orgs, by_id = [], [], [], {}
    for r in records:
        if r["type"] not in ("date", "money", "organisation"):
            continue
        span = to_analysis(r["start"], r["end"])
        if span is None:
            print(f"warning: gold {r['type']} {r.get('text')!r} lies in a stretch whose conversion changed length",
                  file=sys.stderr)
            continue
        values = {k: v for k, v in r.items() if k not in ("type", "id", "start", "end", "text", "note", "optional", "anchor")}
        m = Mention(kind=r["type"], start=span[0], end=span[1], rule="gold", values=values)
        by_id[id(m)] = r
        {"date": dates, "money": money, "organisation": orgs}[r["type"]].append(m)
    return dates, money, orgs, by_id


def predict_gold_mode(entry: dict, gold: list[dict]) -> list[dict]:
    from extract.events import find_events

    text = (ROOT / entry["text"]).read_text(encoding="utf-8")
    analysed, converted = analyse(text, entry["doc_id"], entry.get("published"))
    dates, money, orgs, by_id = gold_mentions(gold, _ToAnalysis(converted))
    events = find_events(analysed, dates, money, orgs)
    out: list[dict] = []
    for r in gold:
        if r["type"] in ("date", "money", "organisation"):
            out.append(dict(r))      # the gold mentions stand in for predicted ones
    for n, ev in enumerate(events, start=1):
        t0, t1 = converted.offsets.to_original(ev.trigger_start, ev.trigger_end)
        s0, s1 = converted.offsets.to_original(ev.sentence.start, ev.sentence.end)
        args = []
        for a in ev.arguments:
            a0, a1 = converted.offsets.to_original(a.start, a.end)
            ref = by_id.get(id(a.mention), {}).get("id") if a.mention is not None else None
            args.append({"role": a.role, "text": text[a0:a1], "start": a0, "end": a1, "ref": ref})
        date_id = by_id.get(id(ev.date), {}).get("id") if ev.date is not None else None
        out.append({"type": "event", "id": f"{entry['doc_id']}/event/{n}", "doc_id": entry["doc_id"],
                    "event_type": ev.event_type, "trigger": {"text": text[t0:t1], "start": t0, "end": t1},
                    "arguments": args, "date": date_id, "evidence": {"start": s0, "end": s1},
                    "sentence": ev.sentence.index, "rule": ev.rule, "status": ev.status})
    return out


def predict_full_mode(entry: dict) -> list[dict]:
    from extract.pipeline import process_document
    from extract.reader import InputDocument

    text = (ROOT / entry["text"]).read_text(encoding="utf-8")
    doc = InputDocument(entry["doc_id"], text, entry["text"], entry.get("published"))
    records = process_document(doc)
    if records[0].type != "document":
        raise SystemExit(f"{entry['doc_id']}: {records[0]}")
    return [r.model_dump(mode="json") for r in records[1:]]


def _status_check(gold: list[dict], pred: list[dict]) -> Ratio:
    """Status agreement on events matched by type + overlapping trigger (a rough check)."""
    r = Ratio()
    for g in gold:
        if g["type"] != "event" or g.get("optional"):
            continue
        for p in pred:
            if p["type"] == "event" and p["event_type"] == g["event_type"] and \
                    p["trigger"]["start"] < g["trigger"]["end"] and g["trigger"]["start"] < p["trigger"]["end"]:
                r.total += 1
                r.right += (g.get("status") or "actual") == (p.get("status") or "actual")
                break
    return r


def _diffs(gev: list[dict], pev: list[dict], pred_dates: dict, doc_id: str) -> list[str]:
    """Matched events whose arguments or date differ (same matching as extract.scoring)."""
    from extract import scoring

    cands = sorted(((scoring._event_candidates(g, p), i, j) for i, g in enumerate(gev) for j, p in enumerate(pev)),
                   key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, out = set(), set(), []
    for sc, i, j in cands:
        if sc <= 0 or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        g, p = gev[i], pev[j]
        if g.get("optional"):
            continue
        ga = [dict(start=a["start"], end=a["end"], role=a["role"]) for a in g["arguments"]]
        pa = [dict(start=a["start"], end=a["end"], role=a["role"]) for a in p["arguments"]]
        pairs = scoring._match_roles(ga, pa)
        mg = {a for a, _ in pairs}
        mp = {b for _, b in pairs}
        miss = [f"{a['role']}={a['text']}" for k, a in enumerate(g["arguments"]) if k not in mg]
        extra = [f"{a['role']}={a['text']}" for k, a in enumerate(p["arguments"]) if k not in mp]
        gd = g.get("date")
        pd = pred_dates.get(p.get("date")) if p.get("date") else None
        date_ok = (gd is None and pd is None) or (gd is not None and pd is not None and
                                                  gd["start"] < pd["end"] and pd["start"] < gd["end"])
        if miss or extra or not date_ok:
            line = f"{doc_id}: {g['event_type']} {g['trigger']['text']}@{g['trigger']['start']}"
            if miss:
                line += f"  missing [{', '.join(miss)}]"
            if extra:
                line += f"  extra [{', '.join(extra)}]"
            if not date_ok:
                line += f"  date gold {gd and gd.get('text')!r} pred {pd and pd.get('text')!r}"
            out.append(line)
    return out


def score(mode: str, only: str | None = None, development_only: bool = False) -> dict[str, Any]:
    """``development_only``: leave out the documents the manifest marks ``held_out`` (their
    figures are measured, not developed against; tests/floors*.json guard them)."""
    gold_docs = load_gold(MANIFEST)
    entries = [e for e in load_manifest(MANIFEST) if only in (None, e["doc_id"])
               and not (development_only and e.get("held_out"))]
    report: dict[str, Any] = {"mode": mode, "documents": {}, "by_type": {}}
    total_e, total_a, total_d, total_s = PRF(), PRF(), Ratio(), Ratio()
    by_type: dict[str, dict[str, Any]] = defaultdict(lambda: {"events": PRF(), "arguments": PRF(), "date": Ratio()})
    missed, spurious, diffs = [], [], []
    for entry in entries:
        doc_id = entry["doc_id"]
        gold = gold_docs[doc_id]
        pred = predict_gold_mode(entry, gold) if mode == "gold" else predict_full_mode(entry)
        pred_dates = {r["id"]: r for r in pred if r["type"] == "date"}
        gev = [r for r in gold if r["type"] == "event"]
        pev = [r for r in pred if r["type"] == "event"]
        es = score_events(gev, pev, pred_dates, doc_id)
        total_e.add(es.events)
        total_a.add(es.arguments)
        total_d.add(es.date)
        st = _status_check(gold, pred)
        total_s.add(st)
        missed += es.missed
        spurious += es.spurious
        diffs += _diffs(gev, pev, pred_dates, doc_id)
        for t in EVENT_TYPES:
            ts = score_events([g for g in gev if g["event_type"] == t], [p for p in pev if p["event_type"] == t],
                              pred_dates, doc_id)
            by_type[t]["events"].add(ts.events)
            by_type[t]["arguments"].add(ts.arguments)
            by_type[t]["date"].add(ts.date)
        report["documents"][doc_id] = {"events": es.events.to_dict(), "arguments": es.arguments.to_dict(),
                                       "date_accuracy": es.date.to_dict(), "status": st.to_dict()}
    report["events"] = total_e.to_dict()
    report["arguments"] = total_a.to_dict()
    report["date_accuracy"] = total_d.to_dict()
    report["status_accuracy"] = total_s.to_dict()
    report["by_type"] = {t: {k: v.to_dict() for k, v in d.items()} for t, d in by_type.items()}
    report["missed"] = missed
    report["spurious"] = spurious
    report["argument_or_date_differences"] = diffs
    return report


def _fmt_prf(d: dict) -> str:
    return f"P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  (tp {d['tp']} fp {d['fp']} fn {d['fn']})"


def _fmt_ratio(d: dict) -> str:
    return f"{d['accuracy']:.3f} ({d['right']}/{d['total']})"


def print_report(rep: dict, show: bool) -> None:
    print(f"mode: {rep['mode']}")
    for doc, d in rep["documents"].items():
        print(f"\n{doc}")
        print(f"  events     {_fmt_prf(d['events'])}")
        print(f"  arguments  {_fmt_prf(d['arguments'])}")
        print(f"  date acc   {_fmt_ratio(d['date_accuracy'])}   status acc {_fmt_ratio(d['status'])}")
    print("\nall documents")
    print(f"  events     {_fmt_prf(rep['events'])}")
    print(f"  arguments  {_fmt_prf(rep['arguments'])}")
    print(f"  date acc   {_fmt_ratio(rep['date_accuracy'])}   status acc {_fmt_ratio(rep['status_accuracy'])}")
    print("\nby type (all documents)")
    for t, d in rep["by_type"].items():
        print(f"  {t:<15} events F1 {d['events']['f1']:.3f} (tp {d['events']['tp']} fp {d['events']['fp']} "
              f"fn {d['events']['fn']})   args F1 {d['arguments']['f1']:.3f} (tp {d['arguments']['tp']} "
              f"fp {d['arguments']['fp']} fn {d['arguments']['fn']})   date {_fmt_ratio(d['date'])}")
    if show:
        for label in ("missed", "spurious", "argument_or_date_differences"):
            if rep[label]:
                print(f"\n{label} ({len(rep[label])}):")
                for x in rep[label]:
                    print(f"  {x}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mode", choices=("gold", "full"), default="gold",
                    help="gold: gold date/money/org spans feed find_events; full: the whole pipeline")
    ap.add_argument("--doc", help="only this doc_id")
    ap.add_argument("--show", action="store_true", help="list missed and spurious events")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    rep = score(args.mode, args.doc)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        print_report(rep, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
