"""Organisation mentions: recognition from combined evidence, then linking and typing.

Recognition proposes candidate spans from independent sources of evidence:

* a general lexicon (``data/organisations.tsv``; users may add their own file),
* name patterns: a proper-noun head followed by an organisation suffix (``data/org_suffixes.tsv``),
  the head's left edge found on the jieba segmentation,
* jieba dictionary words tagged ``nt`` that end in an organisation suffix (weak evidence),
* context: coordination with known organisations (谷歌、Facebook), roles in funding and
  partnership phrases (由X领投, X跟投, 与X签署, 获X投资), titles (X创始人, X CEO),
* an acronym or English name given in brackets after a name (微软亚洲研究院(MSRA)) and
  declared short names (以下简称X).

Names on ``data/not_organisations.tsv`` (products, frameworks, conferences, datasets) block
matches. Overlapping candidates are resolved longest-first. Linking then gives every mention of
one organisation the same ``canonical``: lexicon aliases, bracketed acronyms, short forms of a
longer name found in the document (商汤 → 商汤科技), and other occurrences of a recognised name.
Typing comes last, one type per linked entity.

The word lists these steps use (function words, categories, titles, role cues, unit words) are
data too, in ``data/org_cues.json``, each with a note on what it is for.
"""
from __future__ import annotations

import json
import os
from array import array
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from .analysis import AnalysedText, Mention, Token, token_owners
from .resources import resources_of
from .orgtagger import code_positions

ORG_TYPES = ("company", "investor", "university", "research", "government", "other")


# ---------------------------------------------------------------------------------------------
# Data (loaded once per process)

@dataclass(frozen=True, slots=True)
class OrgEntry:
    canonical: str
    org_type: str


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: OrgEntry | None   # None: a blocked non-organisation name
    weak: bool = False       # the alias is also an ordinary word: needs context
    block_class: str = ""


_LATIN = regex.compile(r"[A-Za-z0-9]")
_HAS_LATIN_LETTER = regex.compile(r"[A-Za-z]")
_CJK = regex.compile(r"\p{Han}")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _possible_starts(text: str, pairs: set[str], chars: set[str]) -> list[int]:
    """Positions ``i``, in order, where ``text[i:i + 2]`` is in ``pairs`` or ``text[i]`` in ``chars``.

    The candidate starts of a set of names (``pairs``: their first two characters, ``chars``:
    the names of one character): a longest-match lookup needs to run only there. One tight pass
    costs ~0.1 µs a character, a lookup ~2 µs, and only ~8 % of the positions of news text are
    left for it (_lexicon_candidates at 200,000 characters: 0.20 s → 0.06 s).
    """
    found = [i for i in range(len(text) - 1) if text[i:i + 2] in pairs]
    if chars:
        found = sorted({*found, *(i for i, ch in enumerate(text) if ch in chars)})
    return found


class _Lexicon:
    """Alias → hit, looked up by longest match with an index of lengths by the first two
    characters (a first-character index tried 3.5 times as many lengths, ~20 for 中)."""

    def __init__(self) -> None:
        self.exact: dict[str, _Hit] = {}
        self.folded: dict[str, _Hit] = {}     # lower-cased Latin names of 5+ characters
        self.exact_lengths: dict[str, list[int]] = {}    # key[:2] → lengths of keys, longest first
        self.folded_lengths: dict[str, list[int]] = {}
        self.canonicals: dict[str, OrgEntry] = {}
        # First two characters (ASCII lower-cased) of every key, and keys of one character:
        # where in a lower-cased text a key may begin (``starts``).
        self.heads: set[str] = set()
        self.single: set[str] = set()
        self.version = 0   # changes with every alias added (caches that read the lexicon check it)

    def _index(self, key: str, lengths: dict[str, list[int]]) -> None:
        lens = lengths.setdefault(key[:2], [])
        if len(key) not in lens:
            lens.append(len(key))
            lens.sort(reverse=True)
        head = key[:2].translate(_ASCII_LOWER)
        (self.heads if len(key) > 1 else self.single).add(head)

    def starts(self, lower: str) -> list[int]:
        """Positions where ``longest`` may find an alias, given the text ASCII-lower-cased: a
        superset (an exact alias there has the same lower-cased head, a folded one is lower-case)."""
        return _possible_starts(lower, self.heads, self.single)

    def add_alias(self, alias: str, hit: _Hit, override: bool = True) -> None:
        alias = alias.strip()
        if not alias:
            return
        if not override and alias in self.exact:
            return
        self.exact[alias] = hit
        self.version += 1
        self._index(alias, self.exact_lengths)
        if _HAS_LATIN_LETTER.search(alias) and not _CJK.search(alias) and len(alias) >= 5:
            low = alias.lower()
            self.folded[low] = hit
            self._index(low, self.folded_lengths)

    def add_entry(self, canonical: str, org_type: str, aliases: list[str]) -> None:
        if org_type not in ORG_TYPES:
            raise ValueError(f"unknown org_type {org_type!r} for {canonical!r}")
        entry = OrgEntry(canonical, org_type)
        self.canonicals[canonical] = entry
        weak_names = {a[1:] for a in aliases if a.startswith("~")}
        self.add_alias(canonical, _Hit(entry, canonical in weak_names))
        for alias in aliases:
            name = alias.lstrip("~")
            self.add_alias(name, _Hit(entry, name in weak_names))

    def longest(self, text: str, lower: str, i: int) -> tuple[int, _Hit] | None:
        """Longest alias starting at ``i`` (exact first, then case-folded Latin)."""
        found = _longest_key(self.exact, self.exact_lengths, text, i)
        if found is None and (lower[i] != text[i] or _LATIN.match(text[i])):
            found = _longest_key(self.folded, self.folded_lengths, lower, i)
        return found


def _longest_key(keys: dict[str, _Hit], lengths: dict[str, list[int]], text: str,
                 i: int) -> tuple[int, _Hit] | None:
    for head in (text[i:i + 2], text[i]):   # keys of 2+ characters, then of one
        for n in lengths.get(head, ()):
            if i + n > len(text):
                continue
            hit = keys.get(text[i:i + n])
            if hit is not None:
                return n, hit
    return None


@dataclass(frozen=True, slots=True)
class _Suffix:
    text: str
    org_type: str
    klass: str   # legal | strong | gov | gov1 | weak | unit


@dataclass
class _Data:
    lexicon: _Lexicon
    suffixes: dict[str, _Suffix]
    suffix_lengths: list[int]
    word_tags: dict[str, str]
    freq: dict[str, int]
    freq_total: int                 # the tokenizer's total, which a new dictionary word changes
    suffix_last: frozenset[str] = field(init=False)   # last characters of the suffixes
    suffixes_longest_first: list[str] = field(init=False)
    # word → (jieba tag, class) for _prepare, kept from one document to the next; emptied when
    # the lexicon gains an alias or jieba's dictionary a word (``features_stamp``).
    features: dict[str, tuple[str | None, str]] = field(init=False, default_factory=dict)
    features_stamp: tuple[int, int, int] = field(init=False, default=(0, 0, 0))

    def __post_init__(self) -> None:
        self.suffix_last = frozenset(s[-1] for s in self.suffixes)
        self.suffixes_longest_first = sorted(self.suffixes, key=len, reverse=True)

    def suffix_of(self, name: str) -> _Suffix | None:
        """The longest organisation suffix that ends ``name`` and leaves something before it
        (市住房保障管理中心 → 中心; 公司 alone has none)."""
        for n in self.suffix_lengths:
            if n < len(name):
                found = self.suffixes.get(name[-n:])
                if found is not None:
                    return found
        return None

    def features_for(self, words: list[str]) -> dict[str, tuple[str | None, str]]:
        """(tag, class) of each of ``words``, worked out once per distinct word and process: a
        word's features do not depend on the document (orgs on 400 news documents: 1.8 s → 1.4 s)."""
        stamp = (self.lexicon.version, len(self.freq), self.freq_total)
        if stamp != self.features_stamp or len(self.features) > _FEATURES_MAX:
            self.features = {}
            self.features_stamp = stamp
        cache = self.features
        out = {}   # the caller's own copy: another thread may start a new cache meanwhile
        for w in set(words):
            f = cache.get(w)
            if f is None:
                f = cache[w] = _word_features(w, self)
            out[w] = f
        return out


_FEATURES_MAX = 300_000   # distinct words kept (unknown words never stop coming)


def _data_lines(name: str) -> list[list[str]]:
    text = (resources.files("extract") / "data" / name).read_text(encoding="utf-8")
    return _parse_rows(text)


def _parse_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def _load_user_file(lexicon: _Lexicon, path: Path) -> None:
    """Parse a user lexicon (same TSV format) strictly as data; errors name the line."""
    from .config import read_user_text
    from .convert import convert

    text = read_user_text(path, "organisation lexicon")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0]:
            raise ValueError(f"{path}:{number}: expected 'canonical<TAB>org_type[<TAB>aliases]'")
        if cols[1] not in ORG_TYPES:
            raise ValueError(f"{path}:{number}: org_type must be one of {', '.join(ORG_TYPES)}, got {cols[1]!r}")
        # Users may write traditional Chinese: the lexicon is matched against simplified text.
        canonical = convert(cols[0]).analysis
        aliases = [convert(a).analysis for a in (cols[2].split("|") if len(cols) > 2 else []) if a.strip()]
        lexicon.add_entry(canonical, cols[1], aliases)


def build_data(res) -> _Data:
    """The stage's data for one extract.resources.Resources: the package's lexicons, the user's
    organisation files (checked at start-up by check_user_organisations) and jieba's words."""
    lexicon = _Lexicon()
    for cols in _data_lines("not_organisations.tsv"):
        lexicon.add_alias(cols[0], _Hit(None, block_class=cols[1] if len(cols) > 1 else "product"))
    for cols in _data_lines("organisations.tsv"):
        aliases = [a for a in cols[2].split("|") if a] if len(cols) > 2 else []
        lexicon.add_entry(cols[0], cols[1], aliases)
    for path in res.org_files:
        _load_user_file(lexicon, Path(path))
    suffixes = {c[0]: _Suffix(c[0], c[1], c[2]) for c in _data_lines("org_suffixes.tsv")}
    tok = res.tokenizer
    tags = res.word_tags
    return _Data(lexicon, suffixes, sorted({len(s) for s in suffixes}, reverse=True), tags, tok.FREQ, tok.total)


