"""Organisation benchmark: precision, recall and F1 (exact and overlap) per source on the shared
bench (MSRA / CLUENER / People's Daily dev sentences), for ``extract.orgs`` and for a plain
baseline of jieba.posseg ``nt`` words, plus the main failure classes.

    python tools/bench_orgs.py [--bench ../shared/bench/orgs.jsonl] [--per-source N] [--traditional]
    python tools/bench_orgs.py --folds 5 --no-baseline     # held out: model k scored on fold k only
    python tools/bench_orgs.py --rules-only                 # the rules without the tagger
    python tools/bench_orgs.py --events-fin [--traditional] # organisation roles of DuEE-Fin news

Without --folds the shipped tagger is scored on the sentences it was trained on: those figures say
nothing about unseen news; the held-out ones are --folds.

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


def _analyse(text: str, res=None):
    try:
        from extract.pipeline import analyse
        return analyse(text, resources=res)
    except ImportError:   # other stages of the pipeline may be missing on a work tree
        from extract.analysis import AnalysedText
        from extract.convert import convert
        from extract.segment import segment, split_sentences
        conv = convert(text)
        return AnalysedText("bench", conv.analysis, conv.simplified, split_sentences(conv.analysis),
                            segment(conv.analysis)), conv


def ours(text: str, res=None) -> list[tuple[int, int, str]]:
    from extract.orgs import find_organisations
    analysed, conv = _analyse(text, res)
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


def run(records: list[dict], traditional: bool = False, with_baseline: bool = True, res=None,
        result: dict | None = None) -> dict:
    """Counts per system and source, and failure classes for our extractor (``res``: the
    extract.resources.Resources to run with, e.g. a held-out fold's model; ``result``: add the
    counts to an earlier run's)."""
    to_trad = None
    if traditional:
        import opencc
        to_trad = opencc.OpenCC("s2t").convert
    if result is None:
        result = {"counts": {sys_: defaultdict(lambda: {"exact": [0, 0, 0], "overlap": [0, 0, 0]})
                             for sys_ in ("ours", "baseline")},
                  "fails": {"missed_by_label": Counter(), "missed_by_ending": Counter(),
                            "spurious_by_rule": Counter(), "spurious_by_ending": Counter(),
                            "boundary": Counter(), "examples": defaultdict(list)},
                  "skipped": 0}
    counts, fails = result["counts"], result["fails"]
    skipped = result["skipped"]
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
            pred = fn(text, res) if system == "ours" else fn(text)
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
    result["skipped"] = skipped
    return result


def fold_of(rec: dict, k: int) -> int:
    """The held-out fold of a sentence: a stable hash of its id, so folds mix the sources and do
    not depend on file order."""
    import zlib
    return zlib.crc32(rec["id"].encode("utf-8")) % k


def run_folds(records: list[dict], k: int, traditional: bool = False, with_baseline: bool = True,
              train_params: dict | None = None, log=print, scripts: tuple[bool, ...] | None = None,
              models: Path | None = None):
    """K-fold held-out figures: for each fold, a model trained on the other folds only (the
    shipped model has seen every sentence of orgs.jsonl and must not be scored on them).
    ``scripts``: score each fold's model on several scripts at once, e.g. (False, True) for
    simplified and traditional; then returns {traditional: result}. ``models``: a folder that
    keeps the fold models, reused when present — for measuring a change to the rules or the
    combination without retraining (empty it when the features, data or parameters change)."""
    import tempfile

    from extract import orgtagger
    from extract.resources import Resources

    wanted = scripts if scripts is not None else (traditional,)
    results: dict = {t: None for t in wanted}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(models) if models is not None else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for fold in range(k):
            train = [{"text": r["text"], "spans": [(o["start"], o["end"]) for o in r["orgs"]]}
                     for r in records if fold_of(r, k) != fold]
            test = [r for r in records if fold_of(r, k) == fold]
            path = folder / f"fold{fold}of{k}.model"
            t0 = time.time()
            if path.is_file() and models is not None:
                log(f"fold {fold + 1}/{k}: model kept in {path}, scoring {len(test)}")
            else:
                orgtagger.train(train, path, train_params)
                log(f"fold {fold + 1}/{k}: trained on {len(train)} sentences in {time.time() - t0:.0f}s, "
                    f"scoring {len(test)}")
            res = Resources(org_model=str(path))
            for t in wanted:
                results[t] = run(test, t, with_baseline, res, results[t])
    return results if scripts is not None else results[traditional]


# DuEE-Fin roles filled by an organisation (issue #15): their recall says whether the stage finds
# the companies financial events are about.
FIN_ORG_ROLES = ("被投资方", "收购方", "被收购方", "上市公司", "回购方", "中标公司", "招标方", "公司名称",
                 "破产公司", "约谈机构", "任职公司", "质押物所属公司", "质权方")


def fin_role_recall(path: Path, traditional: bool = False, res=None) -> dict:
    """Recall of the organisation-role arguments of DuEE-Fin documents (headline + body): exact
    (an organisation record has the argument's text) and overlap (a record overlaps some
    occurrence of the text). Each (document, role, text) counts once; texts that do not occur in
    the document are counted apart (they cannot be found)."""
    to_trad = None
    if traditional:
        import opencc
        to_trad = opencc.OpenCC("s2t").convert
    by_role: dict = defaultdict(lambda: [0, 0, 0])   # exact hits, overlap hits, findable
    absent = 0
    missed: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            text = doc["title"] + "\n" + doc["text"]
            wanted = {(a["role"], a["text"].strip()) for e in doc.get("events", []) for a in e["arguments"]
                      if a["role"] in FIN_ORG_ROLES and a["text"].strip()}
            if not wanted:
                continue
            if to_trad is not None:
                if len(to_trad(text)) != len(text):
                    continue
                text = to_trad(text)
                wanted = {(r, to_trad(t)) for r, t in wanted}
            pred = ours(text, res)
            names = {"".join(text[ps:pe].split()) for ps, pe, _ in pred}
            for role, arg in sorted(wanted):
                spans = [(m, m + len(arg)) for m in _occurrences(text, arg)]
                if not spans:
                    absent += 1
                    continue
                c = by_role[role]
                c[2] += 1
                if "".join(arg.split()) in names:
                    c[0] += 1
                if any(ps < ge and gs < pe for gs, ge in spans for ps, pe, _ in pred):
                    c[1] += 1
                else:
                    missed.append(f"{role} {arg}")
    total = [sum(c[i] for c in by_role.values()) for i in range(3)]
    return {"by_role": dict(by_role), "total": total, "absent": absent, "missed": missed}


def _occurrences(text: str, sub: str) -> list[int]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


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
    ap.add_argument("--folds", type=int, default=0, metavar="K",
                    help="held-out figures: train K models, each scored on the fold it did not see")
    ap.add_argument("--models", metavar="DIR",
                    help="with --folds: keep the fold models in DIR and reuse them (rule changes only)")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="with --folds: a crfsuite training parameter, e.g. c1=0.1 or max_iterations=200")
    ap.add_argument("--events-fin", metavar="FILE", nargs="?", const=str(DEFAULT_BENCH.parent / "events_fin.jsonl"),
                    help="instead: recall of organisation-role arguments on DuEE-Fin documents "
                         "(default ../shared/bench/events_fin.jsonl)")
    ap.add_argument("--rules-only", action="store_true", help="score the rules without the model")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the jieba baseline (slow on traditional text: its dictionary is simplified)")
    args = ap.parse_args(argv)
    path = Path(args.bench)
    if not path.is_file():
        print(f"bench file not found: {path}", file=sys.stderr)
        return 2
    t0 = time.time()
    if args.events_fin:
        from extract.resources import Resources
        res = Resources(org_model="none") if args.rules_only else None
        fin = fin_role_recall(Path(args.events_fin), args.traditional, res)
        ex, ov, n = fin["total"]
        print(f"organisation-role arguments{' (traditional)' if args.traditional else ''}: {n} findable "
              f"({fin['absent']} not in their document), {time.time() - t0:.1f}s")
        print(f"recall exact {ex / n:.3f}, overlap {ov / n:.3f}")
        for role, (e, o, k) in sorted(fin["by_role"].items(), key=lambda kv: -kv[1][2]):
            print(f"  {role:<10} {k:>4}  exact {e / k:.3f}  overlap {o / k:.3f}")
        if args.examples:
            print("missed:", "; ".join(fin["missed"][:: max(1, len(fin["missed"]) // args.examples)][: args.examples]))
        return 0
    records = load(path, args.per_source)
    if args.folds and args.rules_only:
        ap.error("--folds and --rules-only exclude each other")
    if args.folds:
        params = {}
        for item in args.param:
            name, _, value = item.partition("=")
            params[name] = float(value) if "." in value or "e" in value else int(value)
        result = run_folds(records, args.folds, args.traditional, not args.no_baseline, params,
                           log=lambda m: print(m, file=sys.stderr),
                           models=Path(args.models) if args.models else None)
    else:
        from extract.resources import Resources
        res = Resources(org_model="none") if args.rules_only else None
        result = run(records, args.traditional, not args.no_baseline, res)
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
        for line in (f["examples"][kind][:: max(1, len(f["examples"][kind]) // args.examples)][: args.examples] if args.examples > 0 else ()):
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
