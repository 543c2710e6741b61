"""ISO 4217 currency codes (``data/iso4217.tsv``), for ``--currency`` and a document's own currency.

A code is accepted in any letter case and written upper-case (``usd`` → ``USD``), as ISO codes
are case-insensitive in practice and the command line always upper-cased them; anything that is
not a code on the list (``RMB``, ``NTD``, ``US$``, a number) is refused with a message naming
the code to use where one is obvious.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Common non-ISO spellings people put where a code belongs, and the code they mean.
_HINTS = {"RMB": "CNY", "NTD": "TWD", "NT": "TWD", "HK": "HKD", "US": "USD", "YUAN": "CNY"}


@lru_cache(maxsize=1)
def iso_codes() -> dict[str, str]:
    """Code → name, read once per process."""
    text = resources.files("extract").joinpath("data", "iso4217.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, name = line.partition("\t")
            out[code.strip()] = name.strip()
    return out


def normalise_currency(value: object, what: str = "currency") -> str:
    """``value`` as an upper-case ISO 4217 code, or ValueError with a message a person can act on."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be an ISO 4217 code such as TWD (a string), got {value!r}")
    code = value.strip().upper()
    if code in iso_codes():
        return code
    hint = _HINTS.get(code.rstrip("$"))
    suggestion = f"; {value!r} is written {hint}" if hint else " (such as CNY, TWD, HKD or USD)"
    raise ValueError(f"{what} {value!r} is not an ISO 4217 currency code{suggestion}")