def check_user_organisations(path: str | os.PathLike[str]) -> None:
    """Parse a user file (``canonical<TAB>org_type<TAB>alias|alias``) as data only, into a
    scratch lexicon: ValueError ``FILE:LINE: problem`` at its first bad line. Loaded for a run
    through RunConfig.org_files; its entries override built-in aliases of the same name."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"organisation lexicon {str(path)!r} is not a readable file")
    _load_user_file(_Lexicon(), path)


def lexicon_entry(name: str) -> OrgEntry | None:
    """The lexicon entry an alias (simplified Chinese or Latin) belongs to, if any."""
    from .resources import resources_for

    hit = resources_for().orgs.lexicon.exact.get(name)
    return hit.entry if hit else None


# ---------------------------------------------------------------------------------------------
# Word classes used to find the edges of names

def _cue_lists() -> dict:
    """The word lists of ``data/org_cues.json`` (without their ``_`` notes), read once at import."""
    text = (resources.files("extract") / "data" / "org_cues.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


# Each list is explained by its note in data/org_cues.json.
_CUES = _cue_lists()
_STOP_TAGS = set(_CUES["stop_tags"])
_STOP_WORDS = set(_CUES["stop_words"])
_DATELINE_WORDS = frozenset(_CUES["dateline_words"])
_TITLE_PREFIXES = frozenset(_CUES["title_prefixes"])
_NAME_VERBS = set(_CUES["name_verbs"])
_CATEGORY = set(_CUES["category"])
_PRODUCT_WORDS = set(_CUES["product_words"])
_DESCRIPTORS = set(_CUES["descriptors"])
_COUNTRIES = set(_CUES["countries"])
_REGIONS = set(_CUES["regions"])
_REGION_UNITS = tuple(_CUES["region_units"])
_TITLES = tuple(_CUES["titles"])
_INVEST_AFTER = tuple(_CUES["invest_after"])
_INVEST_VERBS = tuple(_CUES["invest_verbs"])
_PARTNER_VERBS = tuple(_CUES["partner_verbs"])
_LEFT_ROLE = tuple(_CUES["left_role"])
_INVESTOR_LEFT_ROLE = tuple(_CUES["investor_left_role"])
_ITEM_JOINERS = tuple(_CUES["item_joiners"])
# Compiled once here, not at each call.
_COMPANY_AFTER = frozenset(_CUES["company_after"])
_TITLE_OR_ROLE_AFTER = regex.compile("|".join(sorted(_TITLES + _INVEST_AFTER + tuple(_COMPANY_AFTER),
                                                     key=len, reverse=True)))
# 证券简称：中天科技 / 股票简称"东方纸业": the short name runs to the next delimiter (lazy and
# bounded, so no backtracking beyond 10 characters).
_STOCK_NAME = regex.compile("(?:" + "|".join(map(regex.escape, _CUES["stock_name_leads"])) + r")"
                            r"\s*[:：为是]?\s*[“\"「『]?((?:\*?ST)?[\p{Han}A-Za-z0-9]{2,10}?)[”\"」』]?"
                            r"(?=[\s,，、;；)）(（。/]|$)")
_LEFT_ROLE_RE = regex.compile("|".join(_LEFT_ROLE))
_CLAUSE_REST = regex.compile(r"[^,，。;；!?！？\n]*")
_NOT_LATIN_LETTER = regex.compile(r"[^A-Za-z]")
_ROLE_VERB_LEADS = tuple(_CUES["role_verb_leads"])
# After a weak alias, words that show it names the organisation (小米公司, 谷歌宣布, 苹果ARKit).
_NAME_CONFIRMED_AFTER = regex.compile(r"(?:公司|集团|旗下|创始人|董事长|总裁|副总裁|CEO|宣布|表示|称|发布|推出|"
                                      r"股价|市值|财报|[A-Z][A-Za-z]+)")


# ---------------------------------------------------------------------------------------------
# Candidates

@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    rule: str
    priority: int                      # higher wins ties of equal length
    entry: OrgEntry | None = None      # lexicon entry when the whole span is an alias
    org_type: str | None = None
    weak: bool = False
    block: bool = False
    canonical: str | None = None


@dataclass(slots=True)
class _Doc:
    text: str
    lower: str
    tokens: list
    tok_at: list[int]
    starts: set[int]
    ends: set[int]
    tags: list[str | None]
    kinds: list[str]
    data: _Data
    lex_at: dict[int, tuple[int, _Hit]] = field(default_factory=dict)
    lex_cover: dict[int, int] = field(default_factory=dict)   # position → end of the known name over it

    def token_index(self, pos: int) -> int:
        return self.tok_at[pos]


_LATIN_TOKEN = regex.compile(r"[A-Za-z0-9][A-Za-z0-9&.+'\-]*")
_PUNCT_TOKEN = regex.compile(r"[^\p{Han}A-Za-z0-9]+")
_NUMBER_TOKEN = regex.compile(r"[0-9][0-9.,]*[%‰]")
_RARE = 100   # dictionary words rarer than this may be names (商汤 48) rather than common nouns


_EDGE_FUNCTION = set(_CUES["edge_function"])
_SURNAMES = set(_CUES["surnames"])
_HMM_STOP_LAST = _CUES["hmm_stop_last"]
_HMM_STOP_FIRST_PAIR = _CUES["hmm_stop_first_pair"]
_HMM_STOP_INSIDE = _CUES["hmm_stop_inside"]
_ABBREV_STOP_FIRST = _CUES["abbrev_stop_first"]
_PERSON_ENDINGS = _CUES["person_endings"]
_NOT_PERSON_NOUNS = tuple(_CUES["not_person_nouns"])


def _classify(word: str, tag: str | None, freq: int, generic_latin: bool = False) -> str:
    """Coarse class of one token for name-edge decisions.

    ``proper`` is strong evidence of a name (unknown word, jieba nz/nt/j/nrt, Latin name);
    ``rare`` a dictionary noun rare enough to be a name (商汤); ``noun`` a common word.
    """
    if _PUNCT_TOKEN.fullmatch(word):
        return "punct"
    if _LATIN_TOKEN.fullmatch(word):
        if not _HAS_LATIN_LETTER.search(word):
            return "num"
        if generic_latin or len(_NOT_LATIN_LETTER.sub("", word)) < 2:
            return "noun"
        return "latin"
    if word in _STOP_WORDS or word in _DATELINE_WORDS:
        return "stop"
    if _NUMBER_TOKEN.fullmatch(word):
        return "num"       # 131.1%, 3.5‰: a figure, not an unknown name
    if tag is None:
        if len(word) < 2:
            return "char"
        # Unknown words made by jieba's HMM: 这是, 中有, 两大 are not names.
        if word[0] in _EDGE_FUNCTION or word[-1] in _HMM_STOP_LAST or \
                (len(word) == 2 and word[0] in _HMM_STOP_FIRST_PAIR) or \
                any(ch in _HMM_STOP_INSIDE for ch in word[1:-1]):
            return "stop"
        if len(word) == 3 and word[0] in _SURNAMES:
            return "person"
        return "proper"
    if tag == "ns":
        return "place"
    if tag in ("nr", "nrfg"):
        return "person"
    if tag in ("nt", "nz", "j", "nrt"):
        if tag == "j" and word[0] in _ABBREV_STOP_FIRST:
            return "stop"   # 十大, 两会
        return "proper"
    if tag in _STOP_TAGS and word not in _NAME_VERBS:
        return "stop"
    if tag in ("i", "l") and word not in _NAME_VERBS:
        return "stop"   # idioms and set phrases do not sit inside names
    if tag.startswith("v") and tag != "vn" and word not in _NAME_VERBS:
        return "verb"
    if len(word) == 1:
        return "char"
    if freq < _RARE and tag in ("n", "ng", "vn", "a", "b", "an"):
        return "rare"
    return "noun"


_SPLIT_FIRST = set(_CUES["split_first"])
_SPLIT_LAST = set(_CUES["split_last"])
_TITLE_HEADS = frozenset(_CUES["title_heads"])


def _word_features(word: str, data: _Data) -> tuple[str | None, str]:
    """The jieba tag and the class (``_classify``) of one word."""
    tag = data.word_tags.get(word)
    hit = data.lexicon.exact.get(word)
    if hit is not None and hit.entry is not None and not hit.weak:
        return tag, "proper"   # a known organisation name is a name whatever jieba's tag
    return tag, _classify(word, tag, data.freq.get(word, 0) or 0, hit is not None)


def _prepare(doc: AnalysedText, data: _Data) -> _Doc:
    text = doc.text
    tokens = []
    for t in doc.tokens:
        # jieba's unknown-word guesses sometimes swallow a preposition (由云帆 | 资本): split it off.
        w = t.text
        if len(w) >= 3 and w[0] in _SPLIT_FIRST and w not in data.freq:
            tokens.append(Token(w[0], t.start, t.start + 1))
            tokens.append(Token(w[1:], t.start + 1, t.end))
        elif len(w) >= 2 and w[-1] in _SPLIT_LAST and w not in data.freq:
            tokens.append(Token(w[:-1], t.start, t.end - 1))    # ... and at the end (瑞澄|于)
            tokens.append(Token(w[-1], t.end - 1, t.end))
        elif len(w) == 3 and w[0] == w[1] and w[1:] in _TITLE_HEADS:
            tokens.append(Token(w[0], t.start, t.start + 1))   # 局局长: the bureau's 局, then 局长
            tokens.append(Token(w[1:], t.start + 1, t.end))
        else:
            tokens.append(t)
    index = doc.token_index() if len(tokens) == len(doc.tokens) else None   # no token split
    tok_at = array("i", index.owner) if index is not None else token_owners(tokens, len(text))
    if tok_at is not None:
        tok_at.append(len(tokens) - 1)
    else:
        tok_at = [0] * (len(text) + 1)
        for k, t in enumerate(tokens):
            tok_at[t.start:t.end] = [k] * (t.end - t.start)
        if tokens:
            tok_at[len(text)] = len(tokens) - 1
    # Tag and class depend on the word alone: worked out once per distinct word, not per token
    # (a text repeats most of its words; _prepare at 200,000 characters: 0.22 s → 0.06 s).
    words = [t.text for t in tokens]
    features = data.features_for(words)
    tags: list[str | None] = [features[w][0] for w in words]
    kinds: list[str] = [features[w][1] for w in words]
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    return _Doc(text, text.translate(_ASCII_LOWER), tokens, tok_at, starts, ends, tags, kinds, data)


def _is_latin_edge(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_LATIN.match(text[i]))


def _lexicon_candidates(d: _Doc) -> list[_Cand]:
    """Longest lexicon match at each position, on token edges for short Chinese aliases."""
    out: list[_Cand] = []
    text, lex = d.text, d.data.lexicon
    resume = 0   # no name starts inside the last accepted one
    for i in lex.starts(d.lower):
        if i < resume:
            continue
        found = lex.longest(text, d.lower, i)
        if found is None:
            continue
        length, hit = found
        j = i + length
        ok = True
        if _LATIN.match(text[i]) and _is_latin_edge(text, i - 1):
            ok = False
        if _LATIN.match(text[j - 1]) and _is_latin_edge(text, j):
            ok = False
        if ok and _CJK.match(text[i]) and length <= 2:
            # Short Chinese aliases must not cut a word: 提高通过 is not 高通.
            if i not in d.starts:
                ok = False
            elif j not in d.ends:
                tok = d.tokens[d.tok_at[j - 1]]
                rest = text[j:tok.end]
                ok = rest in d.data.suffixes or rest in _REGIONS
        if not ok:
            continue
        d.lex_at[i] = (length, hit)
        if hit.entry is not None and not hit.weak:
            for p in range(i, j):
                d.lex_cover[p] = j
        if hit.entry is None:
            out.append(_Cand(i, j, f"org.block:{hit.block_class}", 9, block=True))
        else:
            out.append(_Cand(i, j, f"org.lexicon:{hit.entry.canonical}", 5, entry=hit.entry,
                             org_type=hit.entry.org_type, weak=hit.weak))
        resume = j
    return out


def _token_is_org(d: _Doc, k: int) -> bool:
    """Does a known (lexicon) name cover this whole token?"""
    tok = d.tokens[k]
    return d.lex_cover.get(tok.start, -1) >= tok.end


def _walk_left(d: _Doc, k: int, limit: int = 12, allow_vn: bool = True) -> int:
    """First token index of the name-like run of tokens ending at token ``k - 1``."""
    first = k
    seen_other = False
    while first > 0:
        j = first - 1
        tok, kind, tag = d.tokens[j], d.kinds[j], d.tags[j]
        if d.tokens[k - 1].end - tok.start > limit:
            break
        if tok.text in ("-", "·", "—") and first < k and j > 0 and d.kinds[j - 1] in ("proper", "latin", "place") \
                and _token_is_org(d, j - 1):
            first = j
            continue
        if kind in ("punct", "stop", "num", "verb") or _is_person_noun(tok.text) or tok.text in _OWNER_WORDS:
            break
        if tok.text in _CATEGORY and not (j > 0 and d.kinds[j - 1] in ("proper", "latin", "place")
                                           and _token_is_org(d, j - 1)):
            break
        if tag == "vn" and tok.text not in _NAME_VERBS and (seen_other or not allow_vn):
            break
        if kind == "char" and tok.text in _STOP_WORDS:
            break
        if tag != "vn":
            seen_other = True
        first = j
    # Drop descriptors and generic words from the left edge (知名投资机构 ...).
    while first < k and (d.tokens[first].text in _DESCRIPTORS or d.tags[first] in ("a", "ad", "b", "d", "z")
                         and d.kinds[first] != "proper"):
        first += 1
    return first


def _is_person_noun(word: str) -> bool:
    """Words for people (主持人, 记者, 议员, 部长) end a name's left side: 嘉宾主持人新浪."""
    return word in _TITLES or (len(word) >= 2 and word[-1] in _PERSON_ENDINGS and word not in _NOT_PERSON_NOUNS)


