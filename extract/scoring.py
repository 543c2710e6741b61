"""Scoring predicted records against gold annotations.

Mentions (date, money, organisation) are matched one-to-one, exactly (same offsets) and by
overlap (any shared character, as nervaluate's "partial"/SemEval-2013 "overlap"), and scored
with precision, recall and F1. On overlap-matched pairs it reports value accuracy: dates
earliest+latest, money currency+min+max, organisations org_type; organisations also get pairwise
coreference F1 over the matched mentions (two gold mentions corefer when they share canonical,
two predictions when they share entity).

Events match when they have the same type and, in overlapping sentences, an overlapping trigger
or an argument span in common. Arguments score by role and overlapping span within matched
events; event-date accuracy counts matched events whose date (or its absence) agrees.

A gold record with ``"optional": true`` neither rewards nor penalises: a prediction matching it
is set aside, and missing it costs nothing.
"""
from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

MENTION_TYPES = ("date", "money", "organisation")


# ---------------------------------------------------------------------------------------------
# Loading

def load_jsonl(path: str | Path) -> list[dict]:
    """The records of a gold or predicted file, each checked (extract/records_file.py)."""
    from .records_file import load_records

    return load_records(path)


def load_manifest(path: str | Path) -> list[dict]:
    """Gold manifest: a JSON object or list of ``{doc_id, text, published, gold: [paths]}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (RecursionError, ValueError) as exc:
        raise ValueError(f"{path}: not a valid JSON manifest ({str(exc).split(';')[0] or 'nested too deeply'})") from None
    entries = data if isinstance(data, list) else [data]
    for n, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("gold"), str):
            entry["gold"] = [entry["gold"]]
        if not (isinstance(entry, dict) and isinstance(entry.get("doc_id"), str)
                and isinstance(entry.get("gold"), list) and all(isinstance(g, str) for g in entry["gold"])):
            raise ValueError(f"{path}: entry {n} must be an object with a string doc_id and gold file paths")
    return entries


def load_event_scope(path: str | Path) -> dict[str, set[str]]:
    """doc_id → the event types its gold annotates, for manifest entries that say
    (``"event_types"``): the gold written for the six v1 types says nothing of the financial
    types of v2, so predictions of those are neither right nor wrong there."""
    path = Path(path)
    if path.suffix != ".json":
        return {}
    return {e["doc_id"]: set(e["event_types"]) for e in load_manifest(path) if e.get("event_types")}


def load_gold(path: str | Path, root: str | Path | None = None) -> dict[str, list[dict]]:
    """doc_id → gold records, from a manifest (.json) or a gold JSONL with ``doc_id`` fields."""
    path = Path(path)
    if path.suffix == ".json":
        base = Path(root) if root else _repo_root(path)
        gold: dict[str, list[dict]] = {}
        for entry in load_manifest(path):
            records: list[dict] = []
            for g in entry["gold"]:
                records += load_jsonl(base / g)
            gold[entry["doc_id"]] = records
        return gold
    gold = defaultdict(list)
    stem = path.name.split(".")[0]
    for rec in load_jsonl(path):
        gold[rec.get("doc_id", stem)].append(rec)
    return dict(gold)


def _repo_root(manifest: Path) -> Path:
    for parent in [manifest.parent, *manifest.parents]:
        if (parent / "pyproject.toml").exists():
            return parent
    return manifest.parent


def group_by_doc(records: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        if rec.get("type") in (*MENTION_TYPES, "event"):
            out[rec["doc_id"]].append(rec)
    return dict(out)


# ---------------------------------------------------------------------------------------------
# Figures

@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, other: "Ratio") -> None:
        self.right += other.right
        self.total += other.total

    def to_dict(self) -> dict[str, float | int]:
        return {"right": self.right, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class TypeScore:
    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    value: Ratio = field(default_factory=Ratio)
    coref: PRF | None = None
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_value: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"exact": self.exact.to_dict(), "overlap": self.overlap.to_dict(),
                               "value_accuracy": self.value.to_dict()}
        if self.coref is not None:
            out["coreference"] = self.coref.to_dict()
        out.update(missed=self.missed, spurious=self.spurious, wrong_value=self.wrong_value)
        return out


@dataclass
class EventScore:
    events: PRF = field(default_factory=PRF)
    arguments: PRF = field(default_factory=PRF)
    date: Ratio = field(default_factory=Ratio)
    by_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events.to_dict(), "arguments": self.arguments.to_dict(),
                "date_accuracy": self.date.to_dict(),
                "by_type": {t: s.to_dict() for t, s in sorted(self.by_type.items())},
                "missed": self.missed, "spurious": self.spurious}


@dataclass
class Report:
    mentions: dict[str, TypeScore]
    events: EventScore
    documents: list[str]
    # gold documents with no predicted record at all (a doc_id mismatch, or a document not run)
    unpredicted: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)   # doc ids of the predictions

    def warnings(self) -> list[str]:
        """What a person should check before trusting the figures (``extract eval`` prints them)."""
        if self.documents and len(self.unpredicted) == len(self.documents):
            shown = ", ".join(self.predicted[:3]) + (", …" if len(self.predicted) > 3 else "")
            return [f"the predictions share no document with the gold (gold: {', '.join(self.documents[:3])}"
                    f"{', …' if len(self.documents) > 3 else ''}; predictions: {shown or 'none'}); "
                    "every figure is 0 — check that both use the same doc_id"]
        if self.unpredicted:
            return [f"no predicted records for {len(self.unpredicted)} of {len(self.documents)} gold documents: "
                    + ", ".join(self.unpredicted)]
        return []

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents,
                **{t: s.to_dict() for t, s in self.mentions.items()}, "event": self.events.to_dict()}

    def figures(self) -> dict[str, float]:
        """Flat name → value, as the regression floors name them."""
        out: dict[str, float] = {}
        for t, s in self.mentions.items():
            out[f"{t}.exact_f1"] = s.exact.f1
            out[f"{t}.overlap_f1"] = s.overlap.f1
            out[f"{t}.value_accuracy"] = s.value.value
            if s.coref is not None:
                out[f"{t}.coref_f1"] = s.coref.f1
        out["event.f1"] = self.events.events.f1
        out["event.argument_f1"] = self.events.arguments.f1
        out["event.date_accuracy"] = self.events.date.value
        return out

    def format_table(self, show_lists: bool = True) -> str:
        lines = [f"documents: {', '.join(self.documents)}", "",
                 f"{'type':<14}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}   value acc"]
        for t, s in self.mentions.items():
            for name, prf in (("exact", s.exact), ("overlap", s.overlap)):
                value = f"   {s.value.value:.3f} ({s.value.right}/{s.value.total})" if name == "overlap" else ""
                lines.append(f"{t:<14}{name:<9}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
                             f"{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}{value}")
            if s.coref is not None:
                c = s.coref
                lines.append(f"{t:<14}{'coref':<9}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}"
                             f"{c.tp:>6}{c.fp:>6}{c.fn:>6}   (pairwise)")
        e = self.events
        for name, prf in (("events", e.events), ("arguments", e.arguments)):
            lines.append(f"{'event':<14}{name:<9}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
                         f"{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}")
        lines.append(f"{'event':<14}{'date':<9}{'':>21}   {e.date.value:.3f} ({e.date.right}/{e.date.total})")
        for t, prf in sorted(e.by_type.items()):
            lines.append(f"  {t:<21}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
                         f"{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}")
        if show_lists:
            for t, s in self.mentions.items():
                for label, items in (("missed", s.missed), ("spurious", s.spurious), ("wrong value", s.wrong_value)):
                    if items:
                        lines.append(f"\n{t} {label} ({len(items)}):")
                        lines += [f"  {x}" for x in items]
            for label, items in (("missed", e.missed), ("spurious", e.spurious)):
                if items:
                    lines.append(f"\nevent {label} ({len(items)}):")
                    lines += [f"  {x}" for x in items]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Matching

def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _match(gold: list[dict], pred: list[dict], exact: bool) -> list[tuple[int, int]]:
    """One-to-one matching of spans, largest overlap first; returns (gold index, pred index)."""
    candidates = []
    by_start = sorted(range(len(pred)), key=lambda j: pred[j]["start"])
    starts = [pred[j]["start"] for j in by_start]

    for i, g in enumerate(gold):
        # Predictions that can overlap g start before g ends; scan back only while they could.
        hi = bisect.bisect_left(starts, g["end"])
        for k in range(hi - 1, -1, -1):
            p = pred[by_start[k]]
            if p["end"] <= g["start"] and p["start"] < g["start"] - 200:
                break
            if exact:
                if p["start"] == g["start"] and p["end"] == g["end"]:
                    candidates.append((g["end"] - g["start"], i, by_start[k]))
            else:
                ov = _overlap(g["start"], g["end"], p["start"], p["end"])
                if ov:
                    candidates.append((ov, i, by_start[k]))
    return _greedy_pairs(candidates)


def _greedy_pairs(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one pairs from (strength, gold index, pred index), strongest first."""
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _prf(gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]]) -> tuple[PRF, list[int], list[int]]:
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    tp = sum(1 for i, _ in pairs if not gold[i].get("optional"))
    missed = [i for i, g in enumerate(gold) if i not in matched_g and not g.get("optional")]
    spurious = [j for j in range(len(pred)) if j not in matched_p]
    return PRF(tp=tp, fp=len(spurious), fn=len(missed)), missed, spurious


