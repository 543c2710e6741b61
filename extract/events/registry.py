"""The event types, in the order they are read: the one list everything else derives from.

Dispatch (``extract.events.find_events``), the lexicons loaded (each type's ``DATA`` file), the
record schema's ``event_type`` values, the allowed roles of each type (``ROLES``), stats and the
review page all read this module, so adding a type is: one module, one data file, one line here.

A type module exports ``EVENT_TYPE: str`` and ``ROLES: tuple[str, ...]`` and one extractor:

* sentence level — ``DATA`` (a file in ``extract/data/`` with ``triggers``) and
  ``extract_sentence(s, hits, state, earlier) -> list[_Ev]``, called for every sentence with a
  trigger of its type, in the order of ``TYPES`` (``earlier``: the events the types before it
  found in that sentence); optionally ``after_sentence(s, state, found)`` after each sentence;
* document level — ``extract_document(doc, dates, money, orgs) -> list[EventMention]`` (types
  from ``extract.analysis``), called once per document after the sentence-level types; its
  events are merged into the document's in the pipeline's order (trigger start, then type).

A new type name changes the record schema: run ``extract schema`` and commit ``schemas/``.
"""
from __future__ import annotations

from types import ModuleType

from ..financial import (bankruptcy, buyback, executive_change, listing, loss, pledge, pledge_release,
                         regulatory_talk, stake_decrease, stake_increase, winning_bid)
from . import acquisition, award, founding, funding, partnership, product_launch

TYPES: tuple[ModuleType, ...] = (
    founding,
    funding,
    acquisition,
    partnership,
    product_launch,
    award,
    # financial types (RECORDS.md v2, issue 17), read once per document
    listing,
    buyback,
    pledge,
    pledge_release,
    stake_increase,
    stake_decrease,
    executive_change,
    winning_bid,
    loss,
    bankruptcy,
    regulatory_talk,
)

EVENT_TYPES: tuple[str, ...] = tuple(t.EVENT_TYPE for t in TYPES)
ROLES: dict[str, tuple[str, ...]] = {t.EVENT_TYPE: tuple(t.ROLES) for t in TYPES}
SENTENCE_TYPES = tuple(t for t in TYPES if hasattr(t, "extract_sentence"))
DOCUMENT_TYPES = tuple(t for t in TYPES if hasattr(t, "extract_document"))
AFTER_SENTENCE = tuple(t.after_sentence for t in SENTENCE_TYPES if hasattr(t, "after_sentence"))


def check_types(types: tuple[ModuleType, ...]) -> None:
    """Refuse a malformed registry at import time rather than halfway through a run."""
    for t in types:
        if not isinstance(getattr(t, "EVENT_TYPE", None), str) or not getattr(t, "ROLES", None):
            raise TypeError(f"event type module {t.__name__} must define EVENT_TYPE and ROLES")
        if hasattr(t, "extract_sentence") == hasattr(t, "extract_document"):
            raise TypeError(f"event type module {t.__name__} must define exactly one of "
                            f"extract_sentence and extract_document")
        if hasattr(t, "extract_sentence") and not isinstance(getattr(t, "DATA", None), str):
            raise TypeError(f"sentence-level event type module {t.__name__} must name its DATA file")
    names = [t.EVENT_TYPE for t in types]
    if len(set(names)) != len(names):
        raise TypeError(f"an event type is registered twice: {names}")


check_types(TYPES)
