"""Quick money score on the sample gold document (no CLI, no records: analyse + find_money).

    python tools/score_money_quick.py [--text raw/000_9172d1ec0378535b.txt]
                                      [--gold tests/gold/sample/dates_money.jsonl]

Overlap match (one-to-one, in order): a prediction matches a gold money record whose span it
overlaps. Prints P/R/F1, exact-span count, per-field accuracy on matched pairs (currency, min,
max, amount, mod; "values" = all five equal), then the misses, spurious ones and value errors.
Gold records marked "optional" neither reward nor penalise a match. Exit status 0 always.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.money import find_money  # noqa: E402
from extract.pipeline import analyse  # noqa: E402

FIELDS = ("currency", "min", "max", "amount", "mod")


def predict(text: str, doc_id: str, published: str | None) -> list[dict]:
    doc, converted = analyse(text, doc_id, published)
    out = []
    for m in find_money(doc):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"start": start, "end": end, "text": text[start:end], "rule": m.rule, **m.values})
    return out


def score(gold: list[dict], pred: list[dict]) -> dict:
    used: set[int] = set()
    pairs, misses = [], []
    for g in sorted(gold, key=lambda r: r["start"]):
        hit = next((i for i, p in enumerate(pred)
                    if i not in used and p["start"] < g["end"] and g["start"] < p["end"]), None)
        if hit is None:
            if not g.get("optional"):
                misses.append(g)
            continue
        used.add(hit)
        if not g.get("optional"):
            pairs.append((g, pred[hit]))
    spurious = [p for i, p in enumerate(pred) if i not in used]
    tp = len(pairs)
    p_ = tp / (tp + len(spurious)) if tp + len(spurious) else 1.0
    r_ = tp / (tp + len(misses)) if tp + len(misses) else 1.0
    f1 = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    acc = {f: sum(g[f] == p[f] for g, p in pairs) / tp if tp else 1.0 for f in FIELDS}
    acc["values"] = sum(all(g[f] == p[f] for f in FIELDS) for g, p in pairs) / tp if tp else 1.0
    exact = sum(g["start"] == p["start"] and g["end"] == p["end"] for g, p in pairs)
    return {"precision": p_, "recall": r_, "f1": f1, "tp": tp, "exact_spans": exact, "accuracy": acc,
            "pairs": pairs, "misses": misses, "spurious": spurious}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", default=str(ROOT / "raw" / "000_9172d1ec0378535b.txt"))
    ap.add_argument("--gold", default=str(ROOT / "tests" / "gold" / "sample" / "dates_money.jsonl"))
    args = ap.parse_args(argv)
    path = Path(args.text)
    text = path.read_text(encoding="utf-8-sig")
    meta = path.with_name(path.stem + ".meta.json")
    published = json.loads(meta.read_text(encoding="utf-8")).get("published") if meta.exists() else None
    gold = [r for r in map(json.loads, Path(args.gold).read_text(encoding="utf-8").splitlines())
            if r.get("type") == "money"]
    s = score(gold, predict(text, path.stem, published))
    print(f"money on {path.name}: gold {len(gold)}  matched {s['tp']}  exact spans {s['exact_spans']}")
    print(f"overlap P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    print("accuracy on matched: " + "  ".join(f"{k} {v:.3f}" for k, v in s["accuracy"].items()))
    for g in s["misses"]:
        print(f"  MISS     {g['start']}-{g['end']} {g['text']}")
    for p in s["spurious"]:
        print(f"  SPURIOUS {p['start']}-{p['end']} {p['text']} ({p['rule']})")
    for g, p in s["pairs"]:
        if (g["start"], g["end"]) != (p["start"], p["end"]):
            print(f"  SPAN     gold {g['text']!r} predicted {p['text']!r}")
        bad = [f"{f}: gold {g[f]!r} predicted {p[f]!r}" for f in FIELDS if g[f] != p[f]]
        if bad:
            print(f"  VALUE    {g['text']}: " + "; ".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
