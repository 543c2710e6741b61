"""Sentence splitting and word segmentation (jieba), initialised once per process."""
from __future__ import annotations

import logging
import sys
import threading
from importlib import resources
from itertools import accumulate
from math import log
from pathlib import Path

import regex


def _import_jieba():
    """jieba, imported without pkg_resources: jieba._compat imports it (a third of a second at
    every start, most of jieba's import) only to open the dictionary files inside the jieba
    package; without it jieba opens the same files by their path."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
from jieba import finalseg  # noqa: E402

from .analysis import Sentence, Token

# A sentence ends after 。！？；!? (with any closing quotes or brackets that follow) or at a
# line break. Runs of terminators (！？, ……。) stay together.
_SENTENCE = regex.compile(
    r"[^\n。！？；!?]*(?:[。！？；!?]+[”’」』）)\]】》\"']*|\n|$)"
)

_tokenizer: jieba.Tokenizer | None = None
_tokenizer_lock = threading.RLock()  # word_tags() takes it and may build the tokenizer


def split_sentences(text: str) -> list[Sentence]:
    """Non-empty sentences, without surrounding white space, in order."""
    sentences: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Sentence(len(sentences), start, end))
    return sentences


def build_tokenizer(user_dicts: tuple[str | Path, ...] = ()) -> jieba.Tokenizer:
    """A jieba tokenizer with the package's user dictionary and then ``user_dicts`` loaded (files
    checked beforehand by extract.config.check_user_dictionary)."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    with resources.as_file(resources.files("extract") / "data" / "userdict.txt") as path:
        tok.load_userdict(str(path))
    for extra in user_dicts:
        tok.load_userdict(str(extra))
    return tok


def tokenizer() -> jieba.Tokenizer:
    """The default jieba tokenizer (the package's user dictionary only), built once per process
    and shared by every Resources without user dictionaries."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                _tokenizer = build_tokenizer()
    return _tokenizer


_word_tags: dict[str, str] | None = None


def word_tags() -> dict[str, str]:
    """The default tokenizer's word tags (read_word_tags), read once per process."""
    global _word_tags
    if _word_tags is None:
        with _tokenizer_lock:
            if _word_tags is None:
                _word_tags = read_word_tags(tokenizer())
    return _word_tags


def read_word_tags(tok: jieba.Tokenizer) -> dict[str, str]:
    """jieba's part-of-speech tag of every dictionary word of ``tok``, user dictionaries included.

    Read from the tokenizer's dictionary file (about 0.3 s), once per Resources, and shared by
    the stages that need tags (organisation boundaries, event subjects).
    """
    tags: dict[str, str] = {}
    with tok.get_dict_file() as fh:
        text = fh.read().decode("utf-8")  # decoded once, not line by line: half the time
    for line in text.split("\n"):
        parts = line.split()
        if len(parts) >= 3:
            tags[parts[0]] = parts[2]
    tags.update(getattr(tok, "user_word_tag_tab", {}))
    return tags


def segment(text: str, tok: jieba.Tokenizer | None = None) -> list[Token]:
    """jieba tokens of ``text`` with their offsets (``tok``: the run's tokenizer, else the default)."""
    words = jieba_cut(tok or tokenizer(), text)
    ends = list(accumulate(map(len, words)))
    return list(map(Token, words, [0, *ends[:-1]], ends))


_HMM_RUN = 200


