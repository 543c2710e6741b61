"""The spec files: one readable JSON Lines file per dimension under tests/spec/, one runner.

In the manner of Duckling's corpus and Microsoft Recognizers-Text's JSON specs, each line is a
case: ``input`` (and ``published`` for dates), the ``expected`` mentions with their normalised
fields, and optionally ``only`` (nothing else may be found; with ``expected: []``, nothing at
all), ``forbidden`` (spans no mention may contain) and a ``note``. Every case runs twice: as
written and converted to traditional script with OpenCC s2t, where a found span is compared
with the expected one through t2s. Add a case by adding a line; the checks per dimension are
the functions named in ``CHECKS``.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import opencc
import pytest

from extract.dates import find_dates
from extract.money import find_money
from extract.numerals import fold_width, parse_digits, parse_number
from extract.orgs import find_organisations
from extract.pipeline import analyse

SPEC = Path(__file__).resolve().parent / "spec"
S2T, T2S = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
SCRIPTS = ("as_written", "traditional")


def _mentions(finder: Callable, text: str, published: str | None = None) -> list[dict[str, Any]]:
    """The finder's mentions with their original spans and values, plus the analysis slice."""
    analysed, converted = analyse(text, "spec", published)
    out = []
    for m in finder(analysed):
        start, end = converted.offsets.to_original(m.start, m.end)
        out.append({"text": text[start:end], "analysis": analysed.text[m.start:m.end], "rule": m.rule, **m.values})
    return out


def _check_mentions(case: dict, found: list[dict], script: str, fields: tuple[str, ...],
                    simplified_spans: bool = False) -> None:
    """Each expected mention is found with its fields; ``only``: nothing else; ``forbidden``: in
    no span. Spans match exactly as written, through t2s in traditional (or always, when the
    spec gives them in simplified Chinese)."""
    if script == "as_written" and not simplified_spans:
        def same(got: str, want: str) -> bool:
            return got == want
    else:
        def same(got: str, want: str) -> bool:
            return T2S.convert(got) == T2S.convert(want)
    for want in case["expected"]:
        hits = [f for f in found if same(f["text"], want["text"])]
        assert hits, f"no mention {want['text']!r} in {[f['text'] for f in found]}"
        got = {k: hits[0][k] for k in fields}
        assert got == {k: want[k] for k in fields}, hits[0]
    if case.get("only"):
        assert len(found) == len(case["expected"]), [f["text"] for f in found]
    for bad in case.get("forbidden", []):
        target = bad if script == "as_written" else S2T.convert(bad)
        assert not any(target in f["text"] for f in found), (bad, [f["text"] for f in found])


def check_dates(case: dict, text: str, script: str) -> None:
    found = _mentions(find_dates, text, case.get("published"))
    _check_mentions(case, found, script, ("value", "earliest", "latest", "granularity", "mod", "relative"))


def check_money(case: dict, text: str, script: str) -> None:
    found = _mentions(find_money, text)
    for f in found:
        assert f["rule"].startswith("money.") and f["analysis"] == fold_width(T2S.convert(f["text"])), f
    _check_mentions(case, found, script, ("amount", "min", "max", "currency", "mod"))


def check_organisations(case: dict, text: str, script: str) -> None:
    found = _mentions(find_organisations, text)
    _check_mentions(case, found, script, ("canonical", "org_type"), simplified_spans=True)


def check_numerals(case: dict, text: str, script: str) -> None:
    parse = parse_digits if case.get("parser") == "digits" else parse_number
    want = case["expected"]
    got = parse(text)
    if want is None:
        assert got is None, got
    elif case.get("parser") == "digits":
        assert got == want
    else:
        assert got == Decimal(str(want))


# the dimension of each spec file → the function that checks one of its cases
CHECKS: dict[str, Callable[[dict, str, str], None]] = {
    "dates": check_dates,
    "money": check_money,
    "organisations": check_organisations,
    "numerals": check_numerals,
}


def _cases() -> list:
    params = []
    for dimension in CHECKS:
        path = SPEC / f"{dimension}.jsonl"
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                case = json.loads(line)
                for script in case.get("scripts", SCRIPTS):
                    params.append(pytest.param(dimension, case, script,
                                               id=f"{dimension}:{number}:{script}:{case['input'][:16]}"))
    return params


@pytest.mark.parametrize("dimension,case,script", _cases())
def test_spec(dimension: str, case: dict, script: str) -> None:
    text = case["input"] if script == "as_written" else S2T.convert(case["input"])
    CHECKS[dimension](case, text, script)


def test_every_spec_file_has_a_check_and_cases():
    assert {p.stem for p in SPEC.glob("*.jsonl")} == set(CHECKS)
    assert len(_cases()) >= 2 * 450
