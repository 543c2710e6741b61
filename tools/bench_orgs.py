"""Organisation benchmark: precision, recall and F1 (exact and overlap) per source on the shared
bench (MSRA / CLUENER / People's Daily dev sentences), for ``extract.orgs`` and for a plain
baseline of jieba.posseg ``nt`` words, plus the main failure classes.

    python tools/bench_orgs.py [--bench ../shared/bench/orgs.jsonl] [--per-source N] [--traditional]

The corpora's guidelines differ from RECORDS.md (nesting, sports teams, media), so the figures are
for finding classes of failure and for guarding against regressions, not a target to tune to.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.scoring import _greedy_pairs  # noqa: E402 - the scorer's one-to-one matching

DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "orgs.jsonl"


def load(path: Path, per_source: int | None) -> list[dict]:
    """Sentences in file order; with ``per_source`` the first N of each source (deterministic)."""
    out, seen = [], Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if per_source is not None and seen[rec["source"]] >= per_source:
                continue
            seen[rec["source"]] += 1
            out.append(rec)
    return out


def _analyse(text: str):
    try:
        from extract.pipeline import analyse
        return analyse(text)
    except ImportError:   # other stages of the pipeline may be missing on a work tree
        from extract.analysis import AnalysedText
        from extract.convert import convert
        from extract.segment import segment, split_sentences
        conv = convert(text)
        return AnalysedText("bench", conv.analysis, conv.simplified, split_sentences(conv.analysis),
                            segment(conv.analysis)), conv


def ours(text: str) -> list[tuple[int, int, str]]:
    from extract.orgs import find_organisations
    analysed, conv = _analyse(text)
    out = []
    for m in find_organisations(analysed):
        s, e = conv.offsets.to_original(m.start, m.end)
        out.append((s, e, m.rule))
    return out


_posseg = None


def baseline(text: str) -> list[tuple[int, int, str]]:
    """Plain jieba.posseg (default dictionary): every word tagged nt."""
    global _posseg
    if _posseg is None:
        import logging

        import jieba
        import jieba.posseg
        jieba.setLogLevel(logging.WARNING)
        _posseg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    out, pos = [], 0
    for pair in _posseg.cut(text):
        if pair.flag == "nt":
            out.append((pos, pos + len(pair.word), "jieba.nt"))
        pos += len(pair.word)
    return out


def match(gold: list[tuple[int, int]], pred: list[tuple[int, int, str]], exact: bool):
    """One-to-one (gold, pred) pairs: equal spans, or overlapping ones, most overlap first (the
    scorer's matching)."""
    pairs = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe, _) in enumerate(pred):
            if exact:
                if (gs, ge) == (ps, pe):
                    pairs.append((0, gi, pi))
            else:
                ov = min(ge, pe) - max(gs, ps)
                if ov > 0:
                    pairs.append((ov, gi, pi))
    return _greedy_pairs(pairs)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(records: list[dict], traditional: bool = False, with_baseline: bool = True) -> dict:
    """Counts per system and source, and failure classes for our extractor."""
    to_trad = None
    if traditional:
        import opencc
        to_trad = opencc.OpenCC("s2t").convert
    counts = {sys_: defaultdict(lambda: {"exact": [0, 0, 0], "overlap": [0, 0, 0]}) for sys_ in ("ours", "baseline")}
    fails = {"missed_by_label": Counter(), "missed_by_ending": Counter(), "spurious_by_rule": Counter(),
             "spurious_by_ending": Counter(), "boundary": Counter(), "examples": defaultdict(list)}
    skipped = 0
    for rec in records:
        text = rec["text"]
        if to_trad is not None:
            trad = to_trad(text)
            if len(trad) != len(text):
                skipped += 1
                continue
            text = trad
        gold = [(o["start"], o["end"]) for o in rec["orgs"]]
        src = rec["source"]
        for system, fn in (("ours", ours), ("baseline", baseline))[: 2 if with_baseline else 1]:
            pred = fn(text)
            for mode in ("exact", "overlap"):
                pairs = match(gold, pred, mode == "exact")
                c = counts[system][src][mode]
                c[0] += len(pairs)
                c[1] += len(pred) - len(pairs)
                c[2] += len(gold) - len(pairs)
                if system == "ours" and mode == "overlap":
                    mg = {g for g, _ in pairs}
                    mp = {p for _, p in pairs}
                    exact_pairs = {(g, p) for g, p in match(gold, pred, True)}
                    for gi, o in enumerate(rec["orgs"]):
                        if gi not in mg:
                            fails["missed_by_label"][f"{src}:{o['label']}"] += 1
                            fails["missed_by_ending"][o["text"][-1]] += 1
                            fails["examples"]["missed"].append(f"{src} {o['text']}")
                    for pi, (s, e, rule) in enumerate(pred):
                        if pi not in mp:
                            fails["spurious_by_rule"][rule.split(":")[0]] += 1
                            fails["spurious_by_ending"][text[e - 1]] += 1
                            fails["examples"]["spurious"].append(f"{src} {text[s:e]} [{rule.split(':')[0]}]")
                    for gi, pi in pairs:
                        if (gi, pi) in exact_pairs:
                            continue
                        (gs, ge), (ps, pe, _) = gold[gi], pred[pi]
                        kind = ("left+" if ps < gs else "left-" if ps > gs else "") + \
                               ("right+" if pe > ge else "right-" if pe < ge else "")
                        fails["boundary"][kind] += 1
                        fails["examples"]["boundary"].append(f"{src} gold {text[gs:ge]} / ours {text[ps:pe]}")
    return {"counts": counts, "fails": fails, "skipped": skipped}


