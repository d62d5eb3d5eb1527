"""Audit claim provenance: what every claim rests on, and what rests on nothing.

A reader of the store only. Every number comes from a SPARQL query in
``ontology/queries/audit-*.rq`` (or a competency query), so a user can re-run and adapt it;
this module arranges the rows, compares figures across the corpus, and writes
``audit.json`` (schema: ``ontology/audit.schema.json``) and ``audit.html``.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from .datafiles import LexiconFile, read_yaml
from .errors import KgError
from .lexicon import ontology_dir
from .query import query, query_pages, query_rows
from . import spool as kg_spool
from . import store as kg_store
from .spool import Joined, Spool

GRADES = ("corroborated", "single source", "self-sourced", "attributed only", "unsourced")
SOURCE_TYPES = {
    "SelfCitation": "self-citation",
    "ThinkTankSource": "think tank / research",
    "NewsMediaSource": "news media",
    "StateMediaSource": "state-affiliated media",
    "GovernmentSource": "government / official",
    "IntergovernmentalSource": "intergovernmental",
    "SocialMediaSource": "social media",
    "ScholarlySource": "scholarly",
    "OtherSource": "other",
}
_PER_YEAR = {None: None, "per day": 365.0, "per week": 52.0, "per month": 12.0, "per quarter": 4.0, "per year": 1.0}
_STOP = {"the", "a", "an", "of", "in", "its", "their", "his", "her", "new", "other", "total", "current", "this", "that",
         # units and generic measures say nothing about *what* is measured
         "people", "person", "percent", "ruble", "rouble", "dollar", "euro", "yuan", "pound", "rate", "level", "share",
         "portion", "number", "amount", "figure", "value", "sum", "part", "proportion"}


# -- the corpus report -----------------------------------------------------------------
def audit(store: str | Path = "output", *, spool: str | Path | None = None) -> dict:
    """The whole audit as plain data (what ``audit.json`` holds). With ``spool`` (a file
    path) the claims are kept in that file (``kg.spool.Spool``) and the hygiene findings,
    figure conflicts and clusters beside it, not in memory: the report of a big corpus holds
    an offset per item. ``write`` writes either the same; ``close`` removes the files (and
    they are removed when the audit fails).

    The listings (claims, figures, hygiene) are read a page per article, in article order:
    the store then never holds a whole listing to group and sort it, and one article's page
    is a few milliseconds at millions of triples."""
    opened: list[Spool] = []

    def spooled(suffix: str) -> list | Spool:
        if spool is None:
            return []
        opened.append(Spool(Path(spool) if not suffix else Path(spool).with_suffix(suffix)))
        return opened[-1]

    try:
        return _audit(store, spooled)
    except BaseException:
        for sp in opened:
            sp.close()
        raise


def _audit(store, spooled) -> dict:
    st = kg_store.open_store(store)  # once: every page reads the same open store
    # each article's source mix, then its summary row, in title order, one row at a time
    # (beside the report in a big audit, like the listings)
    mix: dict[str, tuple] = defaultdict(tuple)
    rows = ((m["article"], m["sourceType"], m["sources"]) for m in query_rows("audit-source-types", st))
    for article, kind, n in sorted(rows, key=lambda m: m[:2]):  # not the store's order
        mix[article] += ((SOURCE_TYPES.get(kind, kind), _int(n)),)
    by_article: list | Spool = spooled(".articles.jsonl")
    titles: dict[str, str] = {}
    cited_total = self_total = 0
    for a in query_rows("audit-articles", st):
        cited = _int(a.get("citedUrls"))
        cited_total += cited
        self_total += _int(a.get("selfCitations"))
        titles[a["article"]] = a["title"]
        by_article.append({
            "article": a["article"],
            "title": a["title"],
            "publisher": a.get("publisher"),
            "claims": _int(a["claims"]),
            "grades": {g: _int(a[k]) for g, k in zip(GRADES, ("corroborated", "single", "self", "attributed", "unsourced"))},
            "footnotes": _int(a.get("footnotes")),
            "links": _int(a.get("links")),
            "sources": _int(a.get("sources")),
            "self_citation_rate": round(_int(a.get("selfCitations")) / cited, 3) if cited else None,
            "source_types": dict(mix.pop(a["article"], ())),
        })
    del mix
    hygiene: list | Spool = spooled(".hygiene.jsonl")
    for h in query_pages("audit-hygiene", st):
        hygiene.append({"kind": h["kind"], "article": h["article"], "title": titles.get(h["article"]), "footnote": _int(h.get("n")) or None,
                        "url": h.get("url"), "detail": _numbers_in_order(h.get("detail"))})
    items: list | Spool = spooled("")
    grades: Counter = Counter()
    positions = {"single source": array("q"), "unsourced": array("q")}  # where those grades' claims are in ``items``
    for c in query_pages("audit-claims", st):  # one row at a time: the claims go straight to ``items``
        if not by_article:
            raise KgError(f"{store}: the graph has claims but no per-article counts (kg:claimCount): "
                          "it was built by an earlier kg; run `kg build` again")
        grades[c["grade"]] += 1
        if c["grade"] in positions:
            positions[c["grade"]].append(len(items))
        items.append(_claim_item(c, titles))
    # what the comparison needs of each figure in memory; what the report shows of it (its
    # ``side``) beside the report in a big audit, read back for the pairs and clusters listed
    sides: list | Spool = spooled(".figures.jsonl")
    figs = Figs()
    claims: dict[str, int] = {}  # the claims of the article being read: one claim's figures are never compared
    article = None
    for r in query_pages("audit-figures", st):
        if r["article"] != article:
            article = r["article"]
            claims.clear()
        claim = claims.setdefault(r["claim"], len(figs))  # a number no other claim has: its first figure's
        figs.append(Fig.from_row(r, len(figs), claim))
        sides.append(side(r))
    pairs = conflict_pairs(figs)  # (verdict, figure, figure): the pairs themselves go to ``conflicts``
    conflicts: list | Spool = spooled(".conflicts.jsonl")
    for v, i, j in pairs:
        conflicts.append(_pair(v, figs[i], figs[j], sides))
    verdicts = Counter(v for v, _, _ in pairs)
    del pairs  # listed: not held while the clusters are made
    # a big audit's clusters list their figures as positions in ``sides`` (kept until ``close``)
    clusters = figure_clusters(figs, sides, into=Joined(spooled(".clusters.jsonl"), "members", sides) if isinstance(sides, Spool) else None)
    del figs

    def graded(grade: str):
        if isinstance(items, Spool):
            return items.view(positions[grade])
        return [items[i] for i in positions[grade]]  # the same objects again, not copies

    return {
        "summary": {
            "articles": len(by_article),
            "claims": len(items),
            "grades": {g: grades.get(g, 0) for g in GRADES},
            "self_citation_rate": round(self_total / cited_total, 3) if cited_total else None,
            "hygiene_findings": len(hygiene),
            "figure_conflicts": {v: verdicts[v] for v in ("disagree", "agree", "different scope")},
            "figure_clusters": {v: sum(1 for c in clusters if c["verdict"] == v) for v in ("disagree", "agree")},
        },
        "articles": by_article,
        "claims": items,
        "single_source_claims": graded("single source"),
        "unsourced_claims": graded("unsourced"),
        "hygiene": hygiene,
        "figure_conflicts": conflicts,
        "figure_clusters": clusters,
    }


def _claim_item(c: dict, titles: dict[str, str]) -> dict:
    return {
        "claim": c["claim"], "article": c["article"], "title": titles.get(c["article"]), "text": c["text"],
        "start": _int(c["start"]), "end": _int(c["end"]), "grade": c["grade"], "speakers": sorted(_split(c.get("speakers"))),
        # sorted: GROUP_CONCAT lists in whatever order the store keeps
        "publishers": sorted(_split(c.get("publishers"))), "urls": sorted((c.get("urls") or "").split()),
        "footnotes": sorted(int(n) for n in (c.get("footnotes") or "").split()), "links": sorted(_split(c.get("links"))),
        "hedges": _in_order(c.get("hedges")), "icd203": c.get("band") or None,
    }


def _in_order(listed: str | None) -> str | None:
    """A GROUP_CONCAT list (", ") sorted: the store concatenates in whatever order it keeps."""
    return ", ".join(sorted(listed.split(", "))) if listed else None


def _numbers_in_order(text: str | None) -> str | None:
    """``text`` with each list of numbers in it ("cited by footnotes 12, 3") in numeric order."""
    if not text:
        return text
    return re.sub(r"\d+(?:, \d+)+", lambda m: ", ".join(sorted(m.group(0).split(", "), key=int)), text)


def claims_by_iri(report: dict, wanted: Container[str]) -> dict[str, dict]:
    """The report's claims whose IRIs are ``wanted``, by IRI (one pass over them, read from
    disk when the report keeps them there)."""
    return {c["claim"]: c for c in report["claims"] if c["claim"] in wanted}


def _int(x) -> int:
    try:
        return int(float(x))
    except (TypeError, ValueError):
        return 0


def _split(x: str | None) -> list[str]:
    return [s for s in (x or "").split(" | ") if s]


# -- figure conflicts ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)  # tens of thousands at a time in a big corpus
class Fig:
    """What comparing a figure needs; what the report shows of it (IRI, claim, claim text,
    publishers) is its ``side``, number ``n`` in a sequence of its own."""
    n: int
    text: str
    start: int
    end: int
    low: float
    high: float
    unit: str
    rate: str | None
    qualifier: str | None
    what: str
    when: str | None
    verb: str | None
    claim: object  # equal for the figures of one claim only
    article: str
    speakers: tuple[str, ...]

    @classmethod
    def from_row(cls, r: dict, n: int, claim: object) -> Fig:
        v = _f(r.get("value"))
        low = v if v is not None else _f(r.get("min"))
        high = v if v is not None else _f(r.get("max"))
        common = _common  # the values figures share (units, articles, names), each kept once
        return cls(n, r["text"], _int(r.get("start")), _int(r.get("end")), low if low is not None else math.nan, high if high is not None else math.nan,
                   common(r["unit"]), common(r.get("rate")), common(r.get("qualifier")), common(r.get("what") or ""), common(r.get("when")),
                   common(r.get("verb")), claim, common(r["article"]), tuple(common(x) for x in sorted(_split(r.get("speakers")))))

    @property
    def source(self) -> tuple:
        """Who states it: the speakers, else the article itself (its author)."""
        return self.speakers or (self.article,)


class Figs(Sequence):
    """The figures of a corpus as columns (numbers in arrays, strings shared), not one object
    each: 177 bytes a figure where a list of ``Fig`` takes 430. ``figs[i]`` is figure ``i`` made
    when asked for; ``append`` takes figures numbered in order with whole-number ``claim``."""

    def __init__(self) -> None:
        self._values = array("d")  # low, high
        self._ints = array("q")  # start, end, claim
        self._strs: list = []  # text, unit, rate, qualifier, what, when, verb, article, speakers
        self._speakers: dict[tuple, tuple] = {}

    def append(self, f: Fig) -> None:
        if f.n != len(self):
            raise ValueError(f"figure {f.n} appended as figure {len(self)}")
        self._values.extend((f.low, f.high))
        self._ints.extend((f.start, f.end, f.claim))
        self._strs.extend((f.text, f.unit, f.rate, f.qualifier, f.what, f.when, f.verb, f.article,
                           self._speakers.setdefault(f.speakers, f.speakers)))

    def __len__(self) -> int:
        return len(self._values) // 2

    def __getitem__(self, i: int) -> Fig:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        v, k, s = 2 * i, 3 * i, 9 * i
        values, ints, strs = self._values, self._ints, self._strs
        return Fig(i, strs[s], ints[k], ints[k + 1], values[v], values[v + 1], strs[s + 1], strs[s + 2], strs[s + 3],
                   strs[s + 4], strs[s + 5], strs[s + 6], ints[k + 2], strs[s + 7], strs[s + 8])

    def __iter__(self) -> Iterator[Fig]:
        return (self[i] for i in range(len(self)))


def side(r: dict) -> dict:
    """A figure as the report lists it (in a conflict or a cluster), from its ``audit-figures`` row."""
    return {"figure": r["figure"], "text": r["text"], "start": _int(r.get("start")), "end": _int(r.get("end")), "when": r.get("when"),
            "claim": r["claim"], "claim_text": r.get("claimText") or "", "article": r["article"],
            "speakers": sorted(_split(r.get("speakers"))), "publishers": sorted(_split(r.get("publishers")))}


def _common(x: str | None) -> str | None:
    return None if x is None else sys.intern(x)


def _f(x) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def verb_classes() -> dict[str, str]:
    data = read_yaml(ontology_dir() / "lexicon.yaml", LexiconFile)
    return {v: cls for cls, verbs in (data.get("figure_verb_classes") or {}).items() for v in verbs}


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    """The common nouns and adjectives of a "what" phrase (names and units left out).

    >>> sorted(_content("Norway's fiscal deficit")), sorted(_content("the current inflation rate"))
    (['deficit', 'fiscal'], ['inflation'])
    """
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if not w[0].isupper()]
    stems = {re.sub(r"s$", "", w.lower()) for w in words}
    return frozenset(w for w in stems if w not in _STOP and w + "s" not in _STOP and len(w) > 2)


@lru_cache(maxsize=65536)
def _years(when: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"\b(?:19|20)\d\d\b", when or ""))


def comparable(a: Fig, b: Fig) -> bool:
    """Same kind of quantity: unit, rate dimension, what happens to it, what it counts."""
    if a.claim == b.claim or math.isnan(a.low) or math.isnan(b.low):
        return False
    if a.article == b.article and set(a.source) & set(b.source):
        return False  # one source repeating itself is not a conflict
    ua, ub = _unit_words(a.unit), _unit_words(b.unit)
    if not ua or ua[-1] != ub[-1] or not (set(ua) <= set(ub) or set(ub) <= set(ua)) or a.unit in ("count", "factor", "ratio"):
        return False  # "battle tanks" ~ "tanks"; "air defense systems" ≁ "artillery systems"
    if (a.rate is None) != (b.rate is None):
        return False
    classes = verb_classes()
    ca, cb = classes.get(a.verb or ""), classes.get(b.verb or "")
    if ca != cb:
        return False
    if a.unit in _SUBJECT_UNITS:
        return bool(_content(a.what) & _content(b.what))  # "inflation" with "inflation rate"
    return True


@lru_cache(maxsize=65536)
def _unit_words(unit: str) -> tuple[str, ...]:
    return tuple(re.sub(r"s$", "", w) for w in unit.lower().split())


def _per_year(f: Fig) -> tuple[float, float]:
    k = _PER_YEAR.get(f.rate, 1.0) or 1.0
    return f.low * k, f.high * k


def verdict(a: Fig, b: Fig) -> str:
    """agree (equal within rounding), disagree, or different scope (different period)."""
    ya, yb = _years(a.when), _years(b.when)
    if ya and yb and not (ya & yb):
        return "different scope"
    (a0, a1), (b0, b1) = _per_year(a), _per_year(b)
    tol = 0.005 * max(abs(a1), abs(b1))
    if a0 - tol <= b1 and b0 - tol <= a1:
        return "agree"
    return "disagree"


NEIGHBOURS = 50  # figures nearest in value on each side a figure is compared with, in its block


def close(report: dict) -> None:
    """Remove the files a spooled report (``audit(..., spool=...)``) keeps its lists in."""
    for key in ("articles", "claims", "hygiene", "figure_conflicts", "figure_clusters"):
        if isinstance(report.get(key), (Spool, Joined)):
            report[key].close()


def figure_conflicts(figs: Sequence[Fig], sides: Sequence[dict]) -> list[dict]:
    """``conflict_pairs`` as the report lists them: verdict, unit and both figures (their ``sides``)."""
    return [_pair(v, figs[i], figs[j], sides) for v, i, j in conflict_pairs(figs)]


def _pair(verdict_: str, a: Fig, b: Fig, sides: Sequence[dict]) -> dict:
    return {"verdict": verdict_, "unit": a.unit, "a": sides[a.n], "b": sides[b.n]}


def conflict_pairs(figs: Sequence[Fig]) -> list[tuple[str, int, int]]:
    """Pairs of figures that measure the same thing, with their verdict. A figure whose period
    is unknown is paired only with its nearest comparable value, never with every candidate.

    The same statement repeated (same value, unit, rate, kind of change, period and subject,
    as wire copy and reposts repeat it) is one group: each repeat is listed as agreeing with
    the group's first figure, and only that first figure is compared with the others, so
    repeats add one pair each instead of multiplying the pairs."""
    same: dict[tuple, array] = defaultdict(lambda: array("q"))  # figure numbers: 8 bytes each, no int objects
    for i, f in enumerate(figs):
        same[(f.unit, f.low, f.high, f.rate, verb_classes().get(f.verb or ""), _years(f.when), _content(f.what))].append(i)
    out = []
    for members in same.values():
        first = figs[members[0]]
        for m in members[1:]:
            if comparable(first, figs[m]):
                out.append((verdict(first, figs[m]), members[0], m))
    # candidates are blocked by what ``comparable`` requires alike (unit head, rate or not, kind
    # of change; for money, shares and people a subject word), and within a block each figure
    # is compared with its NEIGHBOURS nearest in value on either side: every pair of a small
    # block, never all pairs of a big one
    blocks: dict[tuple, list[int]] = defaultdict(list)
    classes = verb_classes()
    for members in same.values():
        i = members[0]
        f = figs[i]
        words = _unit_words(f.unit)
        if not words or math.isnan(f.low):
            continue
        key = (words[-1], f.rate is None, classes.get(f.verb or ""))
        for subject in sorted(_content(f.what)) if f.unit in _SUBJECT_UNITS else [None]:
            blocks[(*key, subject)].append(i)
    n = len(figs)
    pairs: set[int] = set()  # each candidate pair (i, j), i < j, as the one number i * n + j: a third of a tuple's memory
    for idx in blocks.values():
        idx.sort(key=lambda i: (_mid(figs[i]), i))
        for x, i in enumerate(idx):
            for j in idx[x + 1 : x + 1 + NEIGHBOURS]:
                pairs.add(min(i, j) * n + max(i, j))
    del blocks
    ordered, pairs = sorted(pairs), set()
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j in (divmod(p, n) for p in ordered):  # in the order of (i, j)
        if comparable(figs[i], figs[j]):
            partners[i].append(j)
            partners[j].append(i)
    nearest = {i: min(js, key=lambda j: _dist(figs[i], figs[j])) for i, js in partners.items()}
    for i in sorted(partners):
        for j in partners[i]:
            if j < i:
                continue
            a, b = figs[i], figs[j]
            if not _years(a.when) and nearest[i] != j:
                continue
            if not _years(b.when) and nearest[j] != i:
                continue
            out.append((verdict(a, b), i, j))
    order = {"disagree": 0, "agree": 1, "different scope": 2}
    return sorted(out, key=lambda p: (order[p[0]], figs[p[1]].article, figs[p[1]].start, figs[p[1]].text))


_SUBJECT_UNITS = frozenset({"percent", "USD", "RUB", "EUR", "GBP", "CNY", "people"})


def figure_clusters(figs: Sequence[Fig], sides: Sequence[dict], *, into: list | Spool | Joined | None = None) -> list | Spool | Joined:
    """Figures that measure the same quantity, grouped in near-linear time (no pairs): the same
    unit (a unit inside another counts: "tanks" with "battle tanks"), kind of change, rate and
    period, and for money, shares and people a shared subject word (union-find). Each cluster
    stated by two sources or more is listed with its range, spread (largest ÷ smallest value
    per year), sources and figures (their ``sides``); the widest spreads first. The clusters
    are appended to ``into`` (a new list unless given), one at a time; into a ``Joined`` on
    ``sides`` (a spool) a cluster's figures are a view of ``sides``, never read here."""
    classes = verb_classes()
    parent = array("q", range(len(figs)))  # union-find over the figures' numbers
    bucketed = bytearray(len(figs))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    # figure numbers in arrays, not lists: 8 bytes each, no int objects
    buckets: dict[tuple, array] = defaultdict(lambda: array("q"))
    for i, f in enumerate(figs):
        words = _unit_words(f.unit)
        if words and not math.isnan(f.low) and f.unit not in ("count", "factor", "ratio"):
            buckets[(words[-1], f.rate is None, classes.get(f.verb or ""), _years(f.when))].append(i)
            bucketed[i] = 1
    for members in buckets.values():
        units: dict[frozenset, array] = defaultdict(lambda: array("q"))
        for i in members:
            units[frozenset(_unit_words(figs[i].unit))].append(i)
        by_word: dict[str, int] = {}
        for i in members:
            if figs[i].unit in _SUBJECT_UNITS:  # the same unit is not enough: a subject word in common
                for w in sorted(_content(figs[i].what)):
                    if w in by_word:
                        union(i, by_word[w])
                    else:
                        by_word[w] = i
        plain = {u: ms for u, ms in units.items() if figs[ms[0]].unit not in _SUBJECT_UNITS}
        for ms in plain.values():
            for i in ms[1:]:
                union(i, ms[0])
        kinds = sorted(plain, key=len)  # few distinct units per bucket
        for x, u in enumerate(kinds):
            for v in kinds[x + 1 :]:
                if u <= v:
                    union(plain[u][0], plain[v][0])
    del buckets
    groups: dict[int, array] = defaultdict(lambda: array("q"))
    for i in range(len(figs)):
        if bucketed[i]:
            groups[find(i)].append(i)
    found = []  # (sort key, first figure, members' numbers, low, high, spread, verdict, sources): their sides are read once listed
    for members in groups.values():
        if len(members) < 2:
            continue
        ns = array("q", sorted(members, key=lambda i: _place(figs[i])))  # a figure at a time, never the cluster's
        first = figs[ns[0]]
        speakers: set = set()
        numbers = array("q")  # the members' ``n``, for their sides
        low, high = math.inf, -math.inf
        for i in ns:
            f = figs[i]
            numbers.append(f.n)
            speakers.update(f.source)
            a, b = _per_year(f)
            low, high = min(low, a, b), max(high, a, b)
        sources = sorted(speakers)
        if len(sources) < 2:
            continue
        spread = round(high / low, 3) if low > 0 else None
        verdict_ = "agree" if high <= low * 1.005 or high - low < 1e-9 else "disagree"
        found.append(((verdict_ != "disagree", -(spread or math.inf), first.unit, sides[first.n]["figure"]), first, numbers,
                      low, high, spread, verdict_, sources))
    found.sort(key=lambda c: c[0])
    out = [] if into is None else into
    for _, first, ns, low, high, spread, verdict_, sources in found:
        out.append({"unit": first.unit, "rate": first.rate, "when": first.when, "figures": len(ns), "low": low, "high": high,
                    "spread": spread, "verdict": verdict_, "sources": sources,
                    "members": sides.view(ns) if isinstance(out, Joined) else [sides[n] for n in ns]})
    return out