def _value_ok(kind: str, g: dict, p: dict) -> bool:
    if kind == "date":
        return g.get("earliest") == p.get("earliest") and g.get("latest") == p.get("latest")
    if kind == "money":
        return (g.get("currency") == p.get("currency") and _num(g.get("min")) == _num(p.get("min"))
                and _num(g.get("max")) == _num(p.get("max")))
    return g.get("org_type") == p.get("org_type")


def _num(x: Any) -> Any:
    return None if x is None else round(float(x), 6)


def _show(rec: dict, kind: str) -> str:
    extra = ""
    if kind == "date":
        extra = f" {rec.get('value')} [{rec.get('earliest')}..{rec.get('latest')}]"
    elif kind == "money":
        extra = f" {rec.get('currency')} {rec.get('min')}..{rec.get('max')}"
    elif kind == "organisation":
        extra = f" {rec.get('canonical')} ({rec.get('org_type')})"
    return f"{rec['start']}-{rec['end']} {rec.get('text')!r}{extra}"


def score_mentions(kind: str, gold: list[dict], pred: list[dict], doc: str = "") -> TypeScore:
    score = TypeScore(coref=PRF() if kind == "organisation" else None)
    gold = sorted(gold, key=lambda r: r["start"])
    pred = sorted(pred, key=lambda r: r["start"])
    prefix = f"{doc}: " if doc else ""
    exact_pairs = _match(gold, pred, exact=True)
    score.exact, _, _ = _prf(gold, pred, exact_pairs)
    pairs = _match(gold, pred, exact=False)
    score.overlap, missed, spurious = _prf(gold, pred, pairs)
    score.missed = [prefix + _show(gold[i], kind) for i in missed]
    score.spurious = [prefix + _show(pred[j], kind) for j in spurious]
    for i, j in pairs:
        if gold[i].get("optional"):
            continue
        ok = _value_ok(kind, gold[i], pred[j])
        score.value.total += 1
        score.value.right += ok
        if not ok:
            score.wrong_value.append(f"{prefix}gold {_show(gold[i], kind)} | pred {_show(pred[j], kind)}")
    if kind == "organisation":
        score.coref = _coref([(gold[i], pred[j]) for i, j in pairs if not gold[i].get("optional")])
    return score


