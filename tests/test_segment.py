import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

import extract.segment as seg
from extract.analysis import Token, token_owners
from extract.segment import _hmm_cut, jieba_cut, segment, split_sentences, tokenizer

ROOT = Path(__file__).resolve().parent.parent


def texts(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_sentence_terminators_and_closing_quotes():
    assert texts("他说：“好。”然后走了！！真的吗？\n\n第二行；第三;还是第三") == [
        "他说：“好。”", "然后走了！！", "真的吗？", "第二行；", "第三;还是第三"]


def test_line_breaks_end_sentences_and_indices_are_dense():
    sents = split_sentences("标题\n  正文一。正文二\n")
    assert [s.index for s in sents] == [0, 1, 2]
    assert [(s.start, s.end) for s in sents] == [(0, 2), (5, 9), (9, 12)]


def test_commas_do_not_split():
    assert texts("2014年,商汤成立,IDG投资。") == ["2014年,商汤成立,IDG投资。"]


def test_segment_offsets_cover_text():
    text = "商汤科技于2014年在香港成立，IDG资本领投"
    tokens = segment(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert "领投" in [t.text for t in tokens]  # from the package's user dictionary


# --- extract.segment.jieba_cut restates jieba's Tokenizer.cut for speed: it must give its words.

_EDGE_TEXTS = [
    "", " ", "\n\n", "a", "商", "商汤科技于2014年在香港成立，IDG资本领投",
    "王小明和李晓华在北京大学读书。欧阳娜娜说：“好！”",          # unknown names: jieba's HMM
    "Apple、Google和Facebook的CEO；iPhone 11 Pro售价999.99美元（约合7000元）",
    "中华人民共和国国务院新闻办公室２０１９年１２月３１日发布，增长3.5%，C++ & C# 语言",
    "長江實業集團有限公司於香港聯合交易所上市",                    # traditional characters
    "😀表情符号\t制表符\u3000全角空格…省略号——破折号",
    "的的的的的了了了是是是在在",                                  # runs of single characters
    "研究生命起源结婚的和尚未结婚的",                              # classic ambiguity (ties of routes)
]


@pytest.mark.parametrize("text", _EDGE_TEXTS)
def test_jieba_cut_equals_jieba(text):
    assert jieba_cut(tokenizer(), text) == list(tokenizer().cut(text))


def test_jieba_cut_equals_jieba_on_the_bundled_documents():
    docs = [*sorted((ROOT / "raw").glob("*.txt")), *sorted((ROOT / "tests" / "gold" / "docs").glob("*.txt"))]
    assert docs
    for path in docs:
        text = path.read_text(encoding="utf-8")
        assert jieba_cut(tokenizer(), text) == list(tokenizer().cut(text)), path.name


def test_jieba_cut_equals_jieba_on_random_mixtures():
    rng = random.Random(20240517)
    words = ["人工智能", "公司", "研究", "生命", "起源", "和尚", "尚未", "结婚", "北京", "大学生", "的", "了",
             "商汤", "科技", "Apple", "2019", "3.5%", "，", "。", " ", "\n", "欧阳", "娜娜", "長江", "😀", "C++"]
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    for _ in range(300):
        text = "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(chars)
                       for _ in range(rng.randint(0, 40)))
        assert jieba_cut(tokenizer(), text) == list(tokenizer().cut(text)), text


def test_segment_offsets_accumulate():
    text = "商汤科技于2014年在香港成立，IDG资本领投 abc\n"
    tokens = segment(text)
    assert [t.start for t in tokens] == [0, *[t.end for t in tokens[:-1]]]
    assert tokens[-1].end == len(text)
    assert segment("") == []


def test_long_runs_of_unknown_single_characters_stay_linear():
    # 年 × N is one HMM run for jieba; unbounded, its Viterbi is quadratic (22 s for 100,000).
    import time

    small, large = "年" * 20_000, "年" * 200_000
    t0 = time.perf_counter()
    segment(small)
    t1 = time.perf_counter()
    tokens = segment(large)
    t2 = time.perf_counter()
    assert "".join(t.text for t in tokens) == large
    assert (t2 - t1) < 20 * max(t1 - t0, 0.01)  # 10x the text, far from 100x the time


def test_token_owners_gives_the_token_of_each_character():
    text = "商汤科技成立于2014年"
    tokens = segment(text)
    owners = token_owners(tokens, len(text))
    assert list(owners) == [k for k, t in enumerate(tokens) for _ in range(t.start, t.end)]
    for pos in range(len(text)):
        assert tokens[owners[pos]].start <= pos < tokens[owners[pos]].end


def test_token_owners_refuses_tokens_that_do_not_tile_the_text():
    assert token_owners([], 0) is None
    assert token_owners([Token("ab", 0, 2)], 3) is None                       # text not covered
    assert token_owners([Token("a", 0, 1), Token("c", 2, 3)], 3) is None      # a gap
    assert token_owners([Token("ab", 0, 2), Token("bc", 1, 3)], 3) is None    # an overlap
    assert token_owners([Token("ab", 0, 2), Token("", 2, 2), Token("c", 2, 3)], 3) is None   # an empty one
    assert list(token_owners([Token("ab", 0, 2), Token("c", 2, 3)], 3)) == [0, 0, 1]


# --- extract.segment._hmm_cut restates jieba.finalseg.cut (the HMM for unknown words): same words.

def _bundled_texts():
    docs = [*sorted((ROOT / "raw").glob("*.txt")), *sorted((ROOT / "tests" / "gold" / "docs").glob("*.txt"))]
    assert docs
    return [path.read_text(encoding="utf-8") for path in docs]


# Han characters that only some states of finalseg's model emit (the others score MIN_FLOAT), two
# for each set of such states, the empty set included: their Viterbi sums tie, and jieba's
# tie-break (the later state letter) decides the words.
def _han_by_emitting_states():
    by_states: dict[str, list[str]] = {}
    for c in map(chr, range(0x4E00, 0x9FD6)):
        by_states.setdefault("".join(y for y in "BMES" if c in finalseg.emit_P[y]), []).append(c)
    return by_states


_BY_STATES = _han_by_emitting_states()
_UNKNOWN_HAN = _BY_STATES[""]
_PARTLY_KNOWN_HAN = [c for states, chars in sorted(_BY_STATES.items()) if states != "BMES"
                     for c in (chars[0], chars[-1])]


def test_hmm_cut_equals_finalseg_on_the_bundled_documents():
    rng = random.Random(20240901)
    pieces = []
    for text in _bundled_texts():
        pieces.append(text)
        pieces += re.split(r"[^\w%.]+", text)      # every run between punctuation and spaces
        for _ in range(300):                       # random slices, cutting words and numbers
            i = rng.randrange(len(text))
            pieces.append(text[i:i + rng.randint(1, 60)])
    assert len(pieces) > 1000
    for piece in pieces:
        assert _hmm_cut(piece) == list(finalseg.cut(piece)), piece


def test_hmm_cut_equals_finalseg_on_the_runs_jieba_cut_gives_it(monkeypatch):
    runs = []

    def recording(buf):
        runs.append(buf)
        return _hmm_cut(buf)

    monkeypatch.setattr(seg, "_hmm_cut", recording)
    for text in _bundled_texts():
        jieba_cut(tokenizer(), text)
    assert len(runs) > 100
    for buf in runs:
        assert _hmm_cut(buf) == list(finalseg.cut(buf)), buf


_HMM_ALPHABET = st.sampled_from(
    list("的一是在不了有和人这中大为上个国我说王小明欧阳娜娜商汤長江實業於")
    + _PARTLY_KNOWN_HAN + _UNKNOWN_HAN[:4] + list("aZx09.% ") + ["，", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_HMM_ALPHABET, max_size=80))
def test_property_hmm_cut_equals_finalseg(text):
    assert _hmm_cut(text) == list(finalseg.cut(text))


@pytest.mark.parametrize("text", [
    "", " ", "a", "1", "%", ".", "商", "丄", "年" * 300, "".join(_UNKNOWN_HAN[:50]),
    "丄丅丏両丣" * 3, "的" + "".join(_UNKNOWN_HAN[100:110]) + "了", "3.5%增长abc.d 0.5.%%",
    "王小明和李晓华在北京大学读书", "欧阳娜娜说", "鿕", "".join(_PARTLY_KNOWN_HAN),
    "".join(_PARTLY_KNOWN_HAN[::-1]), "".join(_PARTLY_KNOWN_HAN) * 3,
])
def test_hmm_cut_equals_finalseg_edge_cases(text):
    assert _hmm_cut(text) == list(finalseg.cut(text))


def test_hmm_cut_equals_finalseg_on_every_short_string_of_partly_known_characters():
    # Every string of 4 characters, one for each set of states that emit them: 50,625 strings
    # where the tie-breaks of all five of jieba's max() calls change the words.
    chars = [chars[0] for states, chars in sorted(_BY_STATES.items()) if states != "BMES"]
    for text in map("".join, itertools.product(chars, repeat=4)):
        assert _hmm_cut(text) == list(finalseg.cut(text)), text


def test_hmm_cut_keeps_force_split_words():
    text = "王小明和李晓华在北京大学读书欧阳娜娜说"
    words = [w for w in _hmm_cut(text) if len(w) > 1]
    assert words
    added = [w for w in words[:2] if w not in finalseg.Force_Split_Words]
    try:
        for word in added:
            finalseg.add_force_split(word)
        assert _hmm_cut(text) == list(finalseg.cut(text))
        assert not set(added) & set(_hmm_cut(text))
    finally:
        finalseg.Force_Split_Words.difference_update(added)
