"""Product launch events: X推出/发布Y (organisation, products)."""
from __future__ import annotations

from typing import Any

import regex

from ..analysis import Mention
from .core import (
    _DocState, _Ev, _HAN, _Hit, _LATIN_TAIL, _NAME_CHAR, _NO_LETTERS, _SHORT_CAPS, _Sent,
    _TEXT_RULE, _VERSION_NUMBER, _before_text, _generic_subject, _list_items, _norm,
    _opens_predicate, _org_arg, _persons, _planned, _subject_members, _words, load_data,
)

EVENT_TYPE = "product_launch"
DATA = "event_product_launch.json"      # triggers, exclusions and role phrases (extract/data/)
ROLES = ('org', 'product')
COLOUR = "#d97706"              # its colour on the review page
LABEL = "launch"             # its short name on the review page's timeline

# The type's own words and patterns (DATA), compiled once at import.
_D = load_data(DATA)
_INTRANSITIVE_ONLY = set(_D["intransitive_only"])
_COORG_BEFORE = regex.compile(_D["coorg_before"])
_LAUNCHER_BEFORE = regex.compile(_D["launcher_before"])
_DISTRIBUTIVE = regex.compile(_D["distributive"])
_NON_PRODUCT = regex.compile("(?:" + _words(_D["non_product_heads"]) + ")$")
_PREFIX_STRIP = regex.compile(_D["product_prefix_strip"])
_NAME = regex.compile(_D["name_pattern"])
_LATIN = regex.compile(_D["latin_name_pattern"])
_LATIN_STOP = set(_D["latin_stop"])
_COPULA = regex.compile(_D["copula_subject"])
_PRODUCT_CUE = regex.compile(_D["product_cue"])
_SUBJECT_PRODUCT_CUE = regex.compile(_D["subject_product_cue"])
_NON_PRODUCT_WORD = regex.compile(_D["non_product_words"])
_SUPERSEDED = regex.compile(_D["superseded_plan"])
_ANNOUNCE = regex.compile(_D["announce_verbs"])
_OWNER_MARKER = regex.compile(_D["owner_marker"])
_QUOTED_AFTER = regex.compile(r"[《“\"「『][^》”\"」』]{1,30}[》”\"」』]")