def _walk_right(d: _Doc, k: int, limit: int = 12) -> int:
    """One past the last token of the name-like run starting at token ``k``."""
    last = k
    while last < len(d.tokens):
        tok, kind = d.tokens[last], d.kinds[last]
        if tok.end - d.tokens[k].start > limit:
            break
        if kind in ("punct", "stop", "num", "verb") or tok.text in _CATEGORY or tok.text in _PRODUCT_WORDS \
                or _is_person_noun(tok.text) or (last > k and kind == "person" and len(tok.text) > 1):
            break
        last += 1
    return last


_EVIDENCE = ("proper", "latin", "place", "rare")


def _walk_left_before_code(d: _Doc, k: int, limit: int = 16) -> int:
    """First token of the name before a stock code, the tokens[k-1] side (中天科技(600522.SH)).

    The code says a listed company's name ends here, so unlike _walk_left this crosses the single
    characters jieba splits unknown names into (中/天/科技); it stops at punctuation, numbers,
    function words, words of two or more characters that are verbs or function words (今日,
    公告称), and category nouns (上市公司中天科技)."""
    first = k
    end = d.tokens[k - 1].end
    while first > 0:
        j = first - 1
        tok, kind = d.tokens[j], d.kinds[j]
        if end - tok.start > limit or kind in ("punct", "num") or tok.text in _CATEGORY:
            break
        if j < k - 1 and tok.text[-2:] in _CATEGORY:
            break      # 上市公司中天科技: a common noun ending in a category word is the appositive
        # the word touching the code is the name's end whatever its class (迪生|创建(00113));
        # further left a function word or a dictionary verb ends the name, but not a word jieba's
        # HMM made up (万里|石: unknown words are what names are made of)
        if j < k - 1 and (tok.text in _STOP_WORDS or (len(tok.text) > 1 and (
                kind == "verb" or (kind == "stop" and d.data.word_tags.get(tok.text) is not None)))):
            break
        first = j
    while first < k - 1 and d.tokens[first].text in _DESCRIPTORS:
        first += 1     # 龙头中天科技: a descriptor describes the company
    return first


_LINE_SUBJECT_AFTER = regex.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:"
    + "|".join(sorted(map(regex.escape, _CUES["line_subject_after"]), key=len, reverse=True)) + ")")
_LINE_REPORT_VERBS = frozenset(_CUES["line_subject_report_verbs"])
_LINE_END = regex.compile(r"[\n。！？!?]")
_LINE_SUBJECT_KINDS = frozenset(("proper", "rare", "latin", "char", "noun", "place", "person"))


def _line_subject_candidates(d: _Doc, org_spans, known_ends, block_spans) -> list[_Cand]:
    """The name that opens a line or sentence of financial news, before a colon, a date or a
    filing word (科通芯城6月28日回购…, 中持股份：…). Headlines name the company first and tell
    what it did; the tagger, trained on general news, misses short names without context."""
    text, out = d.text, []
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
    found_starts = {a for a, _ in org_spans}
    for p in starts:
        while p < len(text) and text[p] in " \u3000":
            p += 1
        if p >= len(text) or p not in d.starts:
            continue
        if p in found_starts:
            continue   # the line opens with a name already found (芯睿投資人關係專線：…)
        first = k = d.tok_at[p]
        nouns = 0
        while k < len(d.tokens) and d.tokens[k].end - p <= 6:
            tok, kind = d.tokens[k], d.kinds[k]
            unknown_stop = kind == "stop" and d.data.word_tags.get(tok.text) is None \
                and tok.text not in _STOP_WORDS and len(tok.text) > 1
            if kind not in _LINE_SUBJECT_KINDS and not unknown_stop:
                # a verb touching the cue ends the name (圆通速递拟…) unless it reports (万科宣布拟…)
                if kind == "verb" and k > first and len(tok.text) > 1 and tok.text not in _LINE_REPORT_VERBS \
                        and _LINE_SUBJECT_AFTER.match(text, tok.end) and tok.end - p <= 6:
                    k += 1
                break
            nouns += kind == "noun"
            if nouns > 2:
                break      # a run of common words is a description (投资人关系专线), not a name
            k += 1
        if k == first or not _CJK.match(text, p) and not _HAS_LATIN_LETTER.match(text, p):
            continue   # 80%客户亏损: a line that opens with a number has no name first
        q = d.tokens[k - 1].end
        if q - p < 2 or (p, q) in org_spans or (p, q) in block_spans or q in known_ends:
            continue
        if text[q:q + 1] in ("：", ":"):
            line_end = text.find("\n", q)
            if not _LINE_SUBJECT_AFTER.search(text, q + 1, min(q + 40, line_end if line_end >= 0 else len(text))):
                continue
        elif not _LINE_SUBJECT_AFTER.match(text, q):
            continue
        kinds = [d.kinds[i] for i in range(first, k)]
        name = text[p:q]
        suffixed = d.data.suffix_of(name) is not None
        if name in _CATEGORY or all(x == "place" for x in kinds) or kinds == ["person"] or \
                any(d.tokens[i].text in _TITLES or d.tokens[i].text in _CATEGORY for i in range(first, k)):
            continue   # 创办人兼董事长…: a post, 公司股东…: a class word, not a name
        if k - first == 1 and len(name) <= 3 and name[0] in _SURNAMES and d.data.word_tags.get(name) is None:
            continue   # 张伟：…, a made-up word that starts with a surname is more likely a person
        evidence = ("proper", "latin", "rare", "person") if len(kinds) > 1 else ("proper", "latin", "rare")
        if not suffixed and not any(x in evidence for x in kinds) and \
                not all(x in ("char", "stop") for x in kinds):
            continue
        out.append(_Cand(p, q, "org.context.line_subject", 1, org_type="company"))
    return out


def _trim_common(d: _Doc, first: int, k: int) -> int:
    """Drop common words from the left of a head when a name follows (问商汤科技, 利用谷歌)."""
    i = first
    while i < k and d.kinds[i] not in _EVIDENCE and not _token_is_org(d, i):
        i += 1
    return i if i < k else first


def _head_parts(d: _Doc, first: int, k: int, suffix_start: int) -> tuple[list[str], list[str], bool]:
    """Words and classes of the head tokens[first:k] plus any front part of the suffix's token."""
    kinds = [d.kinds[i] for i in range(first, k)]
    words = [d.tokens[i].text for i in range(first, k)]
    has_org = any(_token_is_org(d, i) for i in range(first, k))
    tok_k = d.tokens[d.tok_at[suffix_start]]
    if tok_k.start < suffix_start:   # the suffix starts inside a word (财政部): its front is head
        front = d.text[tok_k.start:suffix_start]
        kinds.append(_classify(front, d.data.word_tags.get(front), d.data.freq.get(front, 0) or 0))
        words.append(front)
    return words, kinds, has_org