def _place(f: Fig) -> tuple[str, int]:
    """Where a figure is: its article, its offset (one ``Fig`` made per figure to sort by it)."""
    return f.article, f.start


def _dist(a: Fig, b: Fig) -> float:
    return abs(_mid(a) - _mid(b))


def _mid(f: Fig) -> float:
    """The log of the figure's middle value per year."""
    low, high = _per_year(f)
    return math.log(max((low + high) / 2, 1e-9))


# -- one claim --------------------------------------------------------------------------
def find_claims(store: str | Path, key: str, *, limit: int = 3) -> list[str]:
    """Claim IRIs for an IRI, an IRI's tail ("003_.../3695-3917"), or the best text matches."""
    if key.startswith(("http://", "https://")) and query("claim-grades", store, bindings={"claim": key}).rows:
        return [key]  # one lookup
    rows = query("claim-grades", store).rows
    for r in rows:
        if r["claim"] == key or r["claim"].endswith("/" + key.lstrip("/")):
            return [r["claim"]]
    words = _content(key) or {key.lower()}
    scored = []
    for r in rows:
        text = r["text"].lower()
        score = sum(1 for w in words if w in text) + (3 if key.lower() in text else 0)
        if score:
            scored.append((-score, len(text), r["claim"]))
    return [c for *_, c in sorted(scored)[:limit]]


