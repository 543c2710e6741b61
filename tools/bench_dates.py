"""Date extractor on the shared benchmark cases (../shared/bench): pass rate by category.

    python tools/bench_dates.py [--bench DIR] [--failures] [--json]

* ``dates.jsonl`` (Microsoft Recognizers-Text, Chinese DateTime specs): every expected entry of
  type date/daterange is *in scope* unless it is a weekday or week, a holiday, or a lunar /
  imperial-era date (outside RECORDS.md; reported, not scored). An in-scope entry passes when a
  predicted mention overlaps it and, where the case carries a resolution, the prediction agrees
  with it (single day; start and end of a period, whose RT end is exclusive; the TIMEX for
  unresolved seasons; a TIMEX plus its modifier for since/after/before/until). Expected
  durations and sets must NOT produce an overlapping date ("negative" category). Times and
  date-times are not scored.
* ``timecases.jsonl`` (JioNLP): ``parse_time`` cases whose expected bounds are whole days are in
  scope (clock times, open intervals, durations and periods are not, nor inputs with weekdays,
  holidays, solar terms or lunar dates); one predicted mention must cover the input with those
  bounds (``accurate``) or bounds that contain them (``blur``, e.g. 10月底 is October with mod
  END). ``extract_time`` cases pass when every expected calendar span is overlapped and, for
  cases expecting nothing, nothing is predicted.

The text is simplified Chinese; every case is also run through OpenCC s2t (traditional) and
scored again: the two figures should agree. Never special-case a bench sentence.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from score_dates_quick import analyse  # noqa: E402  (pipeline.analyse, or its stand-in)

from extract.dates import find_dates  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"

CALENDAR_TYPES = {"date", "daterange", "datetimeV2.date", "datetimeV2.daterange"}
NEGATIVE_TYPES = {"duration", "datetimeV2.duration", "set", "datetimeV2.set"}
_WEEK_WORDS = ("星期", "礼拜", "禮拜", "周", "週")
_LUNAR_WORDS = ("农历", "農曆", "正月", "腊月", "臘月", "大年", "闰", "閏", "廿", "初一", "初二", "初三", "初四",
                "初五", "初六", "初七", "初八", "初九", "初十", "初8")
_ERA_WORDS = ("神龙", "康熙", "雍正", "乾隆")
_HOLIDAY_WORDS = ("节", "節", "元旦", "新年", "五一", "十一", "端午", "中秋", "除夕", "清明", "春节", "元宵", "七夕",
                  "平安夜", "双十一", "冬至", "芒种", "夏至", "立春", "暑假", "寒假")
MOD_MAP = {"since": {"ON_OR_AFTER"}, "after": {"AFTER"}, "before": {"BEFORE"}, "until": {"BEFORE"}}


def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


def _predict(text: str, published: str | None, converter=None) -> list[dict]:
    if converter is not None:
        text = converter.convert(text)  # s2t keeps one character per character for these cases
    analysed, converted = analyse(text, "bench", published)
    out = []
    for m in find_dates(analysed):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"start": start, "end": end, "text": text[start:end], **m.values})
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _d(s: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(s[:10])
    except (TypeError, ValueError):
        return None


def _last_unit_start(value: str | None) -> datetime.date | None:
    """Start of the last unit of a TIMEX value: 2018 → 2018-01-01, 2016-01-12 → itself."""
    if not value:
        return None
    last = value.split("/")[-1]
    parts = last.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return datetime.date(int(parts[0]), 1, 1)
        if len(parts) == 2 and parts[1].isdigit():
            return datetime.date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3:
            return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------------------------------------
# Recognizers-Text

def _rt_scope(case: dict, exp: dict) -> str:
    text = exp["text"]
    spec = case.get("spec_file", "")
    if "Holiday" in spec or any(w in text for w in _HOLIDAY_WORDS):
        return "holiday"
    if any(w in text for w in _LUNAR_WORDS) or any(w in text for w in _ERA_WORDS):
        return "lunar/era"
    timex = json.dumps(exp.get("resolution") or {})
    if any(w in text for w in _WEEK_WORDS) or "-W" in timex:
        return "week/weekday"
    return "calendar"


def _rt_value_ok(pred: dict, resolution: dict | None) -> bool:
    if not resolution:
        return True
    options: list[dict] = []
    if "values" in resolution:
        options = resolution["values"]
    else:
        for key in ("FutureResolution", "PastResolution"):
            res = resolution.get(key) or {}
            options.append({"timex": resolution.get("Timex"), **res,
                            "start": res.get("startDate"), "end": res.get("endDate")})
    earliest, latest = _d(pred.get("earliest") or ""), _d(pred.get("latest") or "")
    for opt in options:
        mod = opt.get("Mod")
        if mod:
            if pred.get("mod") in MOD_MAP.get(mod, set()) and (opt.get("timex") or "") == (pred.get("value") or ""):
                return True
            continue
        single = opt.get("date") or opt.get("value")
        if single in ("not resolved", "0001-01-01") or opt.get("value") == "not resolved":
            timex = opt.get("timex") or ""
            # RT leaves seasons unresolved but gives their TIMEX (2017-SU); impossible dates get neither
            if pred.get("value") is None or ("X" not in timex and "(" not in timex and timex == pred.get("value")):
                return True
            continue
        if single:
            if earliest is not None and earliest == latest == _d(single):
                return True
            continue
        start, end = _d(opt.get("start") or ""), _d(opt.get("end") or "")
        if start and end:
            if earliest == start and latest is not None and (
                    latest + datetime.timedelta(days=1) == end or _last_unit_start(pred.get("value")) == end):
                return True
            continue
        if opt.get("timex") and opt.get("timex") == pred.get("value"):
            return True
    return False


def score_rt(path: Path, converter=None, failures: list | None = None) -> dict[str, list[int]]:
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        ref = case.get("reference_datetime")
        preds = _predict(case["text"], ref[:10] if ref else None, converter)
        group = Path(case.get("spec_file", "?")).stem
        for exp in case["expected"]:
            kind = exp["type"]
            if kind in NEGATIVE_TYPES:
                ok = not any(_overlap(p["start"], p["end"], exp["start"], exp["end"]) for p in preds)
                key = "RT negative (duration/set)"
            elif kind in CALENDAR_TYPES:
                scope = _rt_scope(case, exp)
                if scope != "calendar":
                    stats[f"RT out of scope: {scope}"][1] += 1
                    continue
                best = max(preds, key=lambda p: _overlap(p["start"], p["end"], exp["start"], exp["end"]),
                           default=None)
                ok = best is not None and _overlap(best["start"], best["end"], exp["start"], exp["end"]) > 0 \
                    and _rt_value_ok(best, exp.get("resolution"))
                key = f"RT {group}"
            else:
                stats["RT not scored (time/datetime)"][1] += 1
                continue
            stats[key][1] += 1
            stats[key][0] += ok
            if not ok and failures is not None:
                failures.append((key, case["id"], case["text"], exp["text"], exp.get("resolution"), preds))
    return stats


# ---------------------------------------------------------------------------------------------
# JioNLP

def _jio_published(case: dict) -> str | None:
    base = (case.get("kwargs") or {}).get("time_base")
    if isinstance(base, (int, float)) and case.get("time_base_utc8"):
        return case["time_base_utc8"][:10]
    if isinstance(base, list) and base:
        parts = [f"{base[0]:04d}"] + [f"{x:02d}" for x in base[1:3]]
        return "-".join(parts)
    if isinstance(base, dict) and "year" in base:
        parts = [f"{base['year']:04d}"] + [f"{base[k]:02d}" for k in ("month", "day") if k in base]
        return "-".join(parts[:1 + ("month" in base) + ("month" in base and "day" in base)])
    return None


def _jio_scope(text: str) -> str:
    if any(w in text for w in _WEEK_WORDS):
        return "week/weekday"
    if any(w in text for w in _HOLIDAY_WORDS):
        return "holiday/solar term"
    if any(w in text for w in _LUNAR_WORDS):
        return "lunar"
    return "calendar"


def score_jio(path: Path, converter=None, failures: list | None = None) -> dict[str, list[int]]:
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        expected = case["expected"]
        text = case["input"]
        if case["function"] == "jio.ner.extract_time":
            preds = _predict(text, None, converter)
            calendar = [e for e in expected if not any(ch in e["text"] for ch in "点时分:：")]
            if len(calendar) != len(expected):
                stats["JioNLP extract: out of scope (clock times)"][1] += 1
                continue
            scopes = {_jio_scope(e["text"]) for e in calendar} - {"calendar"}
            if scopes:
                stats[f"JioNLP extract: out of scope ({sorted(scopes)[0]})"][1] += 1
                continue
            if calendar:
                ok = all(any(_overlap(p["start"], p["end"], *e["offset"]) for p in preds) for e in calendar)
            else:
                ok = not preds
            key = "JioNLP extract_time"
        else:
            kind = expected.get("type")
            times = expected.get("time")
            if kind not in ("time_point", "time_span") or not isinstance(times, list) or \
                    not str(times[0]).endswith("00:00:00") or not str(times[1]).endswith("23:59:59"):
                stats["JioNLP parse: out of scope (clock/open/duration/period)"][1] += 1
                continue
            scope = _jio_scope(text)
            if scope != "calendar" or (case.get("kwargs") or {}).get("time_base") == "time.time()":
                stats[f"JioNLP parse: out of scope ({scope if scope != 'calendar' else 'time base = now'})"][1] += 1
                continue
            preds = _predict(text, _jio_published(case), converter)
            start, end = _d(times[0]), _d(times[1])
            ok = False
            if len(preds) == 1 and preds[0]["earliest"]:
                e, l = _d(preds[0]["earliest"]), _d(preds[0]["latest"])
                # our bounds are those of the period before its mod (四季度初 is Q4, mod START)
                if expected.get("definition") == "blur" or preds[0]["mod"] in ("START", "MID", "END"):
                    ok = e <= start and end <= l
                else:
                    ok = (e, l) == (start, end)
            key = f"JioNLP parse_time ({expected.get('definition')})"
        stats[key][1] += 1
        stats[key][0] += ok
        if not ok and failures is not None:
            failures.append((key, case["id"], text, expected, None, preds))
    return stats


# ---------------------------------------------------------------------------------------------
# Span P/R/F1 and value accuracy (the figures issue #18 asks for)
#
# Gold spans are the in-scope expected entries; a prediction is matched one-to-one to the gold
# span it overlaps most. A prediction overlapping nothing scored is a false positive, except when
# it overlaps an expected entry that is not scored (a clock time, a date-time, a weekday, a solar
# term): those are neither rewarded nor penalised. A prediction overlapping an expected duration
# or set is a false positive (RECORDS.md: not dates). Value accuracy is over matched spans whose
# case gives a resolution.

class Tally:
    __slots__ = ("tp", "fp", "fn", "exact", "value_ok", "value_n")

    def __init__(self):
        self.tp = self.fp = self.fn = self.exact = self.value_ok = self.value_n = 0

    def add(self, other: "Tally") -> None:
        for k in self.__slots__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "exact": self.exact,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "value_ok": self.value_ok, "value_n": self.value_n,
                "value_accuracy": round(self.value_ok / self.value_n, 4) if self.value_n else 1.0}


def _match(preds: list[dict], gold: list[tuple[int, int]]) -> dict[int, int]:
    """gold index → prediction index, one-to-one, largest overlaps first."""
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


def _rt_scope_v2(case: dict, exp: dict) -> str:
    """RECORDS.md v2 scope of an RT calendar entry: holidays, lunar and era dates are in it."""
    text = exp["text"]
    timex = json.dumps(exp.get("resolution") or {})
    if any(w in text for w in _WEEK_WORDS) or "-W" in timex:
        return "week/weekday"
    if any(w in text for w in _SOLAR_TERMS):
        return "solar term"
    spec = case.get("spec_file", "")
    if "Holiday" in spec or any(w in text for w in _HOLIDAY_WORDS):
        return "holiday"
    if any(w in text for w in _LUNAR_WORDS) or any(w in text for w in _ERA_WORDS):
        return "lunar/era"
    return "calendar"


_SOLAR_TERMS = ("清明", "冬至", "芒种", "夏至", "立春", "立夏", "立秋", "立冬", "春分", "秋分", "小寒", "大寒",
                "暑假", "寒假")
SCORED_SCOPES = ("calendar", "holiday", "lunar/era")
_SINGLE_TYPE_SPECS = ("Time", "Holiday", "Duration", "Set", "DateTimeExtractor", "DateTimeParser",
                      "DateTimePeriod")


def _lunar_holiday(text: str) -> bool:
    from extract.dates import HOLIDAYS
    simplified = _t2s().convert(text)
    return any(w in simplified and HOLIDAYS[w][0] in ("lunar", "eve") for w in HOLIDAYS)


@functools.cache
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def span_rt(path: Path, converter=None, errors: list | None = None) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        ref = case.get("reference_datetime")
        preds = _predict(case["text"], ref[:10] if ref else None, converter)
        gold, neutral, negative = [], [], []
        for exp in case["expected"]:
            span = (exp["start"], exp["end"])
            if exp["type"] in NEGATIVE_TYPES:
                negative.append(span)
            elif exp["type"] in CALENDAR_TYPES and _rt_scope_v2(case, exp) in SCORED_SCOPES:
                gold.append((span, exp, f"RT {_rt_scope_v2(case, exp)}"))
            else:
                neutral.append(span)
        if negative:
            out["RT negative (duration/set)"]   # reported even when nothing overlaps one
        matched = _match(preds, [g[0] for g in gold])
        for gi, ((g0, g1), exp, cls) in enumerate(gold):
            t = out[cls]
            if gi not in matched:
                t.fn += 1
                if errors is not None:
                    errors.append((cls, "missed", case["id"], case["text"], exp["text"], preds))
                continue
            p = preds[matched[gi]]
            t.tp += 1
            t.exact += (p["start"], p["end"]) == (g0, g1)
            # RT writes a lunar month and day as if Gregorian (正月三十 → XXXX-01-30, 中秋节 →
            # XXXX-08-15) and extends reign eras past their end (雍正十六年 → 1738); RECORDS.md v2
            # converts lunar dates to Gregorian days, so those values are not comparable: not scored.
            if exp.get("resolution") and cls != "RT lunar/era" and not _lunar_holiday(exp["text"]):
                t.value_n += 1
                ok = _rt_value_ok(p, exp["resolution"])
                t.value_ok += ok
                if not ok and errors is not None:
                    errors.append((cls, "value", case["id"], case["text"], exp["resolution"], [p]))
        used = set(matched.values())
        cls = gold[0][2] if gold else ("RT negative (duration/set)" if negative else "RT calendar")
        # The time, holiday, duration, set and date-time specs annotate only their own type: a
        # day word next to the time they test (今天 of 今天晚上9:30) is a date RT leaves out there.
        single_type = Path(case.get("spec_file", "")).stem.startswith(_SINGLE_TYPE_SPECS)
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            if any(_overlap(p["start"], p["end"], *n) for n in negative):
                out["RT negative (duration/set)"].fp += 1
            elif single_type or any(_overlap(p["start"], p["end"], *n) for n in neutral):
                continue
            else:
                out[cls].fp += 1
            if errors is not None:
                errors.append((cls, "spurious", case["id"], case["text"], p["text"], [p]))
    return out


def _jio_scope_v2(text: str) -> str:
    if any(w in text for w in _WEEK_WORDS):
        return "week/weekday"
    if any(w in text for w in _SOLAR_TERMS):
        return "solar term"
    if any(w in text for w in _HOLIDAY_WORDS):
        return "holiday"
    if any(w in text for w in _LUNAR_WORDS):
        return "lunar"
    return "calendar"


def span_jio(path: Path, converter=None, errors: list | None = None) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        expected, text = case["expected"], case["input"]
        if case["function"] == "jio.ner.extract_time":
            preds = _predict(text, None, converter)
            gold, neutral = [], []
            for e in expected:
                if any(ch in e["text"] for ch in "点时分:：") or _jio_scope_v2(e["text"]) not in ("calendar", "holiday", "lunar"):
                    neutral.append(tuple(e["offset"]))
                else:
                    gold.append(tuple(e["offset"]))
            matched = _match(preds, gold)
            t = out["JioNLP extract_time"]
            t.tp += len(matched)
            t.fn += len(gold) - len(matched)
            t.exact += sum((preds[pi]["start"], preds[pi]["end"]) == gold[gi] for gi, pi in matched.items())
            used = set(matched.values())
            for pi, p in enumerate(preds):
                if pi not in used and not any(_overlap(p["start"], p["end"], *n) for n in neutral):
                    t.fp += 1
                    if errors is not None:
                        errors.append(("JioNLP extract_time", "spurious", case["id"], text, p["text"], [p]))
            if len(matched) < len(gold) and errors is not None:
                errors.append(("JioNLP extract_time", "missed", case["id"], text, gold, preds))
            continue
        kind, times = expected.get("type"), expected.get("time")
        if kind not in ("time_point", "time_span") or not isinstance(times, list) or \
                not str(times[0]).endswith("00:00:00") or not str(times[1]).endswith("23:59:59"):
            continue   # clock times, open intervals, durations, periods: outside RECORDS.md
        scope = _jio_scope_v2(text)
        if scope not in ("calendar", "holiday", "lunar") or (case.get("kwargs") or {}).get("time_base") == "time.time()":
            continue
        cls = f"JioNLP parse_time {scope}"
        preds = _predict(text, _jio_published(case), converter)
        t = out[cls]
        lead = len(text) - len(text.lstrip())
        gold = (lead, len(text.rstrip()))
        matched = _match(preds, [gold])
        if not matched:
            t.fn += 1
            t.fp += len(preds)
            if errors is not None:
                errors.append((cls, "missed", case["id"], text, times, preds))
            continue
        p = preds[matched[0]]
        t.tp += 1
        t.fp += len(preds) - 1
        t.exact += (p["start"], p["end"]) == gold
        start, end = _d(times[0]), _d(times[1])
        ok = False
        if p["earliest"]:
            e, l = _d(p["earliest"]), _d(p["latest"])
            if expected.get("definition") == "blur" or p["mod"] in ("START", "MID", "END"):
                ok = e <= start and end <= l
            else:
                ok = (e, l) == (start, end)
        t.value_n += 1
        t.value_ok += ok
        if errors is not None and (not ok or len(preds) > 1):
            errors.append((cls, "value" if not ok else "split", case["id"], text, times, preds))
    return out


def span_scores(bench: Path, traditional: bool = False, errors: list | None = None) -> dict[str, dict]:
    """Per class and in total: span P/R/F1 (overlap, one-to-one) and value accuracy of matches."""
    converter = _s2t() if traditional else None
    tallies: dict[str, Tally] = {}
    if (bench / "dates.jsonl").exists():
        tallies.update(span_rt(bench / "dates.jsonl", converter, errors))
    if (bench / "timecases.jsonl").exists():
        tallies.update(span_jio(bench / "timecases.jsonl", converter, errors))
    total = Tally()
    for t in tallies.values():
        total.add(t)
    report = {k: v.figures() for k, v in sorted(tallies.items())}
    report["ALL"] = total.figures()
    return report


def in_scope_rate(stats: dict[str, list[int]]) -> tuple[int, int]:
    passed = sum(v[0] for k, v in stats.items() if "out of scope" not in k and "not scored" not in k)
    total = sum(v[1] for k, v in stats.items() if "out of scope" not in k and "not scored" not in k)
    return passed, total


def run(bench: Path, traditional: bool = False, failures: list | None = None) -> dict[str, list[int]]:
    converter = _s2t() if traditional else None
    stats: dict[str, list[int]] = {}
    if (bench / "dates.jsonl").exists():
        stats.update(score_rt(bench / "dates.jsonl", converter, failures))
    if (bench / "timecases.jsonl").exists():
        stats.update(score_jio(bench / "timecases.jsonl", converter, failures))
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--failures", action="store_true", help="list misses, spurious spans and wrong values")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pass-rates", action="store_true", help="the older per-case pass rates instead")
    args = ap.parse_args(argv)
    if not args.bench.is_dir():
        print(f"no bench directory at {args.bench}", file=sys.stderr)
        return 2
    if args.pass_rates:
        return _main_pass_rates(args)
    report = {}
    for label, trad in (("simplified", False), ("traditional", True)):
        errors: list = []
        report[label] = span_scores(args.bench, trad, errors)
        if not args.json:
            print(f"== {label}   (span P/R/F1 by overlap, one-to-one; value accuracy of matched spans)")
            for k, f in report[label].items():
                print(f"  {k:<32} P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} "
                      f"(tp {f['tp']} fp {f['fp']} fn {f['fn']}, exact {f['exact']})  "
                      f"value {f['value_accuracy']:.3f} ({f['value_ok']}/{f['value_n']})")
            if args.failures and not trad:
                for cls, why, cid, text, exp, preds in errors:
                    got = "; ".join(f"{p['text']}={p['value']}/{p['mod']}" for p in preds) or "-"
                    print(f"    {why.upper():8} [{cls}] {cid}: {text!r} expected "
                          f"{json.dumps(exp, ensure_ascii=False)[:140]} got {got}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def _main_pass_rates(args) -> int:
    report = {}
    for label, trad in (("simplified", False), ("traditional", True)):
        failures: list = []
        stats = run(args.bench, trad, failures)
        passed, total = in_scope_rate(stats)
        report[label] = {"categories": {k: {"passed": v[0], "total": v[1]} for k, v in sorted(stats.items())},
                         "in_scope": {"passed": passed, "total": total,
                                      "rate": round(passed / total, 4) if total else 1.0}}
        if not args.json:
            print(f"== {label}")
            for k, (p, t) in sorted(stats.items()):
                scored = "out of scope" not in k and "not scored" not in k
                print(f"  {k:<58} {p:>4}/{t:<4}" + (f" {p / t:6.1%}" if scored and t else "   (reported)"))
            print(f"  {'IN SCOPE':<58} {passed:>4}/{total:<4} {passed / total:6.1%}")
            if args.failures and not trad:
                for key, cid, text, exp, res, preds in failures:
                    got = "; ".join(f"{p['text']}={p['value']}/{p['mod']}" for p in preds) or "-"
                    print(f"    FAIL [{key}] {cid}: {text!r} expected {exp if isinstance(exp, str) else json.dumps(exp, ensure_ascii=False)[:120]}"
                          f" {json.dumps(res, ensure_ascii=False)[:160] if res else ''} got {got}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