def _head_ok(d: _Doc, words: list[str], kinds: list[str], has_org: bool, suffix: _Suffix) -> bool:
    """Is this head a name for this kind of suffix? (该公司, 两家公司, 科技公司, 美国大学 are not.)"""
    if not words or sum(len(w) for w in words) < 2:
        return False
    if any(w in _COLLECTIVE for w in words):
        return False   # 两国政府: the governments of two countries
    first_sfx = d.data.suffixes.get(words[0])
    if first_sfx is not None and first_sfx.klass in ("weak", "legal", "mid"):
        return False
    if suffix.klass == "unit":
        return has_org
    strict = has_org or any(c in ("proper", "latin") for c in kinds)
    rare = any(c == "rare" for c in kinds)
    places = [w for w, c in zip(words, kinds) if c == "place"]
    persons = sum(c == "person" for c in kinds)
    if suffix.text in _GROUP_SUFFIXES and persons and not has_org:
        return False   # 某某教授的实验室 is a person's lab, not a named one
    if suffix.klass == "center":
        return has_org or bool(places) or any(c == "latin" for c in kinds)
    if strict:
        return True
    if suffix.text in _LONG_LEGAL and len(kinds) > 1 and \
            any(c in ("place", "person", "rare", "char") for c in kinds):
        return True   # 北京云杉智能科技有限公司: a registered name, whatever its words
    if persons and persons == len(kinds):
        return suffix.org_type in ("company", "investor") and suffix.klass in ("legal", "weak") \
            or suffix.text in _PERSON_NAMED
    if rare and suffix.klass == "weak":
        return True
    if places:
        if suffix.klass in ("gov", "gov1"):
            return True
        if suffix.klass == "strong":
            # 北京大学, 上海银行 (a city) but not 美国大学 (a country) on its own.
            return any(p not in _COUNTRIES for p in places) or len(places) < len(kinds)
        if suffix.klass == "legal":
            if suffix.text in _GROUP_LEGAL:
                return len(places) < len(kinds)   # 河北钢铁集团, but not 北京公司
            return len(places) < len(kinds) and any(c in ("rare", "char") for c in kinds)
    if suffix.klass in ("gov", "gov1") and any(w in _NATIONAL_WORDS for w in words):
        return True
    return False


_LONG_LEGAL = set(_CUES["long_legal"])
_GROUP_SUFFIXES = tuple(_CUES["group_suffixes"])
_GROUP_LEGAL = tuple(_CUES["group_legal"])
_NATIONAL_WORDS = tuple(_CUES["national_words"])
_UNIT_JOINERS = tuple(_CUES["unit_joiners"])
_PERSON_NAMED = frozenset(_CUES["person_named_suffixes"])
_COLLECTIVE = frozenset(_CUES["collective_words"])
_GOV_JOINERS = frozenset(_CUES["gov_joiners"])


def _suffix_candidates(d: _Doc) -> list[_Cand]:
    out: list[_Cand] = []
    text, sfx = d.text, d.data.suffixes
    # Only tokens whose last character ends some suffix can close a name (~13 % of them): the
    # test below is exact, and saves trying every suffix length at every token (0.12 s → 0.05 s
    # at 200,000 characters).
    last = d.data.suffix_last
    for k, tok in enumerate(d.tokens):
        if text[tok.end - 1] not in last or d.kinds[k] in ("punct", "num"):
            continue
        end = tok.end
        for n in d.data.suffix_lengths:
            if end - n < tok.start - 12:
                break
            suffix = sfx.get(text[end - n:end]) if end - n >= 0 else None
            if suffix is None:
                continue
            if suffix.klass == "mid":
                break
            s_start = end - n
            s_tok = d.tok_at[s_start]
            if d.tokens[s_tok].start < s_start and s_tok == k and suffix.klass != "unit":
                # The suffix closes a longer word: only a dictionary organisation word or an
                # unknown word whose front is a name (财政部, 影谱科技 written as one word);
                # never a place or quantity word (北部, 全部, 干部).
                front = text[tok.start:s_start]
                fk = _classify(front, d.data.word_tags.get(front), d.data.freq.get(front, 0) or 0)
                if d.tags[k] in ("f", "s", "m", "r") or (len(front) < 2 or suffix.klass == "gov1") and d.tags[k] != "nt":
                    break
                if d.tags[k] != "nt" and fk not in ("proper", "place", "latin", "rare"):
                    break
            elif suffix.klass == "gov1" and d.tokens[s_tok].start < s_start:
                break
            first = _walk_left(d, s_tok)
            if first == s_tok and s_tok > 1 and suffix.text in _LONG_LEGAL and d.kinds[s_tok - 1] == "verb" \
                    and len(d.tokens[s_tok - 1].text) > 1:
                # 东方造纸有限公司, 华北制药股份有限公司: the trade before a registered legal form is
                # often a verb (造纸, 印刷, 运输); a name runs on before it
                before = _walk_left(d, s_tok - 1)
                if before < s_tok - 1:
                    first = before
            if suffix.klass == "unit" and first > 1 and d.tokens[first - 1].text in _UNIT_JOINERS:
                # 香港科技大学电子及计算机工程学系: one department with a coordinated name.
                bridged = _walk_left(d, first - 1)
                if bridged < first - 1 and any(_token_is_org(d, i) for i in range(bridged, first - 1)):
                    first = bridged
            if suffix.klass in ("gov", "gov1") and first > 1 \
                    and d.tokens[first - 1].text in _GOV_JOINERS:
                # 创新科技及工业局: one bureau of two portfolios.
                bridged = _walk_left(d, first - 1)
                if bridged < first - 1:
                    first = bridged
            if suffix.klass in ("weak", "legal"):
                first = _trim_common(d, first, s_tok)
            words, kinds, has_org = _head_parts(d, first, s_tok, s_start)
            if _head_ok(d, words, kinds, has_org, suffix):
                start = d.tokens[first].start if first < s_tok else d.tokens[s_tok].start
                out.append(_Cand(start, end, "org.suffix", 3, org_type=suffix.org_type))
            break
    # Latin names with an organisation word (StarVC, Sequoia Capital, XYZ Labs).
    for m in _LATIN_ORG.finditer(text):
        s, e = m.span()
        if _is_latin_edge(text, s - 1) or _is_latin_edge(text, e):
            continue
        out.append(_Cand(s, e, "org.suffix.latin", 3,
                         org_type="investor" if m.group("kind") in _LATIN_INVESTOR else "company"))
    return out


_LATIN_INVESTOR = set(_CUES["latin_investor"])
_LATIN_ORG = regex.compile(
    # Bounded words and chains keep the scan linear: unbounded ones made each start of a long
    # letter run rescan the rest of it (A x 24,000 took 30 s).
    r"(?:[A-Z][A-Za-z0-9&]{0,40}[a-z0-9&]|[A-Z]{2,40})(?: (?:[A-Z][A-Za-z0-9&]{0,40}|of|and|&)){0,12}?"
    r"(?: ?(?P<kind>VC|Capital|Ventures|Venture|Partners|Fund|Investments?)|"
    r" (?P<kind>Group|Holdings|Inc\.?|Corp\.?|Corporation|Ltd\.?|Limited|LLC|Labs?|Bank|University|"
    r"Institute|Robotics|Motors|Securities|Foundation|Association|Society))"
    r"(?![A-Za-z0-9])")


def _region_candidates(d: _Doc, cands: list[_Cand]) -> list[_Cand]:
    """A company name followed by a region and a title or unit word is the regional arm
    (高通中国副总裁 → 高通中国), an organisation of its own."""
    out = []
    for c in cands:
        if c.block or c.weak or c.end not in d.starts:
            continue
        k = d.tok_at[c.end]
        if d.tokens[k].text not in _REGIONS or k + 1 >= len(d.tokens):
            continue
        nxt = d.tokens[k + 1].text
        if nxt in _TITLES or nxt in _REGION_UNITS:
            out.append(_Cand(c.start, d.tokens[k].end, "org.region", 4, org_type=c.org_type))
    return out


def _nt_candidates(d: _Doc) -> list[_Cand]:
    """jieba dictionary words tagged nt that end in an organisation suffix (weak evidence)."""
    out = []
    sfx = d.data.suffixes
    for k, tok in enumerate(d.tokens):
        if d.tags[k] != "nt" or len(tok.text) < 3:
            continue
        suffix = next((sfx[tok.text[-n:]] for n in d.data.suffix_lengths
                       if n < len(tok.text) and tok.text[-n:] in sfx), None)
        if suffix is None or suffix.klass in ("mid", "unit"):
            continue
        front = tok.text[:-len(suffix.text)]
        fk = _classify(front, d.data.word_tags.get(front), d.data.freq.get(front, 0) or 0)
        first = _walk_left(d, k)
        while first < k and d.kinds[first] not in ("place", "proper", "latin"):
            first += 1
        if fk in ("noun", "char", "stop", "verb") and first == k:
            continue   # 重点中学, 人民政府: a common word in front and no place before is no name
        words = [t.text for t in d.tokens[first:k]] + [front]
        kinds = d.kinds[first:k] + [fk]
        if fk != "proper" and not _head_ok(d, words, kinds, False, suffix):
            continue   # 美国公司: a country and a generic word
        out.append(_Cand(d.tokens[first].start, tok.end, "org.jieba_nt", 2, org_type=suffix.org_type))
    return out


# --- context ---------------------------------------------------------------------------------

