"""What a process loads for a run: the tokenizer, its word tags and the organisation lexicon.

:func:`resources_for` turns a :class:`~extract.config.RunConfig` into one :class:`Resources`
per process and configuration (checked files first), and every runner passes it explicitly:
``analyse`` segments with its tokenizer and hands it to the recognisers on the
``AnalysedText`` (``doc.resources``), so no stage reads a process-wide jieba or a lexicon that
a command line option changed behind its back. Each part is loaded on first use, once: a run
that never reaches the organisation stage never reads its lexicon.

Data that no option changes (the date, money and event lexicons, the organisation cues) stays
with its module, compiled once at import or first use.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .config import RunConfig

if TYPE_CHECKING:
    import jieba

    from .analysis import AnalysedText


class Resources:
    """The loaded resources of one configuration (its user dictionaries and organisation files)."""

    def __init__(self, user_dicts: tuple[str, ...] = (), org_files: tuple[str, ...] = (),
                 org_model: str | None = None):
        self.user_dicts = tuple(user_dicts)
        self.org_files = tuple(org_files)
        self.org_model = org_model          # None: the shipped model; "none": rules only
        self._lock = threading.RLock()
        self._tagger: Any = False           # False: not loaded yet
        self._tokenizer: jieba.Tokenizer | None = None
        self._word_tags: dict[str, str] | None = None
        self._orgs: Any = None

    def __repr__(self) -> str:
        return (f"Resources(user_dicts={self.user_dicts!r}, org_files={self.org_files!r}, "
                f"org_model={self.org_model!r})")

    @property
    def tokenizer(self) -> "jieba.Tokenizer":
        """jieba with the package's and the user's dictionaries (the default one is shared)."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    from . import segment

                    self._tokenizer = (segment.build_tokenizer(self.user_dicts) if self.user_dicts
                                       else segment.tokenizer())
        return self._tokenizer

    @property
    def freq(self) -> dict[str, int]:
        """The tokenizer's dictionary: word → frequency (0 for a prefix of a word)."""
        return self.tokenizer.FREQ

    @property
    def word_tags(self) -> dict[str, str]:
        """jieba's part-of-speech tag of every dictionary word."""
        if self._word_tags is None:
            with self._lock:
                if self._word_tags is None:
                    from . import segment

                    self._word_tags = (segment.read_word_tags(self.tokenizer) if self.user_dicts
                                       else segment.word_tags())
        return self._word_tags

    @property
    def orgs(self) -> Any:
        """The organisation stage's lexicon, suffixes and word features (extract.orgs)."""
        if self._orgs is None:
            with self._lock:
                if self._orgs is None:
                    from . import orgs

                    self._orgs = orgs.build_data(self)
        return self._orgs

    @property
    def org_tagger(self) -> Any:
        """The organisation CRF (extract.orgtagger.OrgTagger), or None when the run asked for the
        rules only (``--org-model none``) or the package was installed without its model."""
        if self._tagger is False:
            with self._lock:
                if self._tagger is False:
                    from . import orgtagger

                    if self.org_model == "none":
                        self._tagger = None
                    elif self.org_model is None:
                        path = orgtagger.default_model_path()
                        self._tagger = orgtagger.OrgTagger(path) if path.is_file() else None
                    else:
                        self._tagger = orgtagger.OrgTagger(self.org_model)
        return self._tagger

    def load(self) -> "Resources":
        """Load every part now (before forking workers, or to time a run without its start-up)."""
        self.tokenizer, self.word_tags, self.orgs, self.org_tagger  # noqa: B018 - loaded for their side effect
        return self


_loaded: dict[tuple[tuple[str, ...], tuple[str, ...], str | None], Resources] = {}
_loaded_lock = threading.Lock()


def resources_for(config: RunConfig | None = None) -> Resources:
    """This process's Resources for ``config`` (built once per distinct set of user files, after
    checking them: a malformed file raises ValueError ``FILE:LINE: problem`` here)."""
    config = config or RunConfig()
    key = (config.user_dicts, config.org_files, config.org_model)
    res = _loaded.get(key)
    if res is None:
        with _loaded_lock:
            res = _loaded.get(key)
            if res is None:
                config.check_files()
                res = _loaded[key] = Resources(*key)
    return res


def resources_of(doc: "AnalysedText") -> Resources:
    """The resources a document was analysed with (the defaults for a hand-built AnalysedText)."""
    return doc.resources if doc.resources is not None else resources_for()