def summarise(result: dict) -> dict:
    """{system: {source|ALL: {exact|overlap: (P, R, F1)}}}."""
    out: dict = {}
    for system, by_src in result["counts"].items():
        if not by_src:
            continue
        total = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
        out[system] = {}
        for src, modes in sorted(by_src.items()):
            out[system][src] = {m: f1(*v) for m, v in modes.items()}
            for m, v in modes.items():
                total[m] = [a + b for a, b in zip(total[m], v)]
        out[system]["ALL"] = {m: f1(*v) for m, v in total.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default=str(DEFAULT_BENCH))
    ap.add_argument("--per-source", type=int, default=None, help="first N sentences of each source")
    ap.add_argument("--traditional", action="store_true", help="convert sentences to traditional (OpenCC s2t) first")
    ap.add_argument("--examples", type=int, default=25)
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the jieba baseline (slow on traditional text: its dictionary is simplified)")
    args = ap.parse_args(argv)
    path = Path(args.bench)
    if not path.is_file():
        print(f"bench file not found: {path}", file=sys.stderr)
        return 2
    t0 = time.time()
    records = load(path, args.per_source)
    result = run(records, args.traditional, not args.no_baseline)
    summary = summarise(result)
    print(f"{len(records)} sentences{' (traditional)' if args.traditional else ''}, "
          f"{time.time() - t0:.1f}s; skipped {result['skipped']}")
    print(f"{'source':<18}{'system':<10}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}")
    for src in sorted(summary["ours"]):
        for system in [s for s in ("ours", "baseline") if src in summary.get(s, {})]:
            e, o = summary[system][src]["exact"], summary[system][src]["overlap"]
            print(f"{src:<18}{system:<10}{e[0]:>9.3f}{e[1]:>7.3f}{e[2]:>7.3f}{o[0]:>11.3f}{o[1]:>7.3f}{o[2]:>7.3f}")
    f = result["fails"]
    print("\nmissed by corpus label:", dict(f["missed_by_label"].most_common()))
    print("missed by last character:", dict(f["missed_by_ending"].most_common(20)))
    print("spurious by rule:", dict(f["spurious_by_rule"].most_common()))
    print("spurious by last character:", dict(f["spurious_by_ending"].most_common(20)))
    print("boundary errors (ours vs gold):", dict(f["boundary"].most_common()))
    for kind in ("missed", "spurious", "boundary"):
        print(f"\nexamples, {kind}:")
        for line in f["examples"][kind][:: max(1, len(f["examples"][kind]) // args.examples)][: args.examples]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