def _name_like(d: _Doc, start: int, end: int, loose: bool = False, boundary: bool = False) -> bool:
    """A span that could be a name: name evidence, not only a place, a person or common words.

    ``loose`` (list items between separators, role fillers) also accepts rare dictionary words
    and single characters as evidence (禾连健康, 地平线机器人)."""
    if end - start < 2 or end - start > 16:
        return False
    a, b = d.tok_at[start], d.tok_at[end - 1]
    if d.tokens[a].start != start or d.tokens[b].end != end:
        return False
    kinds = d.kinds[a:b + 1]
    words = [t.text for t in d.tokens[a:b + 1]]
    lex = d.data.lexicon
    if any(w in lex.exact and lex.exact[w].entry is None for w in words):
        return False
    if any(k in ("punct", "verb", "num") for k in kinds):
        return False
    if any(k == "stop" and (not loose or len(w) > 1 or w in _STOP_WORDS) for k, w in zip(kinds, words)):
        return False
    if any(w in _CATEGORY or w in _PRODUCT_WORDS or w in _TITLES for w in words):
        return False
    if len(words) == 1 and words[0] in d.data.suffixes:
        return False   # 创投, 集团: a generic word, not a name
    if all(k == "place" for k in kinds) or all(k == "person" for k in kinds):
        return False
    if kinds[0] == "noun" and len(kinds) > 1 and not loose:
        return False
    if any(k in ("proper", "latin") for k in kinds):
        return True
    if loose:
        if boundary and len(words) > 1:
            return True
        return any(k in ("rare", "char", "stop") for k in kinds) and len(words) <= 4
    return False


def _context_candidates(d: _Doc, known: list[_Cand]) -> list[_Cand]:
    """Names supported by their role in the sentence: lists, funding, partnership, titles."""
    text = d.text
    out: list[_Cand] = []
    org_spans = {(c.start, c.end): c for c in known if not c.block and not c.weak}
    block_spans = {(c.start, c.end) for c in known if c.block}
    known_starts = {c.start: c for c in known if not c.block and not c.weak}
    known_ends = {c.end for c in known if not c.block and not c.weak}
    weak_spans = {(c.start, c.end) for c in known if c.weak}

    def add(start: int, end: int, rule: str, org_type: str = "company") -> None:
        out.append(_Cand(start, end, rule, 1, org_type=org_type))

    # Financial news: the short name a filing declares (证券简称：中天科技), and the name right
    # before a bracketed stock code (中天科技(600522.SH); the code is not part of the name).
    for m in _STOCK_NAME.finditer(text):
        s, e = m.span(1)
        if (s, e) not in org_spans and (s, e) not in block_spans and not text[s:e].isdigit():
            add(s, e, "org.context.stock_name")
    for q in code_positions(text, strict=True):
        while q > 0 and text[q - 1] == " ":
            q -= 1
        if q == 0 or q not in d.ends or q in known_ends:
            continue
        k = d.tok_at[q - 1] + 1
        first = _walk_left_before_code(d, k)
        start = d.tokens[first].start if first < k else q
        if q - start >= 2 and (start, q) not in block_spans \
                and not all(d.kinds[i] in ("place", "punct") for i in range(first, k)):
            add(start, q, "org.context.stock_code")

    out.extend(_line_subject_candidates(d, org_spans, known_ends, block_spans))

    # Titles and investment roles after a name: X创始人, X CEO, X领投, X跟投; in financial news
    # X公告, X董事会, X控股股东.
    for m in _TITLE_OR_ROLE_AFTER.finditer(text):
        p = m.start()
        if p not in d.starts:
            continue
        q = p
        if q > 0 and text[q - 1] == "的" and m.group() in _TITLES:
            q -= 1
        while q > 0 and text[q - 1] == " ":
            q -= 1
        if q == 0 or q not in d.ends:
            continue
        k = d.tok_at[q - 1] + 1
        while k > 1 and (d.tokens[k - 1].text in _DESCRIPTORS or d.tokens[k - 1].text in _TITLE_PREFIXES):
            k -= 1     # 高通全球副总裁, 证监会副主席: 全球 and 副 belong to the post, not the company
            q = d.tokens[k - 1].end
        if q in known_ends:
            continue   # a name already recognised ends here
        first = _walk_left(d, k, limit=10)
        if first >= k:
            continue
        # The name starts with name evidence, not a common word (问商汤科技, 利用谷歌), unless
        # it runs from a clause boundary (,地平线机器人创始人).
        at_boundary = first == 0 or d.kinds[first - 1] == "punct"
        if not (at_boundary and k - first > 1):
            first = _trim_common(d, first, k)
            if d.kinds[first] not in _EVIDENCE:
                continue
        start = d.tokens[first].start
        invest = m.group() in _INVEST_AFTER
        filing = m.group() in _COMPANY_AFTER
        if filing and not any(d.kinds[i] in _EVIDENCE or _token_is_org(d, i) for i in range(first, k)):
            continue   # 年度业绩公告, 公司董事会: common words before a filing word are no name
        if _name_like(d, start, q, loose=True, boundary=at_boundary and start == d.tokens[first].start):
            add(start, q, "org.context.role" if invest else
                "org.context.filing" if m.group() in _COMPANY_AFTER else "org.context.title",
                "investor" if invest else "company")

    # Roles after a left anchor: 由X领投, 与X签署, 获X投资, 与X、Y等签署.
    for m in _LEFT_ROLE_RE.finditer(text):
        if m.start() not in d.starts or m.end() not in d.starts:
            continue
        k0 = d.tok_at[m.end()]
        # The role verb must follow within the clause.
        window_end = min(len(text), m.end() + 40)
        tail = text[m.end():window_end]
        clause = _CLAUSE_REST.match(tail).group()
        verbs = [v for v in _INVEST_AFTER + _INVEST_VERBS + _PARTNER_VERBS if v in clause]
        if not verbs:
            continue
        items_end = m.end()
        k = k0
        items: list[tuple[int, int]] = []
        while k < len(d.tokens):
            last = _walk_right(d, k, limit=12)
            if last == k:
                break
            s, e = d.tokens[k].start, d.tokens[last - 1].end
            items.append((s, e))
            items_end = e
            if last < len(d.tokens) and d.tokens[last].text in _ITEM_JOINERS:
                k = last + 1
                continue
            break
        after = text[items_end:items_end + 8]
        if not any(after.startswith(lead + v) for lead in _ROLE_VERB_LEADS for v in verbs) \
                and not after.startswith("等"):
            continue
        invest = any(v in verbs for v in _INVEST_AFTER + _INVEST_VERBS)
        for s, e in items:
            if (s, e) in org_spans or (s, e) in block_spans:
                continue
            if _name_like(d, s, e, loose=True):
                add(s, e, "org.context.role", "investor" if invest and m.group() in _INVESTOR_LEFT_ROLE
                    else "company")

    # Coordination: a name-like list item next to a known organisation is one too.
    model_cover = {i for c in known if c.rule == "org.model" and not c.block for i in range(c.start, c.end)}
    for sent_items in _coordination_lists(d):
        status = []
        for s, e, left_product in sent_items:
            c = org_spans.get((s, e))
            if (s, e) in block_spans or left_product:
                status.append("block")
            elif c is not None:
                status.append("org")
            elif any(i in model_cover for i in range(s, e)):
                # the tagger drew this item's name itself (当属|中行和交行, vs|波兹南): its
                # boundary stands, and it vouches for its neighbours like a known name
                status.append("org")
            elif s in known_starts and not known_starts[s].block:
                status.append("org-prefix")
            else:
                status.append("?")
        changed = True
        while changed:
            changed = False
            for idx, (s, e, _) in enumerate(sent_items):
                if status[idx] != "?":
                    continue
                # 、 joins list items; 和/与/及 are also prepositions and conjunctions of common
                # nouns (基恩与阿森纳, 餐厅和歌舞厅): across one, only a recognised name vouches
                # for its neighbour, which must look like a name of its own (or be a weak alias).
                by_comma, by_conj = [], []
                for j in (idx - 1, idx + 1):
                    if 0 <= j < len(status):
                        a, b = (sent_items[j][1], s) if j < idx else (e, sent_items[j][0])
                        (by_comma if text[a:b].strip() == "、" else by_conj).append(status[j])
                if not any(n in ("org", "org-prefix", "new") for n in by_comma):
                    if not any(n in ("org", "org-prefix") for n in by_conj):
                        continue
                    if (s, e) not in weak_spans and not _name_like(d, s, e):
                        continue
                if s > 0 and (text[s - 1] in "·•" or _is_person_noun(d.tokens[d.tok_at[s - 1]].text)):
                    continue   # 乔治·马歇, 总裁沃尔芬森: a person's name after a title or a given name
                if _name_like(d, s, e, loose=True) and not _is_weak_only(d, s, e):
                    status[idx] = "new"
                    changed = True
                elif (s, e) in weak_spans:
                    status[idx] = "new"
                    changed = True
        for (s, e, _), st in zip(sent_items, status):
            if st == "new":
                add(s, e, "org.context.coordination")
            elif st == "org-prefix":
                # 苏宁体育 in a list of companies: the whole item, when the rest is an industry word.
                c = known_starts[s]
                rest = text[c.end:e]
                if rest and rest in d.data.suffixes and d.data.suffixes[rest].klass in ("weak", "legal", "mid"):
                    add(s, e, "org.context.coordination")
    return out


def _is_weak_only(d: _Doc, s: int, e: int) -> bool:
    hit = d.lex_at.get(s)
    return hit is not None and s + hit[0] == e and hit[1].weak


_JOINERS = frozenset(_CUES["joiners"])
_OWNER_WORDS = frozenset(_CUES["owner_words"])


def _coordination_lists(d: _Doc) -> list[list[tuple[int, int, bool]]]:
    """Lists of items joined by 、 (and a final 和/与/及), as (start, end, after_product_word)."""
    lists: list[list[tuple[int, int, bool]]] = []
    k = 0
    n = len(d.tokens)
    # the joiners, found in one pass rather than by stepping through every token
    for joiner in [i for i, tok in enumerate(d.tokens) if tok.text in _JOINERS]:
        if joiner < k:
            continue
        k = joiner
        # Left item ends before the joiner.
        first = _walk_left(d, k, limit=10)
        if first >= k:
            k += 1
            continue
        first = _trim_common(d, first, k)
        items = []
        prev_word = d.tokens[first - 1].text if first > 0 else ""
        items.append((d.tokens[first].start, d.tokens[k - 1].end, prev_word in _PRODUCT_WORDS))
        j = k
        while j < n and d.tokens[j].text in _JOINERS:
            last = _walk_right(d, j + 1, limit=10)
            if last == j + 1:
                break
            # An item right before a product word modifies it (图聊软件): not a name.
            items.append((d.tokens[j + 1].start, d.tokens[last - 1].end,
                          last < n and d.tokens[last].text in _PRODUCT_WORDS))
            j = last
        if len(items) > 1:
            # 与 and 和 are also prepositions: trust them only between Latin or known names.
            lists.append(items)
        k = max(j, k + 1)
    return lists