def extract_sentence(s: _Sent, hits: list[_Hit], state: _DocState, earlier: list[_Ev] = ()) -> list[_Ev]:
    """The product launch events of one sentence (``earlier``: the events of the types before this one)."""
    lex, text = s.lex, s.text
    out: list[_Ev] = []
    for h in hits:
        c = h.clause
        a, _ = s.clauses[c]
        cend = s.clause_end(c)
        if _generic_subject(s, h):
            continue
        products: list[tuple[int, int]] = []
        relative = text.startswith("的", h.end)
        obj0 = h.end + (1 if relative else 0)
        intransitive = h.trig.name in _INTRANSITIVE_ONLY
        # the object, continued over a list after a colon or 以及…
        obj_end = cend
        if text[s.clauses[c][1] - 1] == ":":
            # 发布了多个产品: A, B 和 C (a list runs on for a few clauses at most)
            obj_end = s.clause_end(min(len(s.clauses) - 1, c + 8))
        else:
            k = c
            while k + 1 < len(s.clauses) and lex.continuation.match(s.strip_lead(*s.clauses[k + 1])[0]):
                k += 1
                obj_end = s.clause_end(k)
        product_only = bool(h.trig.extra.get("product_only"))
        # 发布全新240Hz显示器, 推出了全新的nova系列: jieba tags 全新/最新 as adverbs, which
        # would open a predicate; past a product's modifiers the object starts (but 首款搭载…的Y
        # is an object as it stands)
        pre = _PREFIX_STRIP.match(text, obj0, cend)
        opens = _opens_predicate(s, obj0, cend) and not (
            pre and pre.end() < cend and not _opens_predicate(s, pre.end(), cend))
        if not intransitive and not product_only and not opens:
            products = _products(s, obj0, cend, obj_end)
        copula = None
        if relative:
            cm = _COPULA.match(text[a:h.start])
            if cm and not lex.anaphoric_start.match(cm.group("subject")):
                copula = (a + cm.start("subject"), a + cm.end("subject"))
        if copula is not None:
            ps = _products(s, copula[0], copula[1], copula[1]) or [copula]
            products = ps
        product_is_subject = False
        brand: list[Mention] = []
        if not products and not relative and \
                _NON_PRODUCT_WORD.match(text, obj0 + text.startswith("了", obj0), cend):
            continue    # 发布道歉声明, 发表演讲: what is issued is no product, nor is the subject
        if not products and (intransitive or product_only or not text[h.end:cend].strip(" 了")
                             or opens):
            owned = _owned_product(s, c, h.start)
            np_span = _brand_phrase(s, c, h.start) if owned is None else None
            if owned is not None:
                # 雷诺旗下首款纯电动车型K-ZE将于9月上市: the owner launches what it owns
                products = [owned[1]]
                brand = owned[0]
                product_is_subject = True
            elif np_span is not None:
                # 比亚迪秦Pro超能版上市: a brand name opening the product's name
                products = [np_span]
                brand = list(s.subject[c].members)
                product_is_subject = True
            else:
                span = _subject_product(s, c, h.start)
                if span is not None:
                    products = [span]
                    product_is_subject = True
        if product_only and not (product_is_subject and (s.subject[c] is None or brand) and
                                 _PRODUCT_CUE.search(text, products[0][0], products[0][1]) if products else False):
            continue    # X在港交所上市: a listing, not a product
        products = [p for p in products if not _NON_PRODUCT_WORD.search(text, p[0], p[1])]
        if product_is_subject and h.trig.extra.get("subject_needs_cue"):
            # 宋仲基首次亮相, 中国女排二队首度亮相: people and teams appear too (data: _subject_cue)
            if not _SUBJECT_PRODUCT_CUE.search(text, a, h.start):
                products = []
        if not products:
            continue
        # the organisations: subject (own or inherited), co-launchers (联合/联手/与…共同), 由X
        orgs: list[Mention] = []
        text_orgs: list[tuple[int, int]] = []
        subj = s.subject_of(c)
        own = s.subject[c]
        if brand:
            orgs += brand
            own = subj = None
            skip_subject = True
        elif own is not None and own.start < h.start and _NAME_CHAR.match(text[own.end:own.end + 1]) \
                and s.marker(lex.predicate_marker, own.end, h.start) is not None \
                and s.marker(lex.predicate_marker, own.end, h.start).start() > own.end:
            # the name only begins the subject (腾讯微视、抖音短视频纷纷上线): the phrase is the launcher
            span = (own.start, s.marker(lex.predicate_marker, own.end, h.start).start())
            text_orgs += _persons(s, *span)
            own = subj = None
            skip_subject = True
        else:
            skip_subject = False
        if product_is_subject and own is None and not brand:
            # “衡思”App在应用商店上线: the launcher is the topic of the earlier clauses
            subj = next((s.subject[k] for k in range(c - 1, -1, -1) if s.subject[k] is not None), None)
            if subj is not None:
                orgs += subj.members
            skip_subject = True
        if copula is None and not skip_subject:
            if subj is not None and subj.start < h.start and not any(p[0] <= subj.start < p[1] for p in products):
                orgs += subj.members
            elif own is None:
                span = s.subject_text(c, h.start)
                if span and not any(p[0] <= span[0] < p[1] for p in products) and \
                        not text[span[0]:span[1]].startswith(("在", "于")):
                    text_orgs += _persons(s, *span)
        for g in s.groups_between(a, h.start):
            if g is subj:
                continue
            before = _before_text(s, g)
            if _COORG_BEFORE.search(before) or _LAUNCHER_BEFORE.search(before) or \
                    (relative and g.end >= h.start - 1):
                orgs += [m for m in g.members if m not in orgs]
        if not orgs and not text_orgs and copula is None and not product_is_subject and own is None:
            orgs += [m for m in _subject_members(s, c, h.start)
                     if m.rule == _TEXT_RULE and not any(p[0] <= m.start < p[1] for p in products)]
        # 新车共推出一款车型, 本产品…: a generic or pointing word is no launcher
        text_orgs = [t for t in text_orgs if not _generic_word(lex, text[t[0]:t[1]])]
        orgs = [m for m in orgs if not (m.rule == _TEXT_RULE and _generic_word(lex, text[m.start:m.end]))]
        distributive = bool(_DISTRIBUTIVE.search(text, a, h.start))
        status = "planned" if _planned(s, h) else "actual"
        launchers: list[list[Any]] = [[*orgs, *text_orgs]]
        if distributive and len(orgs) + len(text_orgs) >= 2:
            launchers = [[o] for o in [*orgs, *text_orgs]]
        for who in launchers:
            for p in products:
                ev = _Ev("product_launch", (h.start, h.end), f"product_launch:{h.trig.name}", {c}, status=status)
                for o in who:
                    if isinstance(o, tuple):
                        ev.add("org", *o)
                    else:
                        _org_arg(ev, "org", o)
                ev.add("product", *p)
                ev.key = ("product_launch", _norm(text[p[0]:p[1]]))
                out.append(ev)
    # one launch stated twice in a sentence (原定…推出，…将于…上线): keep the later wording
    merged: list[_Ev] = []
    by_key: dict[Any, list[_Ev]] = {}
    for ev in out:
        same = next((e for e in by_key.get(ev.key, []) if e.trigger != ev.trigger), None)
        if same is None:
            merged.append(ev)
            by_key.setdefault(ev.key, []).append(ev)
            continue
        if _SUPERSEDED.search(text, s.s0, same.trigger[0]):
            same.trigger = ev.trigger
            same.clauses |= ev.clauses
            same.rule = ev.rule
        if ev.status == "planned":
            same.status = "planned"
    return merged


