"""Money extraction on the shared benchmark cases (dev splits), simplified and traditional.

    python tools/bench_money.py [--bench ../shared/bench] [--json] [--quiet]

Sources (see ../shared/bench/README.md):
- ``money.jsonl`` (Recognizers-Text CurrencyModel): a case passes when the predicted mentions are
  exactly the expected ones: same span, same ISO code, same value (relative tolerance 1e-12,
  because the spec writes very large values as rounded floats).
- ``moneycases.jsonl`` (JioNLP), ``jio.parse_money`` cases: the input is one amount. A case passes
  when exactly one mention is found, it covers every numeral of the input (a leading preposition
  such as 从 may stay outside), its currency is the named one, and its value agrees with the
  expected definition: ``accurate`` → amount = min = max = num; ``blur`` with one num → amount;
  ``blur`` with [lo, hi] → min, max; ``blur+`` → min = num, max null; ``blur-`` → max = num,
  min null.
- ``moneycases.jsonl``, ``jio.ner.extract_money`` cases: the predicted spans are exactly the
  expected ones (no values given).

The traditional variant is the same text converted with OpenCC s2t (offsets unchanged when the
conversion keeps the length, which it does for every case here; others are reported as skipped).
Each failure gets a class; classes that RECORDS.md rules out are marked "by contract".
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.money import find_money  # noqa: E402
from extract.numerals import CN_NUMERAL_CHARS  # noqa: E402
from extract.pipeline import analyse  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"

# JioNLP names the currency in Chinese; 元 is its default (CNY).
JIO_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "新台币": "TWD", "日元": "JPY",
                "欧元": "EUR", "澳元": "AUD", "泰铢": "THB", "英镑": "GBP"}
# Any of these in the input means the text names a currency (else RECORDS.md says: not money).
CURRENCY_HINTS = ("元", "圆", "块", "币", "美金", "镑", "铢", "奈拉", "$", "¥", "￥", "€", "£",
                  "RMB", "USD", "HKD", "圓", "塊", "幣", "鎊", "銖")
NUMERAL_CHARS = set(CN_NUMERAL_CHARS) | set("0123456789０１２３４５６７８９")

_S2T = opencc.OpenCC("s2t")


def _predict(text: str) -> list[dict]:
    doc, converted = analyse(text)
    out = []
    for m in find_money(doc):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"start": start, "end": end, "text": text[start:end], **m.values})
    return out


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _close(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= abs(b) * Decimal("1e-12")


def _rt_case(case: dict, text: str) -> tuple[bool, str]:
    expected = case["expected"]
    if any(e["resolution"].get("value") is None for e in expected):
        return False, "currency word alone (by contract: not money)"
    pred = _predict(text)
    want = sorted((e["start"], e["end"], e["resolution"]["isoCurrency"], Decimal(e["resolution"]["value"]))
                  for e in expected)
    got = sorted((p["start"], p["end"], p["currency"], _dec(p["amount"])) for p in pred)
    if len(got) == len(want) and all(g[:3] == w[:3] and _close(g[3], w[3]) for g, w in zip(got, want)):
        return True, ""
    if len(got) < len(want):
        return False, "missed"
    if len(got) > len(want):
        return False, "spurious"
    if any(g[:2] != w[:2] for g, w in zip(got, want)):
        return False, "span"
    if any(g[2] != w[2] for g, w in zip(got, want)):
        return False, "currency"
    return False, "value"


def _jio_parse_case(case: dict, text: str) -> tuple[bool, str]:
    exp = case["expected"]
    if not any(h in text for h in CURRENCY_HINTS):
        return False, "no currency in the text (by contract: not money)"
    pred = _predict(text)
    if not pred:
        if "块" in text or "塊" in text:
            return False, "missed: 块 without 钱 or 毛/角/分 (read as a measure word, as in 6000多块GPU)"
        return False, "missed"
    if len(pred) > 1:
        return False, "split into several mentions"
    p = pred[0]
    outside = text[:p["start"]] + text[p["end"]:]
    if any(ch in NUMERAL_CHARS for ch in outside):
        return False, "span leaves part of the amount out"
    iso = JIO_CURRENCY.get(exp["case"])
    if iso is None:
        return False, f"unknown currency name {exp['case']}"
    if p["currency"] != iso:
        return False, "currency"
    amount, lo, hi = _dec(p["amount"]), _dec(p["min"]), _dec(p["max"])
    num, definition = exp["num"], exp["definition"]
    if isinstance(num, list):
        ok = _close(lo, Decimal(num[0])) and _close(hi, Decimal(num[1]))
    elif definition == "accurate":
        ok = all(_close(v, Decimal(num)) for v in (amount, lo, hi))
    elif definition == "blur":
        ok = _close(amount, Decimal(num))
    elif definition == "blur+":
        ok = _close(lo, Decimal(num)) and hi is None
    elif definition == "blur-":
        ok = _close(hi, Decimal(num)) and lo is None
    else:
        return False, f"unknown definition {definition}"
    return (True, "") if ok else (False, "value")


def _jio_extract_case(case: dict, text: str) -> tuple[bool, str]:
    want = sorted((e["offset"][0], e["offset"][1]) for e in case["expected"])
    got = sorted((p["start"], p["end"]) for p in _predict(text))
    if got == want:
        return True, ""
    if set(want) - set(got) and set(got) - set(want):
        return False, "span"
    return (False, "missed") if set(want) - set(got) else (False, "spurious")


def _cases(bench: Path):
    for line in (bench / "money.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            yield "recognizers", case, case["text"], _rt_case
    for line in (bench / "moneycases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            if case["function"] == "jio.parse_money":
                yield "jionlp_parse", case, case["input"], _jio_parse_case
            else:
                yield "jionlp_extract", case, case["input"], _jio_extract_case


def measure(bench: Path = DEFAULT_BENCH) -> dict:
    """Pass rates by source and script, with the failing cases and their classes."""
    totals: dict[str, Counter] = defaultdict(Counter)
    failures: list[dict] = []
    for source, case, text, check in _cases(bench):
        for script in ("simplified", "traditional"):
            t = text if script == "simplified" else _S2T.convert(text)
            key = f"{source}/{script}"
            if len(t) != len(text):
                totals[key]["skipped"] += 1
                continue
            ok, why = check(case, t)
            totals[key]["cases"] += 1
            totals[key]["passed"] += ok
            if not ok:
                failures.append({"source": source, "script": script, "id": case["id"], "text": t, "class": why})
    rates = {k: {"cases": c["cases"], "passed": c["passed"], "skipped": c["skipped"],
                 "rate": c["passed"] / c["cases"] if c["cases"] else 1.0} for k, c in sorted(totals.items())}
    return {"rates": rates, "failures": failures}



# --- Span P/R/F1 and value accuracy (issue #18's figures) ------------------------------------
#
# Gold spans: RT entries with a value; JioNLP parse inputs that name a currency (the span is the
# input without a leading preposition: overlap decides); JioNLP extract spans. RT entries that
# are a currency word alone, and JioNLP inputs without a currency, are outside RECORDS.md's
# scope: a prediction there is a false positive for RT (a currency word alone is not money) and
# neither rewarded nor penalised for JioNLP (reported by type). Predictions are matched
# one-to-one by overlap; value accuracy is over matched spans whose case gives a value.

def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _match(preds: list[dict], gold: list[tuple[int, int]]) -> dict[int, int]:
    pairs = sorted(((_overlap(p["start"], p["end"], g0, g1), gi, pi)
                    for gi, (g0, g1) in enumerate(gold) for pi, p in enumerate(preds)), reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for ov, gi, pi in pairs:
        if ov <= 0:
            break
        if gi in out or pi in used:
            continue
        out[gi] = pi
        used.add(pi)
    return out


def _jio_value_ok(p: dict, exp: dict) -> bool:
    iso = JIO_CURRENCY.get(exp["case"])
    if p["currency"] != iso:
        return False
    amount, lo, hi = _dec(p["amount"]), _dec(p["min"]), _dec(p["max"])
    num, definition = exp["num"], exp["definition"]
    if isinstance(num, list):
        return _close(lo, Decimal(num[0])) and _close(hi, Decimal(num[1]))
    if definition == "accurate":
        return all(_close(v, Decimal(num)) for v in (amount, lo, hi))
    if definition == "blur":
        return _close(amount, Decimal(num))
    if definition == "blur+":
        return _close(lo, Decimal(num)) and hi is None
    if definition == "blur-":
        return _close(hi, Decimal(num)) and lo is None
    return False


def _new_tally() -> dict:
    return {"tp": 0, "fp": 0, "fn": 0, "exact": 0, "value_ok": 0, "value_n": 0, "out_of_scope": 0}


def _figures(t: dict) -> dict:
    p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
    r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {**t, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "value_accuracy": round(t["value_ok"] / t["value_n"], 4) if t["value_n"] else 1.0}


def span_scores(bench: Path = DEFAULT_BENCH, errors: list | None = None) -> dict:
    """{script: {class: figures}} with classes recognizers, jionlp_parse, jionlp_extract and ALL."""
    report: dict = {}
    for script in ("simplified", "traditional"):
        tallies: dict[str, dict] = defaultdict(_new_tally)
        for source, case, text, _ in _cases(bench):
            t_text = text if script == "simplified" else _S2T.convert(text)
            if len(t_text) != len(text):
                continue
            t = tallies[source]
            preds = _predict(t_text)
            gold: list[tuple[int, int]] = []
            values: list = []
            negatives: list[tuple[int, int]] = []
            if source == "recognizers":
                for e in case["expected"]:
                    if e["resolution"].get("value") is None:
                        negatives.append((e["start"], e["end"]))
                        t["out_of_scope"] += 1
                    else:
                        gold.append((e["start"], e["end"]))
                        values.append(("rt", e["resolution"]))
            elif source == "jionlp_parse":
                if not any(h in t_text for h in CURRENCY_HINTS):
                    t["out_of_scope"] += 1
                    continue
                first = min((i for i, ch in enumerate(t_text) if ch in NUMERAL_CHARS), default=0)
                gold.append((first, len(t_text.rstrip())))
                values.append(("jio", case["expected"]))
            else:
                for e in case["expected"]:
                    gold.append(tuple(e["offset"]))
                    values.append(None)
            matched = _match(preds, gold)
            t["tp"] += len(matched)
            t["fn"] += len(gold) - len(matched)
            for gi, pi in matched.items():
                p = preds[pi]
                t["exact"] += (p["start"], p["end"]) == gold[gi]
                v = values[gi]
                if v is None:
                    continue
                t["value_n"] += 1
                if v[0] == "rt":
                    ok = p["currency"] == v[1]["isoCurrency"] and _close(_dec(p["amount"]), Decimal(v[1]["value"]))
                else:
                    ok = _jio_value_ok(p, v[1])
                t["value_ok"] += ok
                if not ok and errors is not None:
                    errors.append((script, source, case["id"], t_text, "value", p))
            used = set(matched.values())
            for pi, p in enumerate(preds):
                if pi not in used:
                    t["fp"] += 1
                    if errors is not None:
                        errors.append((script, source, case["id"], t_text, "spurious", p))
            if len(matched) < len(gold) and errors is not None:
                errors.append((script, source, case["id"], t_text, "missed", preds))
        total = _new_tally()
        for t in tallies.values():
            for k in total:
                total[k] += t[k]
        report[script] = {**{k: _figures(v) for k, v in sorted(tallies.items())}, "ALL": _figures(total)}
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="money extraction on the shared benchmark cases")
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--json", action="store_true", help="print the measurement as JSON")
    ap.add_argument("--quiet", action="store_true", help="rates and classes only, not every failing case")
    args = ap.parse_args(argv)
    if not (args.bench / "money.jsonl").exists():
        print(f"bench_money: no benchmark data at {args.bench}", file=sys.stderr)
        return 2
    errors: list = []
    spans = span_scores(args.bench, errors)
    if args.json:
        print(json.dumps({"spans": spans, **measure(args.bench)}, ensure_ascii=False, indent=1))
        return 0
    for script, classes in spans.items():
        print(f"== {script}   (span P/R/F1 by overlap, one-to-one; value accuracy of matched spans)")
        for k, f in classes.items():
            print(f"  {k:16s} P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} "
                  f"(tp {f['tp']} fp {f['fp']} fn {f['fn']}, exact {f['exact']}, out of scope {f['out_of_scope']})  "
                  f"value {f['value_accuracy']:.3f} ({f['value_ok']}/{f['value_n']})")
    if not args.quiet:
        for script, source, cid, text, why, p in errors:
            if script == "simplified":
                print(f"  {why.upper():8} {source:14s} {cid:28s} {text[:50]!r} got {p}")
    print("per-case pass rates:")
    report = measure(args.bench)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    for key, r in report["rates"].items():
        skipped = f", {r['skipped']} skipped" if r["skipped"] else ""
        print(f"{key:32s} {r['passed']:3d}/{r['cases']:3d}  {r['rate']:.3f}{skipped}")
    classes = Counter((f["source"], f["class"]) for f in report["failures"])
    print("failing classes (both scripts):")
    for (source, why), n in sorted(classes.items()):
        print(f"  {source:15s} {n:3d}  {why}")
    if not args.quiet:
        for f in report["failures"]:
            print(f"  FAIL {f['script'][:4]} {f['id']:28s} {f['class']}: {f['text'][:60]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