def claim_chain(store: str | Path, claim: str) -> dict:
    """Everything one claim rests on, each hop with its evidence (span, footnote number)."""
    # each query bound to the one claim: a few lookups, however big the store
    b = {"claim": claim}
    base = next(iter(query("claim-grades", store, bindings=b).rows), None)
    if base is None:
        raise KeyError(claim)
    said = query("claims", store, bindings=b).rows
    sources = query("claim-sources", store, bindings=b).rows
    figs = query("claim-figures", store, bindings=b).rows
    rels = query("who-supports-whom", store, bindings=b).rows
    title = base.get("title")
    footnotes: dict[int, dict] = {}
    links: dict[str, dict] = {}
    for s in sources:
        if s.get("n") is None:  # an inline link
            fn = links.setdefault(s["footnote"], {"link": s.get("anchor") or "", "sources": []})
        else:
            fn = footnotes.setdefault(int(s["n"]), {"footnote": int(s["n"]), "sources": []})
        if s.get("url"):
            fn["sources"].append({"url": s["url"], "publisher": s.get("publisher"), "domain": s.get("domain"),
                                  "type": SOURCE_TYPES.get(s.get("sourceType") or "OtherSource", s.get("sourceType"))})
    return {
        "claim": claim,
        "text": base["text"],
        "article": base["article"],
        "title": title,
        "span": [int(base["start"]), int(base["end"])],
        "grade": base["grade"],
        "hedges": _in_order(base.get("hedges")),
        "icd203": base.get("band"),
        "attribution": [{"speaker": r.get("speakerLabel"), "cue": r.get("verb"), "mode": r.get("mode")} for r in said],
        "footnotes": [footnotes[n] for n in sorted(footnotes)],
        "links": list(links.values()),
        "figures": [{"text": f["text"], "value": f.get("value"), "min": f.get("min"), "max": f.get("max"), "unit": f["unit"],
                     "qualifier": f.get("qualifier"), "when": f.get("when"), "span": [int(f["start"]), int(f["end"])]} for f in figs],
        "relations": [{"subject": r["subjectLabel"], "relation": r["relation"], "object": r["objectLabel"], "polarity": r["polarity"]} for r in rels],
    }


