"""The HTML pages' templates (``kg/templates/``), rendered with Jinja2 and autoescape on.

Every value reaches a page through the template, escaped for where it lands; a script gets
its data through ``|tojson``, which escapes ``<``, ``>``, ``&`` and ``'`` so no value can
close the ``<script>`` element around it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg", "templates"), autoescape=jinja2.select_autoescape(["html", "j2"]),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             finalize=lambda x: "" if x is None else x)  # a missing value shows as nothing
    env.globals["safe_url"] = safe_url
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def environment_with(**globals_) -> jinja2.Environment:
    """The pages' environment with ``globals_`` visible to every template, for a renderer
    that calls ``get_template`` and ``render`` itself (pyvis's ``Network.generate_html``)."""
    env = environment().overlay(cache_size=0)  # no shared cache: templates bind the globals they load with
    env.globals = {**env.globals, **globals_}
    return env


def safe_url(url: str | None) -> bool:
    """Whether a page may make ``url`` a link: http(s) only (never ``javascript:`` or ``data:``)."""
    return bool(url) and re.match(r"^https?://", url, re.I) is not None
