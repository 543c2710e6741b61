"""A learned organisation tagger: a character CRF (python-crfsuite) beside the rules of extract.orgs.

Each character of a sentence gets the label B (begins a name), I (inside one), E (ends one),
S (a name of one character) or O. Its features
come from the pipeline's own analysis, so training and run time see the same tokens: the
character and its neighbours, its place in its jieba word (B/M/E/S), the word, the word's jieba
tag and the organisation stage's word class, the words either side, whether the word is an
organisation suffix (org_suffixes.tsv), whether a lexicon name covers the character, and whether
a stock code in brackets follows the word (中天科技(600522.SH)).

The shipped model (data/orgs_crf.model) is rebuilt by ``extract train-orgs DATA.jsonl -o MODEL``
from sentences in the bench format ``{"text", "orgs": [{"start", "end"}]}``; see the README for
the data it was trained on. The model is loaded once per process (extract.resources).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import regex

if TYPE_CHECKING:
    from .orgs import _Doc

DEFAULT_MODEL = "orgs_crf.model"
LABELS = ("B", "I", "E", "S", "O")   # begins, inside, ends, a one-character name, outside
MAX_SEQUENCE = 400          # characters per CRF sequence: a sentence without stops is cut at a word edge
TRAIN_PARAMS = {            # L-BFGS with elastic net: measured on held-out folds (README)
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 120,
    "feature.possible_transitions": True,
}

# A stock code in brackets right after a name: (600522.SH), （002065）, (00700.HK), (NASDAQ:BIDU).
_CODE_AFTER = regex.compile(
    r"[(（]\s*(?:(?:股票代码|证券代码|代码)\s*[:：]?\s*)?(?:[A-Z]{2,8}\s*[:：]\s*)?"
    r"(?:\d{6}|\d{4,5}|[A-Z]{1,5})(?:\.(?:SH|SZ|HK|BJ|US|N|O))?\s*[)）]")
_HAN = regex.compile(r"\p{Han}")


_CLASS_OF: dict[str, str] = {}   # character → class, filled as characters are met


def _classes(text: str) -> list[str]:
    """_char_class of every character of text, through the cache (the class is asked for each
    character three times per sequence, 750,000 times per 2M characters of news)."""
    cache = _CLASS_OF
    out = []
    for ch in text:
        c = cache.get(ch)
        if c is None:
            c = cache[ch] = _char_class(ch)
        out.append(c)
    return out


def _char_class(ch: str) -> str:
    if "0" <= ch <= "9":
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if _HAN.match(ch):
        return "H"
    if ch.isspace():
        return "S"
    return "P"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    confidence: float     # the model's marginal probability of the span's first label


def _token_features(d: "_Doc", k: int) -> list[str]:
    """Features of the k-th token, shared by its characters."""
    tokens = d.tokens
    word = tokens[k].text
    data = d.data
    feats = [
        "w=" + (word if len(word) <= 6 else "~long"),
        "wt=" + (d.tags[k] or "-"),
        "wk=" + d.kinds[k],
        "wl=" + str(min(len(word), 5)),
        "w-1=" + (tokens[k - 1].text if k > 0 else "^"),
        "w+1=" + (tokens[k + 1].text if k + 1 < len(tokens) else "$"),
        "wk-1=" + (d.kinds[k - 1] if k > 0 else "^"),
        "wk+1=" + (d.kinds[k + 1] if k + 1 < len(tokens) else "$"),
    ]
    suffix = data.suffixes.get(word)
    if suffix is not None:
        feats.append("sx=" + suffix.klass)
    else:
        ending = data.suffix_of(word)
        if ending is not None:
            feats.append("sxe=" + ending.klass)
    if k + 1 < len(tokens):
        nxt = data.suffixes.get(tokens[k + 1].text)
        if nxt is not None:
            feats.append("sx+1=" + nxt.klass)
    return feats


def sequence_features(d: "_Doc", start: int, end: int, code_before: set[int],
                      lex: dict[int, str]) -> list[list[str]]:
    """Feature lists of the characters ``start:end`` of the prepared document ``d``
    (``code_before``: code_positions of its text; ``lex``: its lexicon_marks)."""
    text = d.text
    tok_at = d.tok_at
    tokens = d.tokens
    cache: dict[int, list[str]] = {}
    out: list[list[str]] = []
    classes = _classes(text[start:end])
    for i in range(start, end):
        k = tok_at[i]
        tf = cache.get(k)
        if tf is None:
            tf = _token_features(d, k)
            if tokens[k].end in code_before:
                tf.append("code>")
            cache[k] = tf
        tok = tokens[k]
        ch = text[i]
        prev = text[i - 1] if i > start else "^"
        nxt = text[i + 1] if i + 1 < end else "$"
        if tok.end - tok.start == 1:
            pos = "S"
        elif i == tok.start:
            pos = "B"
        elif i == tok.end - 1:
            pos = "E"
        else:
            pos = "M"
        feats = [
            "c=" + ch,
            "c-1=" + prev,
            "c+1=" + nxt,
            "c-2=" + (text[i - 2] if i - 2 >= start else "^"),
            "c+2=" + (text[i + 2] if i + 2 < end else "$"),
            "b-=" + prev + ch,
            "b+=" + ch + nxt,
            "t=" + classes[i - start] + (classes[i - start - 1] if i > start else "P")
            + (classes[i - start + 1] if i + 1 < end else "P"),
            "p=" + pos,
            "pw=" + pos + (d.tags[k] or "-"),
        ]
        mark = lex.get(i)
        if mark is not None:
            feats.append(mark)
        feats.extend(tf)
        out.append(feats)
    return out


def lexicon_marks(d: "_Doc") -> dict[int, str]:
    """Character → lexicon feature: inside a known name (B/I), a weak alias, or a blocked name.
    Once per document, not per sequence: a long document has thousands of both."""
    marks: dict[int, str] = {}
    for i, (length, hit) in d.lex_at.items():
        kind = "blk" if hit.entry is None else ("weak" if hit.weak else "org")
        for p in range(i, i + length):
            marks[p] = f"lx={'B' if p == i else 'I'}{kind}"
    return marks


_YEAR_ONLY = regex.compile(r"[(（]\s*(?:19|20)\d\d\s*[)）]")
_HAS_DIGIT_OR_MARKET = regex.compile(r"\d|[:：.]")


def code_positions(text: str, strict: bool = False) -> set[int]:
    """Offsets where a bracketed stock code begins (the name before it ends there). ``strict``
    (the rule of extract.orgs, which trusts it without a model): digits or a market, and not a
    bare year — (BIDU) or (2019) alone is only a hint for the model."""
    out = set()
    for m in _CODE_AFTER.finditer(text):
        if strict and (not _HAS_DIGIT_OR_MARKET.search(m.group()) or _YEAR_ONLY.fullmatch(m.group())):
            continue
        out.add(m.start())
    return out


def sequences(d: "_Doc", sentences) -> Iterable[tuple[int, int]]:
    """The (start, end) of each CRF sequence: the sentences, long ones cut at word edges."""
    for s in sentences:
        a, b = s.start, s.end
        while b - a > MAX_SEQUENCE:
            cut = a + MAX_SEQUENCE
            while cut > a + MAX_SEQUENCE // 2 and cut not in d.starts:
                cut -= 1
            yield a, cut
            a = cut
        if b > a:
            yield a, b


def gold_labels(length: int, spans) -> list[str]:
    """B/I/E/S/O labels of ``length`` characters holding the name ``spans``."""
    gold = ["O"] * length
    for s, e in spans:
        if e - s == 1:
            gold[s] = "S"
            continue
        gold[s] = "B"
        for p in range(s + 1, e - 1):
            gold[p] = "I"
        gold[e - 1] = "E"
    return gold


def labels_to_spans(labels: list[str], offset: int) -> list[tuple[int, int]]:
    """B/I/E/S/O labels → (start, end) spans. The model may emit an invalid run (I after O, B
    without E): a B or S always begins a name, an I or E after O begins one too, E and S end it."""
    spans = []
    begin = None
    for j, lab in enumerate(labels):
        if lab in ("B", "S") or (lab in ("I", "E") and begin is None):
            if begin is not None:
                spans.append((offset + begin, offset + j))
            begin = j
        elif lab == "O" and begin is not None:
            spans.append((offset + begin, offset + j))
            begin = None
        if lab in ("E", "S") and begin is not None:
            spans.append((offset + begin, offset + j + 1))
            begin = None
    if begin is not None:
        spans.append((offset + begin, offset + len(labels)))
    return spans


class OrgTagger:
    """A loaded CRF model. One per process (extract.resources); ``tag`` is thread-safe per call."""

    def __init__(self, path: str | os.PathLike[str]):
        import pycrfsuite

        self.path = str(path)
        if not Path(self.path).is_file():
            raise ValueError(f"organisation model {self.path!r} is not a readable file")
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(self.path)
        except Exception as exc:   # crfsuite says only "Cannot open"; say which file and why
            raise ValueError(f"organisation model {self.path!r} is not a CRF model ({exc})") from None
        labels = set(self._tagger.labels())
        if not set(LABELS) >= labels or "B" not in labels:
            raise ValueError(f"organisation model {self.path!r} has labels {sorted(labels)}, "
                             f"expected {'/'.join(LABELS)}")
        # pycrfsuite.Tagger keeps the sequence it tagged: one lock per tagger keeps threads apart.
        import threading
        self._lock = threading.Lock()

    def spans(self, d: "_Doc", sentences) -> list[Span]:
        """Organisation spans the model finds in the prepared document ``d``."""
        code_before = code_positions(d.text)
        lex = lexicon_marks(d)
        out: list[Span] = []
        for a, b in sequences(d, sentences):
            feats = sequence_features(d, a, b, code_before, lex)
            with self._lock:
                labels = self._tagger.tag(feats)
                found = labels_to_spans(labels, a)
                for s, e in found:
                    out.append(Span(s, e, self._tagger.marginal(labels[s - a], s - a)))
        return out


def default_model_path() -> Path:
    return Path(str(resources.files("extract") / "data" / DEFAULT_MODEL))


# ---------------------------------------------------------------------------------------------
# Training

def read_training_file(path: str | os.PathLike[str]) -> list[dict]:
    """Sentences in the bench format; ValueError ``FILE:LINE: problem`` at the first bad one."""
    from .config import read_user_text

    records = []
    text = read_user_text(path, "training file")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            sentence = rec["text"]
            spans = [(int(o["start"]), int(o["end"])) for o in rec.get("orgs", [])]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: expected {{\"text\": ..., \"orgs\": [{{\"start\", \"end\"}}]}} "
                             f"({exc.__class__.__name__}: {exc})") from None
        if not isinstance(sentence, str):
            raise ValueError(f"{path}:{number}: \"text\" must be a string")
        for s, e in spans:
            if not 0 <= s < e <= len(sentence):
                raise ValueError(f"{path}:{number}: span {s}-{e} outside the text ({len(sentence)} characters)")
        records.append({"text": sentence, "spans": spans})
    if not records:
        raise ValueError(f"{path}: no training sentences")
    return records


def training_items(records: list[dict], resources_=None):
    """(features, labels) per sequence of each record, analysed as the pipeline analyses text."""
    from .orgs import prepared_for_tagger
    from .pipeline import analyse

    for rec in records:
        doc, _ = analyse(rec["text"], resources=resources_)
        if len(doc.text) != len(rec["text"]):
            continue   # conversion changed the length: the gold offsets would not line up
        d = prepared_for_tagger(doc)
        gold = gold_labels(len(doc.text), rec["spans"])
        code_before = code_positions(d.text)
        lex = lexicon_marks(d)
        for a, b in sequences(d, doc.sentences):
            yield sequence_features(d, a, b, code_before, lex), gold[a:b]


def train(records: list[dict], model_path: str | os.PathLike[str], params: dict | None = None,
          progress=None) -> dict:
    """Train a model on ``records`` and write it to ``model_path``; returns a summary."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_chars = 0
    for feats, labels in training_items(records):
        trainer.append(feats, labels)
        n_seq += 1
        n_chars += len(labels)
        if progress is not None:
            progress(n_seq)
    settings = dict(TRAIN_PARAMS)
    settings.update(params or {})
    trainer.set_params(settings)
    Path(model_path).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return {"sentences": len(records), "sequences": n_seq, "characters": n_chars, "params": settings,
            "model": str(model_path), "bytes": Path(model_path).stat().st_size}