def render_chain(c: dict) -> str:
    """The chain as indented text for the terminal."""
    lines = [f"“{c['text']}”", f"  in {c['title'] or c['article']}, characters {c['span'][0]}–{c['span'][1]}  [{c['claim']}]",
             f"  evidence grade: {c['grade']}" + (f"; hedged: {c['hedges']}" + (f" (ICD 203: {c['icd203']})" if c["icd203"] else "") if c["hedges"] else "")]
    for a in c["attribution"]:
        if a["cue"]:
            lines.append(f"  ← attributed to {a['speaker']} (cue “{a['cue']}”, {a['mode']})")
        else:
            lines.append("  ← the article's own claim" + (f" ({a['speaker']})" if a["speaker"] else ""))
    for fn in c["footnotes"]:
        lines.append(f"  ← footnote [{fn['footnote']}]" + ("" if fn["sources"] else ": no URL (marker with no definition, or a document reference)"))
        for s in fn["sources"]:
            lines.append(f"      → {s['url']}")
            lines.append(f"        published by {s['publisher']} ({s['domain']}), {s['type']}")
    for link in c.get("links", []):
        lines.append(f"  ← link on “{link['link']}”")
        for s in link["sources"]:
            lines.append(f"      → {s['url']}")
            lines.append(f"        published by {s['publisher']} ({s['domain']}), {s['type']}")
    for f in c["figures"]:
        val = f["value"] if f["value"] is not None else f"{f['min']}–{f['max']}"
        lines.append(f"  states figure “{f['text']}” = {val} {f['unit']}" + (f" ({f['qualifier']})" if f["qualifier"] else "") +
                     (f", when: {f['when']}" if f["when"] else "") + f"  [chars {f['span'][0]}–{f['span'][1]}]")
    for r in c["relations"]:
        lines.append(f"  supports relation: {r['subject']} {r['relation']} {r['object']} ({r['polarity']})")
    return "\n".join(lines)