def _products(s: _Sent, a: int, b: int, list_end: int) -> list[tuple[int, int]]:
    """Product spans in an object text[a:b] (or a list running to list_end)."""
    lex, text = s.lex, s.text
    pre = _PREFIX_STRIP.match(text, a, b)
    if pre:
        a = pre.end()
    if a >= list_end:
        return []
    out = []
    for m in _NAME.finditer(text, a, list_end):
        n0, n1 = m.start(1), m.end(1)
        # a name with a Latin suffix (“衡思”App) keeps it
        tail = _LATIN_TAIL.match(text, m.end(), list_end)
        if tail:
            n0, n1 = m.start(), tail.end()
        out.append((n0, n1))
    if not out:
        for m in _LATIN.finditer(text, a, list_end):
            w = m.group()
            if w in _LATIN_STOP or len(w) < 2:
                continue
            # a brand followed by its model (Redmi Book 14) is the product; a brand alone is not
            if any(o.start < m.end() and m.start() < o.end and not (o.start == m.start() and o.end < m.end())
                   for o in s.orgs_near(m.start(), m.end())):
                continue
            if _VERSION_NUMBER.fullmatch(w):
                continue
            # a Latin word that only qualifies a Chinese head (AI晶片, AR功能) is not the name
            if _HAN.match(text[m.end():m.end() + 1]) and _SHORT_CAPS.fullmatch(w):
                continue
            out.append((m.start(), m.end()))
    if out:
        return out
    # a list of plain names (发布了A、B和C): one product each
    items = _list_items(s, a, list_end)
    if len(items) >= 2:
        return items
    # the object noun phrase without its modifiers
    t1 = b
    while t1 > a and text[t1 - 1] in " 等,。":
        t1 -= 1
    seg = text[a:t1]
    if not seg or len(seg) > 30 or lex.generic_object.match(seg):
        return []
    k = seg.rfind("的")
    if 0 <= k < len(seg) - 1:
        a += k + 1
        seg = text[a:t1]
    if lex.generic_object.match(seg) or _NON_PRODUCT.search(seg) or len(seg) < 2:
        return []
    if any(m.start <= a and m.end >= t1 for m in s.orgs_near(a, t1)):
        return []
    if _NO_LETTERS.fullmatch(seg):
        return []
    return [(a, t1)]


