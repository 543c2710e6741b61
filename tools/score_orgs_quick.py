"""Quick organisation scorer for the sample gold: overlap and exact P/R/F1, pairwise
coreference F1 (gold entities = same canonical), type accuracy, misses and spurious ones.

    python tools/score_orgs_quick.py [--gold tests/gold/sample/orgs.jsonl] [--text raw/....txt]
"""
from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.orgs import find_organisations  # noqa: E402


def analyse(text: str):
    try:
        from extract.pipeline import analyse as pipeline_analyse
        return pipeline_analyse(text)
    except ImportError:   # the pipeline's other stages may not exist yet on a work tree
        from extract.analysis import AnalysedText
        from extract.convert import convert
        from extract.segment import segment, split_sentences
        conv = convert(text)
        return AnalysedText("doc", conv.analysis, conv.simplified, split_sentences(conv.analysis),
                            segment(conv.analysis)), conv


def predict(text: str) -> list[dict]:
    analysed, conv = analyse(text)
    out = []
    for m in find_organisations(analysed):
        s, e = conv.offsets.to_original(m.start, m.end)
        out.append({"start": s, "end": e, "text": text[s:e], "rule": m.rule, **m.values})
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(gold: list[dict], pred: list[dict], exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), exact offsets or any overlap (largest first)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact:
                if g["start"] == p["start"] and g["end"] == p["end"]:
                    pairs.append((0, gi, pi))
            else:
                ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
                if ov > 0:
                    pairs.append((-ov, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score(gold_all: list[dict], pred: list[dict]) -> dict:
    result = {}
    for mode in ("exact", "overlap"):
        pairs = match(gold_all, pred, exact=mode == "exact")
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        tp = sum(1 for g, _ in pairs if not gold_all[g].get("optional"))
        set_aside = {p for g, p in pairs if gold_all[g].get("optional")}
        fp = sum(1 for i in range(len(pred)) if i not in matched_p and i not in set_aside)
        fn = sum(1 for i, g in enumerate(gold_all) if i not in matched_g and not g.get("optional"))
        result[mode] = (tp, fp, fn, *prf(tp, fp, fn))
        if mode == "overlap":
            real = [(g, p) for g, p in pairs if not gold_all[g].get("optional")]
            gold_pairs = {(a, b) for (a, _), (b, _) in combinations(real, 2)
                          if gold_all[a]["canonical"] == gold_all[b]["canonical"]}
            pred_pairs = {(a, b) for (a, pa), (b, pb) in combinations(real, 2)
                          if pred[pa]["canonical"] == pred[pb]["canonical"]}
            both = len(gold_pairs & pred_pairs)
            result["coref"] = (both, len(pred_pairs) - both, len(gold_pairs) - both,
                               *prf(both, len(pred_pairs) - both, len(gold_pairs) - both))
            result["type"] = (sum(gold_all[g]["org_type"] == pred[p]["org_type"] for g, p in real), len(real))
            result["canonical"] = (sum(gold_all[g]["canonical"] == pred[p]["canonical"] for g, p in real), len(real))
            result["missed"] = [gold_all[i] for i in range(len(gold_all))
                                if i not in matched_g and not gold_all[i].get("optional")]
            result["spurious"] = [pred[i] for i in range(len(pred)) if i not in matched_p and i not in set_aside]
            result["wrong_type"] = [(gold_all[g], pred[p]) for g, p in real
                                    if gold_all[g]["org_type"] != pred[p]["org_type"]]
            result["coref_errors"] = sorted(
                {(gold_all[g]["canonical"], pred[p]["canonical"]) for g, p in real
                 if any((gold_all[g]["canonical"] == gold_all[g2]["canonical"]) != (pred[p]["canonical"] == pred[p2]["canonical"])
                        for g2, p2 in real)})
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "tests/gold/sample/orgs.jsonl"))
    ap.add_argument("--text", default=str(ROOT / "raw/000_9172d1ec0378535b.txt"))
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args(argv)
    text = Path(args.text).read_text(encoding="utf-8-sig")
    gold = [json.loads(l) for l in Path(args.gold).read_text(encoding="utf-8").splitlines() if l.strip()]
    gold = [g for g in gold if g.get("type", "organisation") == "organisation"]
    pred = predict(text)
    r = score(gold, pred)
    for mode in ("exact", "overlap", "coref"):
        tp, fp, fn, p, rc, f = r[mode]
        print(f"{mode:<8} P {p:.3f}  R {rc:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})")
    print(f"type accuracy {r['type'][0] / max(r['type'][1], 1):.3f} ({r['type'][0]}/{r['type'][1]}); "
          f"canonical string accuracy {r['canonical'][0] / max(r['canonical'][1], 1):.3f}")
    if not args.quiet:
        print("\nmissed:")
        for g in r["missed"]:
            print(f"  {g['start']:>5} {g['text']}  ({g['canonical']}, {g['org_type']})")
        print("spurious:")
        for p in r["spurious"]:
            print(f"  {p['start']:>5} {p['text']}  ({p['canonical']}, {p['org_type']}, {p['rule']})")
        print("wrong type:")
        for g, p in r["wrong_type"]:
            print(f"  {g['start']:>5} {g['text']}  gold {g['org_type']}, predicted {p['org_type']}")
        print("coreference disagreements (gold canonical, predicted canonical):")
        for a, b in r["coref_errors"]:
            print(f"  {a} / {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