# --- brackets and declared short names ------------------------------------------------------

_BRACKET_AFTER = regex.compile(r"\(([A-Za-z][A-Za-z0-9&.\- ]{0,40}?)(?:[,，;；][^()]*)?\)")
_BRACKET_CJK = regex.compile(r"\(([\p{Han}A-Za-z0-9·\-]{2,20})\)")
_ALIAS_DECL = regex.compile(r"(?:以下简称|以下称|下称|简称)[“\"「『]?([\p{Han}A-Za-z0-9]{2,12}?)[”\"」』]?(?=[)),，。;；]|$)")


def _bracket_candidates(d: _Doc, chosen: list[_Cand]) -> list[tuple[_Cand, _Cand]]:
    """(new mention, mention it names) for NAME(ACRONYM), ACRONYM(NAME) and 简称 declarations."""
    text = d.text
    pairs: list[tuple[_Cand, _Cand]] = []
    by_start = {c.start: c for c in chosen}
    spans = {(c.start, c.end) for c in chosen}
    lex = d.data.lexicon
    for c in chosen:
        if c.end < len(text) and text[c.end] == "(":
            m = _BRACKET_AFTER.match(text, c.end)
            if m:
                name = m.group(1).strip()
                s = m.start(1)
                e = s + len(name)
                hit = lex.exact.get(name)
                if (hit is None or hit.entry is not None) and (s, e) not in spans:
                    pairs.append((_Cand(s, e, "org.acronym_bracket", 4), c))
            m = _BRACKET_CJK.match(text, c.end)
            if m and _HAS_LATIN_LETTER.search(c.rule + text[c.start:c.end]) and not _CJK.search(text[c.start:c.end]):
                # ARPA(高级研究计划局): the Chinese name in brackets after a Latin name.
                s, e = m.start(1), m.end(1)
                inner = text[s:e]
                if any(inner.endswith(x) for x in d.data.suffixes) and s not in by_start:
                    pairs.append((_Cand(s, e, "org.acronym_bracket", 4), c))
        for m in _ALIAS_DECL.finditer(text, c.end, min(len(text), c.end + 60)):
            s, e = m.start(1), m.end(1)
            if "。" in text[c.end:m.start()] or "\n" in text[c.end:m.start()]:
                break
            pairs.append((_Cand(s, e, "org.alias_declared", 4), c))
            break
    return pairs


# --- resolution ------------------------------------------------------------------------------

def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping selection: longest first, then priority; blocks remove what they cover."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    occupied = set()
    # A pattern or context candidate may contain a lexicon name but never cut through one
    # (台积电与鸿海精密 | 工业 against 鸿海精密工业): jieba's unknown-word guesses can be wrong.
    lexical = [c for c in cands if c.entry is not None or c.block]
    edge_owner: dict[int, tuple[int, int]] = {}
    for c in lexical:
        for p in range(c.start, c.end):
            edge_owner[p] = (c.start, c.end)

    def cuts(c: _Cand) -> bool:
        for p in (c.start, c.end - 1):
            owner = edge_owner.get(p)
            if owner and not (c.start <= owner[0] and owner[1] <= c.end):
                return True
        return False

    cands = [c for c in cands if c.entry is not None or c.block or not cuts(c)]
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if any(p in occupied for p in range(c.start, c.end)):
            continue
        occupied.update(range(c.start, c.end))
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# ---------------------------------------------------------------------------------------------
# Linking and typing

