"""Events: founding, funding, acquisition, partnership, product launch and award (issue 7).

``find_events(doc, dates, money, orgs)`` reads the analysis text (simplified, width-folded) one
sentence at a time and returns :class:`EventMention` objects whose arguments point at the
date/money/organisation mentions that fill them, or are text-only (rounds, products, people, and
names the organisation recogniser missed).

Data
----
Triggers and cues are data, not code: one lexicon per type, ``extract/data/event_<type>.json``
(triggers with their exclusions, role-marking phrases), and ``event_cues.json`` (plans, negation,
references back, comparison, generic subjects, discourse and predicate words). They are loaded and
compiled once per process (``_lexicon``); jieba's part-of-speech table comes with the run's
resources (``doc.resources``), to see where a subject noun phrase ends.

How a sentence is read
----------------------
1. The sentence is cut into clauses at , ; : (not inside brackets, titles or short quotes) and at
   spaces between headline phrases. Its mentions are found by bisection. A name in brackets right
   after another (``芯睿科技股份有限公司(XinRui Technology, 以下简称芯睿)``) is an alias, and a name
   followed by 旗下/下属 is a parent (``小米旗下的小米长江产业基金``): neither fills a role. Names
   joined only by 、/和/与/及/以及 form one *group* (``IDG和StarVC``, ``高通、阿里巴巴和松禾资本``); a
   list goes on with names the recogniser missed (``与上海仪电、上海临港等``).
2. Each clause has a *subject*: its first group when nothing but dates, discourse words or a short
   descriptor precedes it; else a name-like phrase before its first predicate word (kept
   text-only); a clause without one inherits the previous clause's (Chinese topic chains), not
   across a colon; a sentence without any may take the previous sentence's within the paragraph.
3. Roles are assigned by the structure of the clause, never by distance: the subject (X成立,
   X获得…融资, X收购Y), role-marking phrases around a group (由X领投, X跟投, X加入, 获X投资,
   向X投资, 与X签署…协议, X联合Y推出Z, 估值达到…), objects after the trigger (收购Y, 推出Z).
4. Funding triggers of one sentence are gathered into *frames*, one per real-world round: 跟投,
   加入, 融资总计 in one sentence describe one round; a new round name, or a new date between two
   triggers, starts another; ``A轮和A+轮融资，A轮由…，A+轮则由…`` splits by the round-headed
   clauses. A count with a list (三笔战略融资，包括A、B和C) gives one event per investor. A frame
   opening with 本轮/此轮/本次 restates the round of the sentence before and adds to it.
5. Not events: triggers negated or failed (试图…入股失败), questions, clauses comparing with another
   organisation (远超B+轮1亿人民币的旷视科技), generic statements (多家厂商推出相应的新品,
   我们的融资…), nouns (投资人, 合作伙伴, 发布会), aggregates (累计融资, 先后获得6轮融资),
   references back (成立以来, 成立伊始, 被收购前) and later restatements of an event already found
   in an earlier sentence (the same organisation founded, the same product launched, the same
   parties, the same investee and round).

Status: a stated intention or plan (寻求, 计划, 拟, 筹备, 将于, 原定…) between the subject and the
trigger makes the event ``planned`` (README: "Stated intentions and plans … are events with
status planned"); everything else is ``actual``.

Date: the date in the event's own clauses before its trigger; else 于/在 + a date right after
it; else the nearest date earlier in the sentence (an anchored date wins over an interval such as
不到两个月后 right after it); else a date later in its own clauses; else — actual events only —
the narrative's current date: the most recent date earlier in the same paragraph, unless the
sentence moves the story on by an unstated time (此后…, 此项协议达成后…) or steps back (从小…).
A date later in the sentence belongs to what follows it (…，并在第二年4月领投…), and plans take no
narrative date.

Cost: every step works inside one sentence, with mentions and tokens found by bisection, so the
whole document is linear in its length (no loop over pairs of document mentions).

Layout
------
``core.py`` holds what every type shares (lexicons, the sentence structure ``_Sent``, role
helpers, dates and status, the document-level checks); one module per type (``founding.py``,
``funding.py``, ``acquisition.py``, ``partnership.py``, ``product_launch.py``, ``award.py``)
exports ``EVENT_TYPE``, ``ROLES``, ``DATA`` and its extractor; ``registry.py`` lists the types,
and the dispatch below, the record schema's type list, the allowed roles, stats and the review
page are derived from it. Document-level types (a module with ``extract_document``) are run on
the whole document after the sentence-level ones.
"""
from __future__ import annotations

