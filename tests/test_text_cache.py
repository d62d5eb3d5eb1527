"""The per-Doc caches the extractors read must agree with spaCy's own attributes."""

from __future__ import annotations

from kg.extract._text import doc_sents, doc_text, seed_text, span_text, token_attrs, token_flags

TEXT = (
    "Officials in Lagos said on Monday that exports fell by 12 percent.\n\n"
    "“We will not comment,” a spokesperson told reporters.  Trade ministers met again in 2023!"
)


def test_token_attrs_match_token_attributes(nlp):
    doc = nlp(TEXT)
    for name in ("ORTH", "LOWER", "POS", "DEP", "ENT_TYPE", "LEMMA", "TAG"):
        assert token_attrs(doc, name) == [getattr(t, name.lower() + "_") for t in doc], name
    assert token_flags(doc, "IS_PUNCT") == [int(t.is_punct) for t in doc]
    assert token_flags(doc, "IS_SPACE") == [int(t.is_space) for t in doc]


def test_span_text_and_sentences_match_spacy(nlp):
    doc = nlp(TEXT)
    assert doc_text(doc) == doc.text
    assert [s.text for s in doc_sents(doc)] == [s.text for s in doc.sents]
    for sent in doc.sents:
        assert span_text(sent) == sent.text
    for ent in doc.ents:
        assert span_text(ent) == ent.text


def test_seeded_text_is_used(nlp):
    doc = nlp.make_doc("Two words")
    seed_text(doc, "Two words")
    assert doc_text(doc) == "Two words"


def test_extraction_leaves_no_cache_on_the_doc(nlp, lex, table):
    """The cached sentences refer back to the Doc; left behind, every Doc would wait for the
    garbage collector instead of being freed when the build lets go of it."""
    from kg.extract import extract_doc

    doc = nlp(TEXT)
    extract_doc(doc, article_id="a", title=None, lex=lex, table=table, text=TEXT)
    assert not [k for k in doc.user_data if isinstance(k, str) and k.startswith("kg.")]
