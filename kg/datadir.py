"""Where kg's data files are (alias table, lexicons, queries, shapes): a light module, so the
reading side (``kg query``) finds its queries without loading the lexicon machinery."""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path


def ontology_dir() -> Path:
    """The folder of kg's data: ``$KG_ONTOLOGY``, else the installed package ``kg.ontology``
    (the repository's ``ontology/``), else ``ontology/`` beside an uninstalled checkout."""
    env = os.environ.get("KG_ONTOLOGY")
    if env:
        return Path(env)
    spec = find_spec("kg.ontology")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "ontology"
