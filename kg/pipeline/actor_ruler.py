"""``kg_actor_ruler``: the alias table as a spaCy SpanRuler.

Every name, alternative name and capital in ``ontology/actors.ttl`` becomes a phrase
pattern whose id is the actor's key; matches go to ``doc.spans["kg_actors"]`` and do not
touch ``doc.ents``, so the statistical NER is kept as it is.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import SpanRuler

SPANS_KEY = "kg_actors"


@Language.factory(
    "kg_actor_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": SPANS_KEY,
        "phrase_matcher_attr": "ORTH",
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
    },
)
def make_actor_ruler(nlp: Language, name: str, spans_key: str, phrase_matcher_attr: str, spans_filter) -> SpanRuler:
    return SpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        phrase_matcher_attr=phrase_matcher_attr,
        overwrite=True,
        annotate_ents=False,
        spans_filter=spans_filter,
    )
