"""kg: a claim-and-source knowledge graph of analysis articles.

    >>> from kg import build, query
    >>> summary = build(["corpus"], "output")        # doctest: +SKIP
    >>> query("unsourced-claims", "output").rows[:3]  # doctest: +SKIP
"""

from .build import BuildSummary, build
from .evaluate import evaluate
from .query import query, query_text
from .validate import validate

__all__ = ["build", "BuildSummary", "query", "query_text", "evaluate", "validate"]
__version__ = "0.1.0"