def _coref(pairs: list[tuple[dict, dict]]) -> PRF:
    """Pairwise coreference over matched mentions, counted through cluster sizes (linear)."""
    def pairs_of(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    gold_clusters = Counter(g.get("canonical") for g, _ in pairs)
    pred_clusters = Counter(p.get("entity") or p.get("canonical") for _, p in pairs)
    both = Counter((g.get("canonical"), p.get("entity") or p.get("canonical")) for g, p in pairs)
    tp = pairs_of(both)
    return PRF(tp=tp, fp=pairs_of(pred_clusters) - tp, fn=pairs_of(gold_clusters) - tp)


def _spans(ev: dict) -> list[tuple[str, int, int]]:
    return [(a["role"], a["start"], a["end"]) for a in ev.get("arguments", [])]


def _event_candidates(g: dict, p: dict) -> int:
    """Strength of the match between two events of one document; 0 means no match."""
    if g["event_type"] != p["event_type"]:
        return 0
    ge, pe = g["evidence"], p["evidence"]
    if not _overlap(ge["start"], ge["end"], pe["start"], pe["end"]):
        return 0
    gt, pt = g["trigger"], p["trigger"]
    trigger = _overlap(gt["start"], gt["end"], pt["start"], pt["end"]) > 0
    shared = sum(1 for _, a0, a1 in _spans(g) for _, b0, b1 in _spans(p) if _overlap(a0, a1, b0, b1))
    if not trigger and not shared:
        return 0
    return (100 if trigger else 0) + shared


def score_events(gold: list[dict], pred: list[dict], pred_dates: dict[str, dict], doc: str = "") -> EventScore:
    score = EventScore()
    prefix = f"{doc}: " if doc else ""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = _event_candidates(g, p)
            if s:
                candidates.append((s, i, j))
    pairs = _greedy_pairs(candidates)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    optional_p = {j for i, j in pairs if gold[i].get("optional")}
    for i, g in enumerate(gold):
        if g.get("optional"):
            continue
        t = score.by_type[g["event_type"]]
        if i in matched_g:
            score.events.tp += 1
            t.tp += 1
        else:
            score.events.fn += 1
            t.fn += 1
            score.missed.append(f"{prefix}{_show_event(g)}")
            score.arguments.fn += len(g.get("arguments", []))
    for j, p in enumerate(pred):
        if j in optional_p:
            continue
        if j not in matched_p:
            score.events.fp += 1
            score.by_type[p["event_type"]].fp += 1
            score.spurious.append(f"{prefix}{_show_event(p)}")
            score.arguments.fp += len(p.get("arguments", []))
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if g.get("optional"):
            continue
        ga = [dict(start=s, end=e, role=r) for r, s, e in _spans(g)]
        pa = [dict(start=s, end=e, role=r) for r, s, e in _spans(p)]
        # Only same-role pairs match, so a role swap is one miss and one spurious argument.
        arg_pairs = _match_roles(ga, pa)
        score.arguments.tp += len(arg_pairs)
        score.arguments.fp += len(pa) - len(arg_pairs)
        score.arguments.fn += len(ga) - len(arg_pairs)
        gd = g.get("date")
        pd = pred_dates.get(p.get("date")) if p.get("date") else None
        score.date.total += 1
        if gd is None and pd is None:
            score.date.right += 1
        elif gd is not None and pd is not None and _overlap(gd["start"], gd["end"], pd["start"], pd["end"]):
            score.date.right += 1
    return score


def _match_roles(ga: list[dict], pa: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for role in {a["role"] for a in ga}:
        gi = [k for k, a in enumerate(ga) if a["role"] == role]
        pi = [k for k, a in enumerate(pa) if a["role"] == role]
        sub = _match([ga[k] for k in gi], [pa[k] for k in pi], exact=False)
        pairs += [(gi[a], pi[b]) for a, b in sub]
    return pairs


def _show_event(ev: dict) -> str:
    args = ", ".join(f"{a['role']}={a.get('text')}" for a in ev.get("arguments", []))
    return f"{ev['event_type']} trigger {ev['trigger'].get('text')!r}@{ev['trigger']['start']} [{args}]"


# ---------------------------------------------------------------------------------------------
# Entry points

def evaluate(gold_docs: dict[str, list[dict]], pred_docs: dict[str, list[dict]],
             event_scope: dict[str, set[str]] | None = None) -> Report:
    """Score every gold document against the predictions for the same doc_id (events only of the
    types its gold annotates, where ``event_scope`` names them)."""
    mentions = {t: TypeScore(coref=PRF() if t == "organisation" else None) for t in MENTION_TYPES}
    events = EventScore()
    for doc_id in sorted(gold_docs):
        gold = gold_docs[doc_id]
        pred = pred_docs.get(doc_id, [])
        for t in MENTION_TYPES:
            s = score_mentions(t, [r for r in gold if r["type"] == t], [r for r in pred if r["type"] == t],
                               doc_id if len(gold_docs) > 1 else "")
            agg = mentions[t]
            agg.exact.add(s.exact)
            agg.overlap.add(s.overlap)
            agg.value.add(s.value)
            if agg.coref is not None and s.coref is not None:
                agg.coref.add(s.coref)
            agg.missed += s.missed
            agg.spurious += s.spurious
            agg.wrong_value += s.wrong_value
        pred_dates = {r["id"]: r for r in pred if r["type"] == "date"}
        scope = (event_scope or {}).get(doc_id)
        es = score_events([r for r in gold if r["type"] == "event"],
                          [r for r in pred if r["type"] == "event" and (scope is None or r["event_type"] in scope)],
                          pred_dates, doc_id if len(gold_docs) > 1 else "")
        events.events.add(es.events)
        events.arguments.add(es.arguments)
        events.date.add(es.date)
        for t, prf in es.by_type.items():
            events.by_type[t].add(prf)
        events.missed += es.missed
        events.spurious += es.spurious
    return Report(mentions, events, sorted(gold_docs),
                  unpredicted=[d for d in sorted(gold_docs) if d not in pred_docs], predicted=sorted(pred_docs))


def evaluate_files(gold_path: str, pred_path: str, doc_id: str | None = None) -> Report:
    gold = load_gold(gold_path)
    pred = group_by_doc(load_jsonl(pred_path))
    if len(gold) == 1 and not Path(gold_path).suffix == ".json":
        # A bare gold JSONL without doc_id fields scores against the only predicted document.
        (only,) = gold
        if only not in pred and len(pred) == 1:
            gold = {next(iter(pred)): gold[only]}
    if doc_id is not None:
        if doc_id not in gold:
            raise ValueError(f"no gold for document {doc_id!r}")
        gold = {doc_id: gold[doc_id]}
    return evaluate(gold, pred, load_event_scope(gold_path))