# -- writing ----------------------------------------------------------------------------
def write(report: dict, out: str | Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = report
    paths = [out / "audit.json", out / "audit.html"]
    with open(paths[0], "w", encoding="utf-8") as f:  # streamed: the text of a big report is never one string
        kg_spool.dump(data, f)
        f.write("\n")
    paths[1].write_text(render_html(data), encoding="utf-8")
    return paths


def _bars(items: list[tuple[str, int]], *, width: int = 420, color: str = "#4c72b0") -> dict:
    """A horizontal bar chart's geometry (the template draws it as inline SVG)."""
    top = max((v for _, v in items), default=0) or 1
    rows = [{"label": label, "value": v, "y": i * 22 + 2, "w": max(1, int(width * v / top)) if v else 0} for i, (label, v) in enumerate(items)]
    return {"rows": rows, "width": width + 260, "height": 22 * len(items) + 4, "color": color}


def _stacked(articles: list[dict], key: str, names: list[str], palette: list[str]) -> dict:
    """One stacked bar per article (shares of ``key`` counts) and a legend, as geometry."""
    width, row = 420, 26
    rows = []
    for i, a in enumerate(articles):
        counts = a[key]
        total = sum(counts.get(n, 0) for n in names) or 1
        x, segments = 240, []
        for n, c in zip(names, palette):
            w = int(width * counts.get(n, 0) / total)
            if w:
                segments.append({"x": x, "w": w, "color": c, "name": n, "value": counts.get(n, 0)})
            x += w
        rows.append({"y": i * row + 2, "label": (a["title"] or "")[:34], "segments": segments})
    legend, x, ly = [], 0, row * len(articles) + 16
    for n, c in zip(names, palette):
        step = 14 + 7 * len(n) + 16
        if x + step > width + 280:  # wrap the legend
            x, ly = 0, ly + 18
        legend.append({"x": x, "y": ly, "color": c, "name": n})
        x += step
    return {"rows": rows, "legend": legend, "width": width + 300, "height": ly + 8}


_PALETTE = ["#2ca02c", "#98df8a", "#ffbb78", "#aec7e8", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


ROWS = 300  # rows per listing in audit.html; audit.json holds every row
CLUSTER_MEMBERS = 6  # figures shown per cluster in audit.html

SECTIONS = ("Evidence grades", "Sourcing per article", "Figure conflicts", "Figure clusters", "Unsourced claims",
            "Single-source claims", "Link hygiene", "All claims")


def render_html(d: dict, rows: int = ROWS) -> str:
    """The audit as one page (``kg/templates/audit.html.j2``). Each listing shows its first
    ``rows`` rows (the worst first: disagreeing figures, unsourced claims) and says how many
    more audit.json holds, so the page stays a page at thousands of articles."""
    s = d["summary"]
    # every claim a row links to, then the first claims in article order
    wanted = {c for p in d["figure_conflicts"][:rows] for c in (p["a"]["claim"], p["b"]["claim"])}
    wanted |= {c["claim"] for key in ("unsourced_claims", "single_source_claims") for c in d[key][:rows]}
    wanted |= {m["claim"] for c in d.get("figure_clusters", [])[:rows] for m in c["members"][:CLUSTER_MEMBERS]}
    claims = [c for i, c in enumerate(d["claims"]) if i < rows or c["claim"] in wanted]
    counts = {"Unsourced claims": len(d["unsourced_claims"]), "Single-source claims": len(d["single_source_claims"]),
              "Link hygiene": len(d["hygiene"]), "All claims": len(d["claims"]), "Figure clusters": len(d.get("figure_clusters", []))}
    if len(d["articles"]) > rows:
        counts["Sourcing per article"] = len(d["articles"])
    sections = [f"{t} ({counts[t]})" if t in counts else t for t in SECTIONS]
    articles = d["articles"][:rows]  # the table and both charts: one row or bar per article, the first ``rows``
    with_sources = [a for a in articles if a["source_types"]]
    from . import pages

    return pages.render(
        "audit.html.j2", d=d, s=s, rows=rows, claims=claims, sections=sections, grades=list(GRADES),
        grade_chart=_bars([(g, s["grades"][g]) for g in GRADES]),
        articles=articles, grade_mix=_stacked(articles, "grades", list(GRADES), _PALETTE),
        source_mix=_stacked(with_sources, "source_types", list(SOURCE_TYPES.values()), _PALETTE) if with_sources else None,
        conflict_counts=", ".join(f"{n} {v}" for v, n in s["figure_conflicts"].items()), pct=_pct, anchor=_anchor,
        clusters=d.get("figure_clusters", []), cluster_members=CLUSTER_MEMBERS, num=_num)


def _anchor(iri: str) -> str:
    return "c-" + re.sub(r"[^A-Za-z0-9_-]+", "-", iri.split("/claim/", 1)[-1])


def _num(x: float) -> str:
    """A value for people: 12,000 and 2,555,000, not 1.2e+04; 6.8 stays 6.8."""
    return f"{x:,.0f}" if abs(x) >= 100 or x == int(x) else f"{x:,.3g}"


def _pct(x) -> str:
    return "–" if x is None else f"{x:.0%}"


def summary_lines(report: dict, *, top: int = 5) -> list[str]:
    """The terminal summary: the top findings."""
    s = report["summary"]
    g = s["grades"]
    lines = [f"{s['articles']} articles, {s['claims']} claims: " + ", ".join(f"{g[k]} {k}" for k in GRADES)]
    if s["self_citation_rate"] is not None:
        lines.append(f"self-citation: {s['self_citation_rate']:.0%} of cited URLs come from the article's own publisher")
    weakest = heapq.nsmallest(top, report["articles"], key=lambda a: -(a["grades"]["unsourced"] / a["claims"] if a["claims"] else 0))
    for a in weakest:
        if a["claims"]:
            lines.append(f"  {a['grades']['unsourced'] / a['claims']:.0%} of claims unsourced in “{a['title']}”")
    conflicts = [p for p in report["figure_conflicts"] if p["verdict"] == "disagree"]
    lines.append(f"figure conflicts: {len(conflicts)} disagreeing pairs")
    for p in conflicts[:top]:
        lines.append(f"  {p['a']['text']} ({', '.join(p['a']['speakers']) or 'article'}) vs {p['b']['text']} ({', '.join(p['b']['speakers']) or 'article'})")
    kinds = Counter(h["kind"] for h in report["hygiene"])
    lines.append("link hygiene: " + (", ".join(f"{n} {k}" for k, n in kinds.most_common()) or "nothing found"))
    return lines