import bisect

from ..analysis import AnalysedText, EventMention, Mention
from ..resources import resources_of
from .core import _DocState, _DocTokens, _Ev, _Sent, _bounded, _finish, _hits, _lexicon, one_per_happening
from . import registry
from .registry import EVENT_TYPES, ROLES

__all__ = ["EVENT_TYPES", "ROLES", "find_events"]


def find_events(doc: AnalysedText, dates: list[Mention], money: list[Mention],
                orgs: list[Mention]) -> list[EventMention]:
    """All events of one document, in text order (see the package docstring for the rules)."""
    lex = _lexicon()
    text = doc.text
    dates_s = sorted(dates, key=lambda m: (m.start, m.end))
    money_s = sorted(money, key=lambda m: (m.start, m.end))
    orgs_s = sorted(orgs, key=lambda m: (m.start, -m.end))
    d_starts = [m.start for m in dates_s]
    m_starts = [m.start for m in money_s]
    o_starts = [m.start for m in orgs_s]
    tokens = doc.tokens
    index = doc.token_index()
    # Tokens that do not tile the text (never segment()'s) are read as no tokens.
    doc_tokens = (_DocTokens(tokens, [t.start for t in tokens], index, resources_of(doc).word_tags)
                  if index is not None else None)

    def within(items, starts, a, b):
        return items[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]

    state = _DocState()
    out: list[EventMention] = []
    paragraph, pos = 0, 0
    for sent in _bounded(text, doc.sentences):
        paragraph += text.count("\n", pos, sent.start)
        pos = sent.start
        if paragraph != state.paragraph:
            state.paragraph = paragraph
            state.last_date = None
            state.last_topic = None
        dates_here = within(dates_s, d_starts, sent.start, sent.end)
        money_here = within(money_s, m_starts, sent.start, sent.end)
        orgs_here = within(orgs_s, o_starts, sent.start, sent.end)
        if not orgs_here and not (money_here and state.last_funding) \
                and not lex.any_trigger.search(text, sent.start, sent.end):
            # No trigger, no organisation (so no topic) and no valuation to carry: the sentence
            # only moves the narrative date on (a quarter of sentences; events -0.05 s at
            # 500,000 characters).
            state.last_funding = []
            if dates_here:
                state.last_date = dates_here[-1]
            continue
        s = _Sent(text, sent, dates_here, money_here, orgs_here, lex, doc_tokens)
        evs = _sentence_events(s, state)
        found: list[EventMention] = []
        for ev in evs:
            em = _finish(ev, s, state)
            if em is not None:
                found.append(em)
        out += found
        for after in registry.AFTER_SENTENCE:
            after(s, state, found)
        if s.dates:
            state.last_date = s.dates[-1]
        state.last_topic = s.topic() or state.last_topic
    out = one_per_happening(out, text)
    if registry.DOCUMENT_TYPES:
        for t in registry.DOCUMENT_TYPES:
            out += t.extract_document(doc, dates, money, orgs)
        out.sort(key=lambda e: (e.trigger_start, e.event_type))   # the pipeline's order of events
    return out


def _sentence_events(s: _Sent, state: _DocState) -> list[_Ev]:
    hits = _hits(s)
    s.hit_starts = sorted(h.start for hs in hits.values() for h in hs)
    evs: list[_Ev] = []
    for t in registry.SENTENCE_TYPES:
        evs += t.extract_sentence(s, hits.get(t.EVENT_TYPE, []), state, evs)
    return evs
