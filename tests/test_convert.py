"""The conversion stage: OpenCC t2s and the exact map back to original offsets."""
import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extract.convert as cv
from extract.convert import convert

TRADITIONAL = "商湯科技於2014年在香港成立，軟銀願景基金與騰訊聯手；乾隆皇帝鬆了一口氣。"
SIMPLIFIED = "商汤科技于2014年在香港成立，软银愿景基金与腾讯联手；乾隆皇帝松了一口气。"
# Characters of both scripts, digits (half and full width), Latin and punctuation.
ALPHABET = st.sampled_from(list(set(TRADITIONAL + SIMPLIFIED)) + list("０１２３４5６7ＡBc ,.，。\n！？$%")) 


def test_traditional_converts_and_keeps_length():
    out = convert(TRADITIONAL)
    assert out.simplified == "商汤科技于2014年在香港成立，软银愿景基金与腾讯联手；乾隆皇帝松了一口气。"
    assert out.offsets.blocks == []
    assert out.offsets.to_original(0, 4) == (0, 4)


def test_full_width_folded_in_analysis_only():
    out = convert("２０１４年ＩＤＧ")
    assert out.simplified == "２０１４年ＩＤＧ"
    assert out.analysis == "2014年IDG"
    assert len(out.analysis) == len(out.simplified)


class _LengthChanging:
    """Stands in for OpenCC with phrase rules that change length, which t2s rarely does."""

    def convert(self, text: str) -> str:
        return text.replace("ABC", "X").replace("GH", "GHI").replace("乾", "干")


@pytest.fixture
def length_changing(monkeypatch):
    monkeypatch.setattr(cv, "_CONVERTER", _LengthChanging())
    cv._convert_char.cache_clear()
    yield
    cv._convert_char.cache_clear()


def test_length_changing_phrases_map_back(length_changing):
    original = "12ABC34GH5乾,xyABC\nxyz"
    out = convert(original)
    assert out.simplified == "12X34GHI5干,xyX\nxyz"
    pieces = [original.__getitem__(slice(*out.offsets.to_original(i, i + 1))) for i in range(len(out.simplified))]
    assert pieces == ["1", "2", "ABC", "3", "4", "G", "H", "H", "5", "乾", ",", "x", "y", "ABC", "\n", "x", "y", "z"]
    # A whole span maps to the whole original span.
    s = out.simplified.index("34GHI5")
    assert out.offsets.to_original(s, s + 6) == (original.index("34GH5"), original.index("34GH5") + 5)
    assert out.offsets.to_original(0, len(out.simplified)) == (0, len(original))


# The fixture only swaps the converter, the same for every example, so sharing it is safe.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["ABC", "GH", "乾", "a", "商", "，", "\n", "12", "GHI"]), max_size=60), st.data())
def test_property_spans_map_to_their_source(length_changing, parts, data):
    original = "".join(parts)
    out = convert(original)
    n = len(out.simplified)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    sources = [out.offsets.to_original(i, i + 1) for i in range(n)]
    # Each character's source is a non-empty stretch of the original, in order, covering it all.
    assert all(0 <= a < b <= len(original) for a, b in sources)
    assert all(x[0] <= y[0] and x[1] <= y[1] for x, y in zip(sources, sources[1:]))
    assert sorted({i for a, b in sources for i in range(a, b)}) == list(range(len(original)))
    # A span maps to the hull of its characters' sources.
    if end > start:
        assert out.offsets.to_original(start, end) == (sources[start][0], sources[end - 1][1])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_property_real_opencc_maps_every_span(text):
    out = convert(text)
    assert len(out.analysis) == len(out.simplified)
    n = len(out.simplified)
    for start in range(0, n, 7):
        for end in range(start, min(n, start + 9) + 1):
            o0, o1 = out.offsets.to_original(start, end)
            assert 0 <= o0 <= o1 <= len(text)
            if not out.offsets.blocks:
                assert (o0, o1) == (start, end)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_property_simplified_text_is_left_as_it_is(text):
    simplified = opencc.OpenCC("t2s").convert(text)
    out = convert(simplified)
    assert out.simplified == simplified
    assert out.offsets.blocks == []
