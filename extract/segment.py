"""Sentence splitting and word segmentation (jieba), initialised once per process."""
from __future__ import annotations

import logging
import threading
from importlib import resources
from pathlib import Path

import jieba
import regex

from .analysis import Sentence, Token

# A sentence ends after 。！？；!? (with any closing quotes or brackets that follow) or at a
# line break. Runs of terminators (！？, ……。) stay together.
_SENTENCE = regex.compile(
    r"[^\n。！？；!?]*(?:[。！？；!?]+[”’」』）)\]】》\"']*|\n|$)"
)

_tokenizer: jieba.Tokenizer | None = None
_tokenizer_lock = threading.Lock()
_extra_user_dicts: list[Path] = []


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


def add_user_dictionary(path: str | Path) -> None:
    """Register a jieba user dictionary (one ``word [freq] [tag]`` a line) before first use."""
    _extra_user_dicts.append(Path(path))
    if _tokenizer is not None:
        _tokenizer.load_userdict(str(path))


def tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer with the package's user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                with resources.as_file(resources.files("extract") / "data" / "userdict.txt") as path:
                    tok.load_userdict(str(path))
                for extra in _extra_user_dicts:
                    tok.load_userdict(str(extra))
                _tokenizer = tok
    return _tokenizer


def segment(text: str) -> list[Token]:
    """jieba tokens of ``text`` with their offsets."""
    tokens: list[Token] = []
    pos = 0
    for word in tokenizer().cut(text):
        tokens.append(Token(word, pos, pos + len(word)))
        pos += len(word)
    return tokens
