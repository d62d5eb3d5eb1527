"""Claim assembly from records, without a model: markers, relations and the cut of long texts."""

from kg.assemble import article_result, merge, split_text
from kg.raw import DocRecords, RawRelation, RawSentence
from kg.records import Article, Marker, Mention

TEXT = 'Iran sent drones to Russia.[1] The talks failed. "It will end," he said.[2][3] Nothing here.'


def _sent(text: str, part: str, index: int, claim: bool = True) -> RawSentence:
    start = text.index(part)
    return RawSentence(start, start + len(part), index, claim)


def _mention(text: str, word: str, actor: str) -> Mention:
    start = text.index(word)
    return Mention("a", start, start + len(word), word, actor)


def test_markers_attach_to_the_sentence_they_follow_and_relations_to_actors():
    sents = [_sent(TEXT, "Iran sent drones to Russia.", 0), _sent(TEXT, "The talks failed.", 1, claim=False),
             _sent(TEXT, '"It will end," he said.', 2), _sent(TEXT, "Nothing here.", 3, claim=False)]
    markers = tuple(Marker(n, TEXT.index(f"[{n}]"), TEXT.index(f"[{n}]") + 3) for n in (1, 2, 3))
    iran, russia = _mention(TEXT, "Iran", "state-IR"), _mention(TEXT, "Russia", "state-RU")
    cue = TEXT.index("sent")
    rels = [RawRelation((iran.start, iran.end), (russia.start, russia.end), "supports", "asserted", "send", cue, cue + 4, "07"),
            # the same relation through another name of the same actors: one relation per sentence
            RawRelation((iran.start, iran.end), (russia.start, russia.end), "supports", "asserted", "drone", cue + 5, cue + 11),
            RawRelation((iran.start, iran.end), (iran.start, iran.end), "supports", "asserted", "send", cue, cue + 4)]  # self
    art = Article("a", "a.txt", TEXT, "A", markers=markers)
    result = article_result(art, DocRecords([], sents, [], rels), [iran, russia], {})
    by_start = {c.start: c for c in result.claims}
    first, quote = by_start[0], by_start[TEXT.index('"It')]
    assert first.footnotes == (1,) and quote.footnotes == (2, 3)
    assert first.actors == ("state-IR", "state-RU")
    assert [(r.subject, r.relation, r.object, r.code) for r in first.relations] == [("state-IR", "supports", "state-RU", "07")]
    assert TEXT.index("The talks") not in by_start and TEXT.index("Nothing") not in by_start  # no claim, no evidence: left out


def test_long_texts_are_cut_at_paragraphs_and_parts_merge_back():
    text = "First paragraph here.\n\nSecond one is longer than that.\n\nThird."
    parts = split_text(text, 40)
    assert "".join(t for _, t in parts) == text and all(text[o:o + len(t)] == t for o, t in parts)
    assert all(t.endswith("\n\n") for _, t in parts[:-1])
    a = DocRecords([], [RawSentence(0, 21, 0, True)], [])
    b = DocRecords([], [RawSentence(23, 54, 1, True)], [])
    assert [s.index for s in merge([(0, a), (23, b)]).sentences] == [0, 1]
