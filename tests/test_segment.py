from extract.segment import segment, split_sentences


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
