"""kg: a claim-and-source knowledge graph of analysis articles.

The functions below load their modules on first use, so ``import kg`` is quick and the
reading side (query, audit, viz, evaluate) never loads spaCy.

    >>> import kg
    >>> callable(kg.build) and callable(kg.query)
    True
"""

from __future__ import annotations

import importlib
import sys
import types

_LAZY = {"build": "build", "BuildSummary": "build", "evaluate": "evaluate", "query": "query", "query_text": "query", "validate": "validate"}
__all__ = [*_LAZY, "__version__"]


class _Package(types.ModuleType):
    """kg's module object: ``kg.build`` stays the function even after the submodule
    ``kg.build`` is imported (the import system would otherwise set the attribute to the
    module, as for any package whose submodule and function share a name)."""

    def __getattr__(self, name: str):
        if name == "__version__":  # read from the installed metadata only when asked (importlib.metadata is slow)
            from importlib.metadata import PackageNotFoundError, version

            try:
                self.__dict__[name] = version("kg-claims")
            except PackageNotFoundError:  # running from a checkout that is not installed
                self.__dict__[name] = "0+unknown"
            return self.__dict__[name]
        if name in _LAZY:
            value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
            self.__dict__[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # the submodule is reached as sys.modules["kg.<name>"]; the name stays the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
