"""Quick score of the date extractor against a gold document.

    python tools/score_dates_quick.py                      # the sample (raw/000_9172d1ec0378535b.txt)
    python tools/score_dates_quick.py --all                # every document in tests/gold/manifest.json
    python tools/score_dates_quick.py TEXT GOLD.jsonl --published 2019

Runs analyse + find_dates, maps offsets back with converted.offsets.to_original, and reports
overlap-match precision/recall/F1 (one-to-one, any shared character), exact-span matches, and
earliest/latest accuracy on matched spans. Misses, spurious predictions and wrong values are
listed. Gold records marked ``optional`` neither reward nor penalise.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.dates import find_dates  # noqa: E402
from extract.pipeline import analyse  # noqa: E402

SAMPLE = (ROOT / "raw" / "000_9172d1ec0378535b.txt", ROOT / "tests" / "gold" / "sample" / "dates_money.jsonl", "2019")


def predict(text: str, published: str | None) -> list[dict]:
    analysed, converted = analyse(text, "doc", published)
    out = []
    for m in find_dates(analysed):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"start": start, "end": end, "text": text[start:end], "rule": m.rule, **m.values})
    return out


def score(text: str, gold: list[dict], published: str | None, verbose: bool = True) -> dict:
    pred = predict(text, published)
    gold = [g for g in gold if g.get("type") == "date"]
    used: set[int] = set()
    pairs: list[tuple[dict, dict]] = []
    missed: list[dict] = []
    optional_hits: set[int] = set()
    for g in sorted(gold, key=lambda r: r["start"]):
        best = None
        for i, p in enumerate(pred):
            if i in used or p["end"] <= g["start"] or p["start"] >= g["end"]:
                continue
            if best is None or (p["start"], p["end"]) == (g["start"], g["end"]):
                best = i
        if best is None:
            if not g.get("optional"):
                missed.append(g)
            continue
        used.add(best)
        if g.get("optional"):
            optional_hits.add(best)
        else:
            pairs.append((g, pred[best]))
    spurious = [p for i, p in enumerate(pred) if i not in used]
    tp, fp, fn = len(pairs), len(spurious), len(missed)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for g, p in pairs if (g["start"], g["end"]) == (p["start"], p["end"]))
    wrong = [(g, p) for g, p in pairs if (g["earliest"], g["latest"]) != (p["earliest"], p["latest"])]
    right = tp - len(wrong)
    result = {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4),
              "f1": round(f1, 4), "exact_span": exact, "value_right": right,
              "value_accuracy": round(right / tp, 4) if tp else 1.0}
    if verbose:
        print(json.dumps(result, ensure_ascii=False))
        for g in missed:
            print(f"  MISSED   {g['start']:>6} {g['text']!r} value={g['value']}")
        for p in spurious:
            print(f"  SPURIOUS {p['start']:>6} {p['text']!r} value={p['value']} rule={p['rule']}")
        for g, p in wrong:
            print(f"  VALUE    {g['start']:>6} {g['text']!r}: gold {g['earliest']}..{g['latest']} ({g['value']}),"
                  f" got {p['earliest']}..{p['latest']} ({p['value']}) for {p['text']!r}")
        for g, p in pairs:
            if (g["start"], g["end"]) != (p["start"], p["end"]):
                print(f"  SPAN     {g['start']:>6} gold {g['text']!r} got {p['text']!r}")
            elif (g.get("mod"), g.get("granularity"), g.get("value")) != (p["mod"], p["granularity"], p["value"]):
                print(f"  FIELDS   {g['start']:>6} {g['text']!r}: gold value={g.get('value')} mod={g.get('mod')} "
                      f"gran={g.get('granularity')}; got value={p['value']} mod={p['mod']} gran={p['granularity']}")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="?", help="document text file (default: the sample)")
    ap.add_argument("gold", nargs="?", help="gold JSONL")
    ap.add_argument("--published", help="YYYY[-MM[-DD]] of the document")
    ap.add_argument("--all", action="store_true", help="score every document of tests/gold/manifest.json")
    args = ap.parse_args(argv)
    if args.all:
        for entry in json.loads((ROOT / "tests" / "gold" / "manifest.json").read_text(encoding="utf-8")):
            print(f"== {entry['doc_id']}")
            gold = [json.loads(line) for g in entry["gold"]
                    for line in (ROOT / g).read_text(encoding="utf-8").splitlines() if line.strip()]
            text = (ROOT / entry["text"]).read_text(encoding="utf-8-sig")
            score(text, gold, entry.get("published"))
        return 0
    text_path, gold_path, published = SAMPLE
    if args.text:
        text_path, gold_path, published = Path(args.text), Path(args.gold), args.published
    text = text_path.read_text(encoding="utf-8-sig")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    score(text, gold, published)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