def jieba_cut(tok: jieba.Tokenizer, text: str) -> list[str]:
    """The words of ``tok.cut(text)`` (jieba's default mode, HMM on), computed faster.

    This is jieba 0.42's own algorithm, restated as one loop per block: the dictionary-word DAG
    and the best route (the sum of log word frequencies) are computed together from right to
    left into two flat lists, instead of a DAG dict, a dict of tuples and a generator passed to
    ``max`` per character; and the log of each frequency is computed once. The same
    floating-point sums in the same order, the same tie-break (the longer word) and jieba's HMM
    for runs of unknown characters (restated by ``_hmm_cut``) give the same words
    (tests/test_segment.py compares the two): 0.49 s → 0.31 s on 200,000 characters of news,
    1.73 s → 1.22 s on 400 news documents.
    """
    tok.check_initialized()
    freq = tok.FREQ
    logtotal = log(tok.total)
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    logp: dict[int, float] = {}    # frequency → log(frequency) - log(total), as jieba computes it
    words: list[str] = []
    add = words.append

    def flush(buf: str) -> None:   # a run of single characters: jieba's HMM for unknown words
        if len(buf) == 1:
            add(buf)
        elif not freq.get(buf):
            # jieba's Viterbi copies its path at every step, so it is quadratic in the run's
            # length: 100,000 × 年 took 22 s. Runs are cut into pieces of _HMM_RUN characters;
            # real text has no run of unknown single characters that long.
            for i in range(0, len(buf), _HMM_RUN):
                words.extend(_hmm_cut(buf[i:i + _HMM_RUN]))
        else:
            words.extend(buf)

    for blk in re_han.split(text):
        if not blk:
            continue
        if not re_han.match(blk):
            for x in re_skip.split(blk):
                if re_skip.match(x):
                    add(x)
                else:
                    words.extend(x)
            continue
        n = len(blk)
        score = [0.0] * (n + 1)   # best log probability of blk[k:] (jieba's route[k][0])
        nxt = [0] * n             # end of the first word on that route (jieba's route[k][1] + 1)
        for k in range(n - 1, -1, -1):
            best = None
            end = k + 1
            i = k
            f = freq.get(blk[k])
            while f is not None:       # blk[k:i + 1] is a word, or a prefix of one (frequency 0)
                if f:
                    p = logp.get(f)
                    if p is None:
                        p = logp[f] = log(f) - logtotal
                    v = p + score[i + 1]
                    if best is None or v >= best:   # jieba: max of (v, i), so a tie goes to the longer word
                        best, end = v, i + 1
                i += 1
                if i == n:
                    break
                f = freq.get(blk[k:i + 1])
            if best is None:           # no dictionary word starts here: the character alone
                f = freq.get(blk[k]) or 1
                p = logp.get(f)
                if p is None:
                    p = logp[f] = log(f) - logtotal
                best = p + score[k + 1]
            score[k] = best
            nxt[k] = end
        x = 0
        buf = ""
        while x < n:
            y = nxt[x]
            if y - x == 1:
                buf += blk[x]
            else:
                if buf:
                    flush(buf)
                    buf = ""
                add(blk[x:y])
            x = y
        if buf:
            flush(buf)
    return words


