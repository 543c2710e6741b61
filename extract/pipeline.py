"""The per-document pipeline: convert → split and segment → recognise → link → records."""
from __future__ import annotations

from .analysis import AnalysedText, PartialDate
from .convert import Converted, convert
from .segment import segment, split_sentences


def analyse(text: str, doc_id: str = "doc", published: PartialDate | str | None = None,
            default_currency: str = "CNY") -> tuple[AnalysedText, Converted]:
    """Convert and segment one document; the extractors all read the returned AnalysedText."""
    if isinstance(published, str):
        published = PartialDate.parse(published)
    converted = convert(text)
    analysed = AnalysedText(
        doc_id=doc_id,
        text=converted.analysis,
        simplified=converted.simplified,
        sentences=split_sentences(converted.analysis),
        tokens=segment(converted.analysis),
        published=published,
        default_currency=default_currency,
    )
    return analysed, converted
