"""A cited URL → its publisher and source type.

The publisher is the organisation the alias table gives for the URL's host or registered
domain (``kg:domain`` in ``ontology/actors.ttl``), else the registered domain itself; the
source type comes from the table or from the host rules in ``ontology/sources.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

from .lexicon import AliasTable, ontology_dir

# The bundled public-suffix snapshot: never fetch the list at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True, slots=True)
class Publisher:
    key: str  # alias-table actor key, or "domain:<registered domain>"
    name: str
    domain: str
    source_type: str  # a kg:SourceType local name


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> dict:
    from .datafiles import SourceRules, read_yaml

    return read_yaml(Path(path) if path else ontology_dir() / "sources.yaml", SourceRules)


def host_of(url: str) -> str:
    """The host of a URL, lower case, without "www.".

    >>> host_of("https://www.Example.org:8080/a")
    'example.org'
    """
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=1 << 16)  # footnotes cite the same documents again and again
def registered_domain(url: str) -> str:
    """The domain a publisher registers: "asia.nikkei.com" → "nikkei.com".

    >>> registered_domain("http://publication.pravo.gov.ru/doc")
    'pravo.gov.ru'
    """
    r = _EXTRACT(url)
    reg = r.top_domain_under_public_suffix or host_of(url)
    if reg.split(".")[0] in ("gov", "mil", "gob", "gouv", "go") and r.subdomain:
        reg = r.subdomain.split(".")[-1] + "." + reg
    return reg.lower()


def publisher_of(url: str, table: AliasTable) -> Publisher:
    host = host_of(url)
    reg = registered_domain(url)
    rules = load_rules()
    for candidate in (host, reg):
        key = table.by_domain.get(candidate)
        if key:
            actor = table.actors[key]
            return Publisher(key, actor.label, reg, actor.source_type or _type_by_rules(host, reg, rules))
    return Publisher(f"domain:{reg}", reg, reg, _type_by_rules(host, reg, rules))


def _type_by_rules(host: str, reg: str, rules: dict) -> str:
    if reg in rules["social_media"] or host in rules["social_media"]:
        return "SocialMediaSource"
    if reg in rules["scholarly"] or host in rules["scholarly"]:
        return "ScholarlySource"
    if any(_under(host, s) for s in rules["government_suffixes"]):
        return "GovernmentSource"
    if any(_under(host, s) for s in rules["research_suffixes"]):
        return "ThinkTankSource"
    return "OtherSource"


def _under(host: str, suffix: str) -> bool:
    """Whether ``host`` is the domain ``suffix`` or below it, label by label: "mil.ru" covers
    "mil.ru" and "eng.mil.ru", never "notmil.ru"; ".gov" covers any host in .gov.

    >>> _under("eng.mil.ru", "mil.ru"), _under("notkremlin.ru", "kremlin.ru"), _under("state.gov", ".gov")
    (True, False, True)
    """
    suffix = suffix.lstrip(".")
    return host == suffix or host.endswith("." + suffix)