# jieba's HMM for unknown words (jieba.finalseg), read from the module as its import loaded it:
# the emission dicts themselves, the start and transition log probabilities, its block regexes
# and its Force_Split_Words set (which finalseg.add_force_split() adds to).
_MIN_FLOAT = finalseg.MIN_FLOAT
_START_B, _START_M, _START_E, _START_S = (finalseg.start_P[y] for y in "BMES")
# trans_p[y0].get(y, MIN_FLOAT) for the pairs of finalseg.PrevStatus: B after E or S, M after M
# or B, S after S or E, E after B or M.
_T_EB, _T_SB, _T_MM, _T_BM, _T_SS, _T_ES, _T_BE, _T_ME = (
    finalseg.trans_P[y0].get(y, _MIN_FLOAT)
    for y0, y in ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME"))
_EMIT_B, _EMIT_M, _EMIT_E, _EMIT_S = (finalseg.emit_P[y].get for y in "BMES")
_FORCE_SPLIT = finalseg.Force_Split_Words
_HMM_HAN, _HMM_SKIP = finalseg.re_han, finalseg.re_skip
_B, _M, _E, _S = range(4)


def _hmm_cut(sentence: str) -> list[str]:
    """``list(jieba.finalseg.cut(sentence))``, computed faster.

    jieba 0.42's HMM for unknown words, restated: the same splitting into blocks of Han
    characters and the rest (finalseg's ``re_han``/``re_skip``) and the same Force_Split_Words,
    but a Viterbi that keeps the four state scores in local variables and one tuple of
    back-pointers per character and traces the path back once, instead of a dict per character,
    a list of tuples per state passed to ``max`` and a copy of every path at every step. The
    floating-point sums are the same, in the same order (``V[t-1][y0] + trans_p[y0][y] + em_p``),
    and ties go where jieba's ``max`` of ``(prob, state)`` tuples sends them, to the later
    letter, so the words are the same: tests/test_segment.py compares the two on the bundled
    documents, slices of them, generated strings and edge cases. On the 56,388 runs of unknown
    characters that segment() hands it in ``extract.bench.long_text(500_000)``: 0.86 s → 0.23 s;
    segment() of that text: 1.55 s → 0.91 s (best of 3).
    """
    words: list[str] = []
    for blk in _HMM_HAN.split(sentence):
        if not blk:
            continue
        if _HMM_HAN.match(blk):
            if _FORCE_SPLIT:
                for word in _hmm_words(blk):
                    if word in _FORCE_SPLIT:
                        words.extend(word)
                    else:
                        words.append(word)
            else:
                words.extend(_hmm_words(blk))
        else:
            words.extend(x for x in _HMM_SKIP.split(blk) if x)
    return words


def _hmm_words(blk: str) -> list[str]:
    """finalseg's ``__cut`` (its viterbi, then words) of a non-empty block of Han characters."""
    minf = _MIN_FLOAT
    emit_b, emit_m, emit_e, emit_s = _EMIT_B, _EMIT_M, _EMIT_E, _EMIT_S
    t_eb, t_sb, t_mm, t_bm = _T_EB, _T_SB, _T_MM, _T_BM
    t_ss, t_es, t_be, t_me = _T_SS, _T_ES, _T_BE, _T_ME
    c = blk[0]
    b = _START_B + emit_b(c, minf)     # V[t][y] of the previous character, one variable a state
    m = _START_M + emit_m(c, minf)
    e = _START_E + emit_e(c, minf)
    s = _START_S + emit_s(c, minf)
    back: list[tuple[int, int, int, int]] = []  # back[t - 1]: best state before B, M, E, S at t
    push = back.append
    for c in blk[1:]:
        # jieba: max([(V[t-1][y0] + trans_p[y0][y] + em_p, y0) for y0 in PrevStatus[y]]):
        # on equal sums the tuple with the later letter wins. Written out for each of the four
        # states on purpose: a call per state and character would cost more than the sums.
        x = emit_b(c, minf)
        v = e + t_eb + x
        w = s + t_sb + x
        if v > w:
            nb, pb = v, _E
        else:
            nb, pb = w, _S
        x = emit_m(c, minf)
        v = m + t_mm + x
        w = b + t_bm + x
        if w > v:
            nm, pm = w, _B
        else:
            nm, pm = v, _M
        x = emit_e(c, minf)
        v = b + t_be + x
        w = m + t_me + x
        if v > w:
            ne, pe = v, _B
        else:
            ne, pe = w, _M
        x = emit_s(c, minf)
        v = s + t_ss + x
        w = e + t_es + x
        if w > v:
            ns, ps = w, _E
        else:
            ns, ps = v, _S
        push((pb, pm, pe, ps))
        b, m, e, s = nb, nm, ne, ns
    state = _E if e > s else _S         # jieba: max((V[-1][y], y) for y in 'ES')
    n = len(blk)
    pos = [state] * n
    for t in range(n - 2, -1, -1):
        state = pos[t] = back[t][state]
    words: list[str] = []               # finalseg.__cut from here on
    begin = nexti = 0
    for i, state in enumerate(pos):
        if state == _B:
            begin = i
        elif state == _E:
            words.append(blk[begin:i + 1])
            nexti = i + 1
        elif state == _S:
            words.append(blk[i])
            nexti = i + 1
    if nexti < n:
        words.append(blk[nexti:])
    return words