def _brand_phrase(s: _Sent, c: int, upto: int) -> tuple[int, int] | None:
    """The clause's subject when an organisation name only opens it (比亚迪秦Pro ev超能版)."""
    g = s.subject[c]
    text = s.text
    if g is None or len(g.members) != 1 or g.start >= upto or \
            not _NAME_CHAR.match(text[g.end:g.end + 1]):
        return None
    end = upto
    m = s.marker(s.lex.predicate_marker, g.end, upto)
    if m is not None:
        end = m.start()
    end = min(end, s.verb_boundary(g.end, end))
    for d in s.dates:
        if g.end <= d.start < end:
            end = d.start
    while end > g.end and text[end - 1] == " ":
        end -= 1
    if end <= g.end:
        return None
    return g.start, end


def _subject_product(s: _Sent, c: int, upto: int) -> tuple[int, int] | None:
    """The product as subject of an intransitive launch (“衡思”App在应用商店上线)."""
    announced = _announced_subject(s, c, upto)
    if announced is not None:
        return announced
    for k in range(c, -1, -1):
        span = s.subject_text(k, upto if k == c else None)
        if span is None:
            continue
        p0, p1 = span
        seg = s.text[p0:p1]
        j = seg.rfind("的")
        if 0 <= j < len(seg) - 1:
            p0 += j + 1
        if any(m.start <= p0 and m.end >= p1 for m in s.orgs_near(p0, p1)):
            return None
        if s.lex.generic_object.match(s.text[p0:p1]):
            return None
        return p0, p1
    return None


def _generic_word(lex, t: str) -> bool:
    """新车, 本产品, 该品牌: a generic name, alone or after a pointing character."""
    return t in lex.generic_names or (t[:1] in "本该此" and t[1:] in lex.generic_names)


def _announced_subject(s: _Sent, c: int, upto: int) -> tuple[int, int] | None:
    """谷歌宣布其云游戏平台Stadia将于11月正式发布: the subject of the announced clause (data:
    _announced_subject), up to its predicate, when it is no organisation."""
    a = s.clauses[c][0]
    m = None
    for m in _ANNOUNCE.finditer(s.text, a, upto):
        pass
    if m is None:
        return None
    span = s.subject_text_from(m.end(), upto)
    if span is None or any(o.start <= span[0] and o.end >= span[1] for o in s.orgs_near(*span)):
        return None
    return span


def _owned_product(s: _Sent, c: int, upto: int):
    """(owner, product span) of a subject 雷诺旗下(的)Y (data: _owned_product), or None. Y is
    whatever the subject after 旗下 is, unless it is a recognised organisation (阿里巴巴旗下蚂蚁集团
    上市 is a listing); the owner is the organisation right before 旗下."""
    g = s.subject[c]
    if g is None or g.end > upto:
        return None
    text = s.text
    if any(m.kind == "organisation" and not m.rule.startswith("event:") for m in g.members):
        return None
    for m in _OWNER_MARKER.finditer(text, max(0, g.start - 8), g.start):
        if m.end() != g.start:
            continue
        owner = [o for o in s.orgs_near(m.start() - 1, m.start()) if o.end == m.start()]
        if owner:
            q = _QUOTED_AFTER.match(text, g.end, upto)    # 旗下的游戏《王者荣耀》: the title too
            return owner, (g.start, q.end() if q else g.end)
    return None