def _strip_suffixes(name: str, data: _Data, classes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for n in data.suffix_lengths:
            if len(name) > n + 1 and name[-n:] in data.suffixes and data.suffixes[name[-n:]].klass in classes:
                name = name[:-n]
                changed = True
                break
    return name


_UNIT_NORMAL = dict(_CUES["unit_normal"])
_UNIT_OTHER = tuple(_CUES["unit_other"])
_UNIT_ACADEMIC = tuple(_CUES["unit_academic"])
_UNIT_RESEARCH = tuple(_CUES["unit_research"])
_CITY_GOV = regex.compile(r"^(\p{Han}{2,6}[省市县区])政府$")
_NO_RENMIN = set(_CUES["no_renmin"])


def _canonical(d: _Doc, c: _Cand) -> tuple[str, str | None]:
    """Canonical name and, when known, the type it implies."""
    text = d.text[c.start:c.end]
    data = d.data
    if c.entry is not None:
        return c.entry.canonical, c.entry.org_type
    if c.canonical:
        return c.canonical, None
    lex = data.lexicon
    hit = lex.exact.get(text)
    if hit and hit.entry:
        return hit.entry.canonical, hit.entry.org_type
    found = lex.longest(text, d.lower[c.start:c.end], 0)
    if found and found[1].entry is not None:
        n, hit = found
        rest = text[n:]
        entry = hit.entry
        if not rest:
            return entry.canonical, entry.org_type
        if _strip_suffixes(rest + "X", data, ("legal",)) == "X" or rest in data.suffixes \
                and data.suffixes[rest].klass == "legal":
            return entry.canonical, entry.org_type
        unit = next((u for u in data.suffixes_longest_first
                     if rest.endswith(u) and data.suffixes[u].klass in ("unit", "strong")), None)
        if unit is not None:
            return entry.canonical + rest[:-len(unit)] + _UNIT_NORMAL.get(unit, unit), _unit_type(entry, unit, data)
        return entry.canonical + rest, entry.org_type
    # 美国史丹佛大学 = 斯坦福大学: a place in front of a known non-government name.
    for n in (3, 2):
        if len(text) > n + 1 and (data.word_tags.get(text[:n]) == "ns" or text[:n] in _COUNTRIES):
            hit = lex.exact.get(text[n:])
            if hit and hit.entry and hit.entry.org_type != "government":
                return hit.entry.canonical, hit.entry.org_type
    m = _CITY_GOV.match(text)
    if m and m.group(1) not in _NO_RENMIN:
        return m.group(1) + "人民政府", "government"
    return text, None


def _unit_type(head: OrgEntry, unit: str, data: _Data) -> str:
    if unit in _UNIT_OTHER:
        return "other"
    if unit in _UNIT_ACADEMIC:
        return "university" if head.org_type == "university" else "research"
    if unit in _UNIT_RESEARCH:
        return "research"
    return data.suffixes[unit].org_type if unit in data.suffixes else head.org_type


def _short_forms(name: str, d: _Doc) -> list[str]:
    """Short forms a company may go by later: 商汤科技 → 商汤; 北京某某智能科技有限公司 → 某某智能, 某某."""
    data = d.data
    forms = []
    core = name
    # Drop a leading place (北京, 上海市) when something remains.
    for n in (3, 2):
        head = core[:n]
        if len(core) - n >= 2 and data.word_tags.get(head) == "ns":
            core = core[n:]
            break
    stripped = _strip_suffixes(core, data, ("legal",))
    forms.append(stripped)
    while True:
        shorter = None
        for n in data.suffix_lengths:
            if len(stripped) > n + 1 and stripped[-n:] in data.suffixes and \
                    data.suffixes[stripped[-n:]].klass in ("weak", "legal", "mid"):
                shorter = stripped[:-n]
                break
        if shorter is None:
            break
        stripped = shorter
        forms.append(stripped)
    out = []
    for f in forms:
        if f == name or len(f) < 2 or f in out:
            continue
        tag = data.word_tags.get(f)
        freq = data.freq.get(f, 0) or 0
        if tag is not None and tag not in ("nz", "nt", "j", "nrt") and freq >= _RARE:
            continue   # a common word (未来, 地平线): not safe as a name on its own
        if tag in ("ns",) or f in _COUNTRIES or f in _STOP_WORDS:
            continue
        out.append(f)
    return out


def _aligned(d: _Doc, s: int, e: int) -> bool:
    if s not in d.starts:
        return False
    if e in d.ends:
        return True
    tok = d.tokens[d.tok_at[e - 1]]
    rest = d.text[e:tok.end]
    return rest in d.data.suffixes or rest in _REGIONS


def find_organisations(doc: AnalysedText) -> list[Mention]:
    """Organisation mentions over ``doc.text``, sorted by start, non-overlapping."""
    res = resources_of(doc)
    data = res.orgs
    d = _prepare(doc, data)
    text = d.text

    # 1. Recognition: independent sources of evidence.
    lexical = _lexicon_candidates(d)
    model = _model_candidates(d, doc, res.org_tagger)
    cands = lexical + _suffix_candidates(d) + _nt_candidates(d)
    cands = _combine_model(d, cands, model)
    cands += _region_candidates(d, cands)
    cands += _context_candidates(d, cands)
    _confirm_weak(d, cands)
    chosen = [c for c in _resolve([c for c in cands if not (c.weak and not c.block)]) if not c.block]
    blocks = [c for c in cands if c.block]

    # 2. Linking.
    canon: dict[int, tuple[str, str | None]] = {}
    for idx, c in enumerate(chosen):
        canon[idx] = _canonical(d, c)
    mentions = [(c, *canon[i]) for i, c in enumerate(chosen)]

    # Bracketed acronyms / English names and declared short names share the name's canonical.
    extra = []
    for new, named in _bracket_candidates(d, chosen):
        name_canon = _canonical(d, named)
        extra.append((new, name_canon[0], name_canon[1]))
    # Unify: an acronym that is itself a lexicon name keeps one canonical with its partner.
    mentions, alias_map = _merge_extra(d, mentions, extra)

    # Short forms of longer names, and other occurrences of a recognised name.
    forms: dict[str, tuple[str, str | None, str]] = dict(alias_map)
    for c, cn, ty in mentions:
        if c.entry is None and (ty in (None, "company", "investor")) and c.rule != "org.jieba_nt":
            for f in _short_forms(cn if cn == text[c.start:c.end] else text[c.start:c.end], d):
                forms.setdefault(f, (cn, ty, "org.shortform"))
    for c, cn, ty in mentions:
        span = text[c.start:c.end]
        if c.weak or len(span) < 2:
            continue
        if len(span) == 2 and data.word_tags.get(span) not in (None, "nz", "nt", "j", "nrt") \
                and (data.freq.get(span, 0) or 0) >= _RARE:
            continue
        forms.setdefault(span, (cn, ty, "org.propagated"))
    mentions = _apply_forms(d, mentions, forms, blocks)

    # Relink: a mention whose canonical is a short form of a longer name takes that name.
    final_canon = {f: v[0] for f, v in forms.items() if v[2] in ("org.shortform", "org.alias_declared")}
    typed: dict[str, str] = {}
    out_raw = []
    for c, cn, ty in mentions:
        cn = final_canon.get(cn, cn)
        out_raw.append((c, cn, ty))

    # 3. Typing: one type per entity, from the strongest evidence.
    for c, cn, ty in sorted(out_raw, key=lambda x: -_type_strength(x[0], x[2])):
        if ty and cn not in typed:
            typed[cn] = ty
    out = []
    for c, cn, ty in out_raw:
        org_type = typed.get(cn) or c.org_type or "company"
        out.append(Mention("organisation", c.start, c.end, c.rule,
                           {"canonical": cn, "org_type": org_type}))
    out.sort(key=lambda m: m.start)
    return out


def prepared_for_tagger(doc: AnalysedText) -> _Doc:
    """The document as the tagger sees it: tokens, word classes and lexicon matches (training and
    run time share this, so the model learns from the features it is given later)."""
    d = _prepare(doc, resources_of(doc).orgs)
    _lexicon_candidates(d)
    return d


_MODEL_PRIORITY = 3        # below a lexicon name (5), above jieba's nt guesses


def _model_candidates(d: _Doc, doc: AnalysedText, tagger) -> list[_Cand]:
    """The CRF tagger's spans (extract.orgtagger), as candidates beside the rules'."""
    if tagger is None:
        return []
    out = []
    for span in tagger.spans(d, doc.sentences):
        if _cuts_latin_run(d.text, span.start, span.end):
            continue
        for start, end in _joined_pieces(d, _model_pieces(d.text, span.start, span.end)):
            end = _cut_at_predicate(d, start, end)
            name = d.text[start:end]
            organ = next((w for w in _COMPANY_AFTER if name.endswith(w) and len(name) - len(w) >= 2), None) \
                or _team_after_name(d, start, name)
            if organ is not None:     # 香江控股董事会, 锋源团队: the board or the team is the company's
                end -= len(organ)
                name = name[:-len(organ)]
            if end - start < 2 or not (_CJK.search(name) or _HAS_LATIN_LETTER.search(name)):
                continue   # one character is an abbreviation (中, 美), not a name here
            if name in _CATEGORY:
                continue   # 大学, 政府: a class of organisation, not a name
            if name.endswith(_LEGAL_FORMS) and name in d.data.suffixes:
                continue   # 科技有限公司: a legal form with its name left out
            if not _CJK.search(name) and _mostly_latin(d.text, start, end):
                continue   # award, acquisition: a tagger trained on Chinese guesses in English text
            if len(name) == 2 and name[0] in "本该此":
                continue   # 本网, 该行, 此案: the publisher or an organisation pointed back to
            if not _CJK.search(name) and _CAMEL_INSIDE.search(name):
                continue   # DeepFace, SensePhoto: Latin words joined in camel case are mostly
                           # products and models; the lexicon and rules keep the companies
            if _MODEL_CODE_END.search(name):
                continue   # 奥迪Q8, 红米note8: a brand with a model name glued on is a product
            sfx = d.data.suffix_of(name)
            out.append(_Cand(start, end, "org.model", _MODEL_PRIORITY,
                             org_type=sfx.org_type if sfx is not None else None))
    return out


_LEGAL_FORMS = ("有限公司", "有限责任公司")


def _mostly_latin(text: str, start: int, end: int, reach: int = 60) -> bool:
    """More Latin letters than Han characters around text[start:end] (an English sentence)."""
    a, b = max(0, start - reach), min(len(text), end + reach)
    window = text[a:b]
    return len(_LATIN_LETTERS.findall(window)) > 2 * len(_CJK.findall(window))


_LATIN_LETTERS = regex.compile(r"[A-Za-z]")
_TEAM_WORDS = tuple(sorted(_CUES["team_after_name"], key=len, reverse=True))


def _team_after_name(d: _Doc, start: int, name: str) -> str | None:
    """The team word ending a tagger span (锋源团队, 绿城经营团队) when what comes before it holds
    a name-like word: the organisation is the company, its team is not a name of its own. A
    common word before it (创业团队) leaves the span to the description filter."""
    team = next((w for w in _TEAM_WORDS if name.endswith(w) and len(name) - len(w) >= 2), None)
    if team is None or start not in d.starts:
        return None
    last = start + len(name) - len(team) - 1
    return team if any(d.kinds[i] in _EVIDENCE for i in range(d.tok_at[start], d.tok_at[last] + 1)) else None


def _joined_pieces(d: _Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces cut again at a joiner word (美国|和|中国公司): two names, or a name and a place;
    a joiner inside a word (和记黄埔, 共和国) is not a token of its own and stays."""
    out = []
    for start, end in pieces:
        if start not in d.starts or end not in d.ends:
            out.append((start, end))
            continue
        a = start
        for i in range(d.tok_at[start], d.tok_at[end - 1] + 1):
            tok = d.tokens[i]
            if tok.text in _JOINERS and tok.start > a and _whole_before_joiner(d, a, tok.start):
                out.append((a, tok.start))
                a = tok.end
            elif (tok.text.isascii() and tok.text.lower() in _STOP_WORDS) or tok.text in _OWNER_WORDS:
                # 切尔西|vs|阿森纳, 星河科技|旗下|星云集团: two names
                if tok.start > a:
                    out.append((a, tok.start))
                a = tok.end
        if a < end:
            out.append((a, end))
    return out


def _whole_before_joiner(d: _Doc, a: int, b: int) -> bool:
    """text[a:b] stands alone before a joiner: a place (美国|和中国公司), a known name, or a name
    with its own suffix. Otherwise the joiner is inside one name (文化和艺术委员会, 研究与发展组织)."""
    name = d.text[a:b]
    if d.data.suffix_of(name) is not None:
        return True
    hit = d.lex_at.get(a)
    if hit and a + hit[0] == b:
        return True
    return a in d.starts and b in d.ends and all(d.kinds[i] == "place" for i in range(d.tok_at[a], d.tok_at[b - 1] + 1))


def _cut_at_predicate(d: _Doc, start: int, end: int) -> int:
    """A tagger span that runs on past its name into a title or a verb phrase ends before them
    (市人大常委会|主任李荐国出席…, 武汉嘉迅光电|潜心深耕MEMS). A verb counts only with words after
    it: one that ends the span may be part of the name (圆通速递)."""
    if start not in d.starts:
        return end
    a, b = d.tok_at[start], d.tok_at[end - 1]
    name = d.text[start:end]
    # a span that ends in an organisation suffix keeps its verbs (市住房保障管理中心, 拍卖公司)
    suffixed = d.data.suffix_of(name) is not None
    for i in range(a + 1, b + 1):
        tok = d.tokens[i]
        if tok.start - start < 2 or tok.end > end:
            continue
        if tok.text in _TITLES or (i < b and not suffixed and d.kinds[i] == "verb" and len(tok.text) > 1
                                   and d.data.word_tags.get(tok.text) is not None):
            return tok.start
        if d.kinds[i] == "num" and i < b and d.tokens[i + 1].text[:1] in _COUNT_UNITS:
            return tok.start   # 埃及|7年内…, 集团|2.5万个…: a count or a date runs on from the name
    return end


_ORDINAL = regex.compile(r"第?[0-9一二三四五六七八九十百零〇两]+[届次]|[首本历上下]届")
_COUNT_UNITS = frozenset("年月日号个万亿%家名")
_MODEL_CUT = regex.compile(r"[,，、。;；:：!?！？“”\"「」『』《》\n\r\t\u3000]")   # not a space: XinRui Technology


_CAMEL_INSIDE = regex.compile(r"[a-z][A-Z]")
_LEGAL_TAILS = ("公司", "集团")
_ACRONYM_INSIDE = regex.compile(r"[(（][A-Za-z][A-Za-z0-9&.\- ]*[)）]")
# a brand with a model or product name glued on (奥迪Q8, 红米note8, 东风雷诺K-ZE)
_MODEL_CODE_END = regex.compile(r"\p{Han}[A-Za-z][A-Za-z0-9\-]*$")


def _latin_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "&.-'")


def _cuts_latin_run(text: str, start: int, end: int) -> bool:
    """A span that begins or ends inside a run of Latin words (Technology of XinRui Technology,
    Pro of Mate 30 Pro): a character tagger's guess about part of a Latin name or product, which
    the bracket and Latin rules judge better."""
    def joined(i: int) -> bool:      # text[i - 1] and text[i] are in one Latin run
        if i <= 0 or i >= len(text):
            return False
        left, right = text[i - 1], text[i]
        if _latin_word_char(left) and _latin_word_char(right):
            return True
        return (left == " " and i > 1 and _latin_word_char(text[i - 2]) and _latin_word_char(right)) or \
               (right == " " and i + 1 < len(text) and _latin_word_char(left) and _latin_word_char(text[i + 1]))
    return joined(start) or joined(end)


def _model_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A model span cut where no name runs on: at list and clause punctuation, quotes, spaces,
    and a bracket left open or closed unopened (ARPA(高级研究计划局 → ARPA, 高级研究计划局);
    a balanced bracket stays inside (中国(香港)有限公司) unless it holds only Latin letters after a
    name: 香港科技大学（HKUST）化学系 → 香港科技大学, HKUST (the acronym rule links the two; what
    follows the bracket, a department, is dropped)."""
    cuts = {m.start() for m in _MODEL_CUT.finditer(text, start, end)}
    acronym = _ACRONYM_INSIDE.search(text, start, end)
    if acronym is not None and acronym.start() - start >= 2 and \
            not text[acronym.end():end].endswith(_LEGAL_TAILS):   # 华为（Huawei）技术有限公司 is one name
        end = acronym.end() - 1
        cuts.add(acronym.start())
    stack: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in "(（":
            stack.append(i)
        elif ch in ")）":
            if stack:
                stack.pop()
            else:
                cuts.add(i)
    cuts.update(stack)
    if not cuts:
        return [(start, end)]
    pieces, a = [], start
    for c in sorted(cuts):
        if c > a:
            pieces.append((a, c))
        a = c + 1
    if end > a:
        pieces.append((a, end))
    return pieces


def _combine_model(d: _Doc, rules: list[_Cand], model: list[_Cand]) -> list[_Cand]:
    """Model first, rules filling its gaps: a rule candidate survives where the model found
    nothing, or when it is a lexicon name or a block (they know more than the model about that
    name: its canonical form and type, or that it is no name). Measured on held-out folds of the
    bench against the plain union of both (README, "The organisation tagger")."""
    if not model:
        return rules
    covered = set()
    for c in model:
        covered.update(range(c.start, c.end))
    model_spans = {(c.start, c.end) for c in model}
    rule_spans = {(c.start, c.end) for c in rules if not c.block}
    kept = [c for c in rules if c.entry is not None or c.block or _extends_known_name(d, c)
            or (c.start, c.end) in model_spans
            or not any(p in covered for p in range(c.start, c.end))]
    known = [c for c in rules if c.entry is not None and not c.block]
    ends = {c.end for c in rules if not c.block} | {c.end for c in model}
    text = d.text
    # A name in brackets right after a name (香港投资管理有限公司（港投公司）) is left to the
    # bracket rule, which makes it the same organisation as the name before it.
    model = [c for c in model if not (c.start > 0 and text[c.start - 1] in "(（" and c.start - 1 in ends
                                      and c.end < len(text) and text[c.end] in ")）")]
    # Where a rule found the model's very span, the rule's candidate stands for it: it carries
    # the type and canonical name the rule worked out (StarVC as an investor).
    return kept + [c for c in model if (c.start, c.end) not in rule_spans and _model_span_ok(d, c, known)]


def _extends_known_name(d: _Doc, c: _Cand) -> bool:
    """A rule's name that holds a lexicon name and runs on past it (香港中文大学多媒体实验室,
    清华大学附中): nested names are one mention, the longest (RECORDS.md), which the model,
    trained on corpora that nest them, often cuts."""
    for i in range(c.start, c.end):
        hit = d.lex_at.get(i)
        if hit is not None and hit[1].entry is not None and i + hit[0] <= c.end \
                and hit[0] < c.end - c.start and _places_before(d, c.start, i):
            return True
    return False


def _places_before(d: _Doc, start: int, i: int) -> bool:
    """text[start:i] is nothing or whole place words (上海|招商银行): what a rule may put before a
    known name. Common words there (原告|招商银行, 预期|中信银行) are the sentence, not the name."""
    if i == start:
        return True
    if start not in d.starts or i not in d.starts:
        return False
    return all(d.kinds[k] == "place" for k in range(d.tok_at[start], d.tok_at[i]))


# Words that join two names rather than sit inside one (商汤科技联合MIT, 台积电与鸿海).
_DESCRIPTION_HEADS = frozenset(_CUES["description_heads"])
_MODEL_NOT_INSIDE = frozenset(_CUES["joiners"]) | frozenset(_PARTNER_VERBS) | {"联合"}


def _model_span_ok(d: _Doc, c: _Cand, known: list[_Cand]) -> bool:
    """A model span that runs a lexicon name into the words around it (腾讯独家投资, 华为获工信部)
    is no name: outside the known names it holds a verb or function word, or a role or title
    cue. One that extends a known name by other words (中国银行北京分行) stands."""
    inner = [k for k in known if c.start <= k.start and k.end <= c.end and k.end - k.start < c.end - c.start]
    if not inner:
        name = d.text[c.start:c.end]
        if any(name.endswith(h) and name[:-len(h)] in _COUNTRIES for h in _DESCRIPTION_HEADS):
            return False   # 美国公司 even when jieba makes it one word
        a, b = d.tok_at[c.start], d.tok_at[c.end - 1]
        # 芬兰游戏公司, 中国公司, AI公司: a country or one common word, or a place and one
        # common word, before a generic head describe companies; more words (巴西农牧业研究公司,
        # 荆州公安贷款公司) or a province or city alone (河北公司, a branch) make a name
        return not (d.tokens[b].text in _DESCRIPTION_HEADS and d.tokens[b].end == c.end
                    and ((b - a == 1 and (d.tokens[a].text in _COUNTRIES or d.kinds[a] == "noun"))
                         or (b - a == 2 and d.kinds[a] == "place" and d.kinds[a + 1] == "noun")))
    inside = set()
    for k in inner:
        inside.update(range(k.start, k.end))
    rest = [i for i in range(d.tok_at[c.start], d.tok_at[c.end - 1] + 1)
            if not all(p in inside for p in range(d.tokens[i].start, d.tokens[i].end))]
    def outside(i: int) -> str:
        tok = d.tokens[i]
        return "".join(d.text[p] for p in range(tok.start, tok.end) if p not in inside)

    def name_part(i: int) -> bool:
        # an organisation suffix (分行, jieba's verb; 公司 of one word 可口可乐公司) or an
        # ordinal (第九届全国人民代表大会, 首届立法会) belongs to the name whatever its class
        part = outside(i)
        return part in d.data.suffixes or bool(_ORDINAL.fullmatch(part))

    if any((d.kinds[i] in ("verb", "stop") and not name_part(i)) or d.tokens[i].text in _MODEL_NOT_INSIDE
           for i in rest):
        return False
    if len(inner) >= 2 and any(ch in "及和与、" for i in rest for ch in d.tokens[i].text):
        return False   # 京东讯飞及万达: names joined, whatever jieba made of the joiner (飞及)
    tail = d.text[max(k.end for k in inner):c.end]
    return not tail.startswith(_TITLES + _INVEST_AFTER)


def _type_strength(c: _Cand, ty: str | None) -> int:
    if ty is None:
        return 0
    if c.entry is not None:
        return 3
    if c.rule.startswith("org.suffix") or c.rule == "org.jieba_nt":
        return 2
    return 1


def _confirm_weak(d: _Doc, cands: list[_Cand]) -> None:
    """A weak alias (小米, 苹果) counts when context supports it: an organisation suffix or title
    after it, a Latin product name right after it (苹果ARKit), or coordination (handled there)."""
    text = d.text
    coord = {(c.start, c.end) for c in cands if c.rule == "org.context.coordination"}
    for c in cands:
        if not c.weak:
            continue
        after = text[c.end:c.end + 6]
        if (c.start, c.end) in coord or _NAME_CONFIRMED_AFTER.match(after):
            c.weak = False
    # Coordination candidates that coincide with a weak alias become the alias itself.
    for c in cands:
        if c.rule == "org.context.coordination":
            hit = d.lex_at.get(c.start)
            if hit and hit[1].entry and c.start + hit[0] == c.end:
                c.entry = hit[1].entry
                c.rule = f"org.lexicon:{hit[1].entry.canonical}"
                c.priority = 5


def _merge_extra(d: _Doc, mentions, extra):
    """Add bracket/declared mentions; give both sides of a pair one canonical (prefer Chinese)."""
    alias_map: dict[str, tuple[str, str | None, str]] = {}
    occupied = set()
    for c, _, _ in mentions:
        occupied.update(range(c.start, c.end))
    rename: dict[str, str] = {}
    first_at: dict[tuple[int, int], str] = {}   # span → canonical of the first mention with it
    for c, cn, _ in mentions:
        first_at.setdefault((c.start, c.end), cn)
    for new, cn, ty in extra:
        span = d.text[new.start:new.end]
        existing = first_at.get((new.start, new.end))
        if existing is not None:
            a, b = existing, cn
            if a != b:
                keep = b if _CJK.search(b) else a
                drop = a if keep == b else b
                rename[drop] = keep
            continue
        if any(p in occupied for p in range(new.start, new.end)):
            continue
        occupied.update(range(new.start, new.end))
        hit = d.data.lexicon.exact.get(span)
        if hit and hit.entry and hit.entry.canonical != cn:
            keep = cn if _CJK.search(cn) else hit.entry.canonical
            drop = hit.entry.canonical if keep == cn else cn
            rename[drop] = keep
        mentions.append((new, cn, ty))
        first_at.setdefault((new.start, new.end), cn)
        alias_map[span] = (cn, ty, new.rule if new.rule == "org.alias_declared" else "org.propagated")
    if rename:
        mentions = [(c, rename.get(cn, cn), ty) for c, cn, ty in mentions]
        alias_map = {k: (rename.get(v[0], v[0]), v[1], v[2]) for k, v in alias_map.items()}
    return sorted(mentions, key=lambda m: m[0].start), alias_map


def _leftmost_longest(text: str, names) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of ``names`` from left to right, the longest at each place:
    what ``finditer`` of the names' alternation (longest first) finds. That alternation costs
    time per name at every position, quadratic over a long document with many names (3.8 s of
    5.3 s on 480,000 characters of varied news sentences); this looks names up only where one
    may begin."""
    by_head: dict[str, set[int]] = {}
    for name in names:
        by_head.setdefault(name[:2], set()).add(len(name))
    # first two characters (or the one) → lengths of the names, longest first
    lengths = {head: sorted(lens, reverse=True) for head, lens in by_head.items()}
    pairs = {name[:2] for name in names if len(name) > 1}
    chars = {name for name in names if len(name) == 1}
    found: list[tuple[int, int]] = []
    resume = 0
    for i in _possible_starts(text, pairs, chars):
        if i < resume:
            continue
        n = next((n for head in (text[i:i + 2], text[i]) for n in lengths.get(head, ())
                  if i + n <= len(text) and text[i:i + n] in names), 0)
        if n:
            found.append((i, i + n))
            resume = i + n
    return found


def _apply_forms(d: _Doc, mentions, forms, blocks):
    """Find every further occurrence of the given names (leftmost, longest first)."""
    if not forms:
        return mentions
    occupied = set()
    for c, _, _ in mentions:
        occupied.update(range(c.start, c.end))
    for b in blocks:
        occupied.update(range(b.start, b.end))
    text = d.text
    out = list(mentions)
    for s, e in _leftmost_longest(text, forms):
        if any(p in occupied for p in range(s, e)):
            continue
        if _LATIN.match(text[s]) and _is_latin_edge(text, s - 1) or _LATIN.match(text[e - 1]) and _is_latin_edge(text, e):
            continue
        if _CJK.match(text[s]) and not _aligned(d, s, e):
            continue
        cn, ty, rule = forms[text[s:e]]
        occupied.update(range(s, e))
        out.append((_Cand(s, e, rule if rule != "org.alias_declared" else "org.shortform", 0, org_type=ty), cn, ty))
    return sorted(out, key=lambda m: m[0].start)
