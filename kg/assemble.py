"""Claims from an article's records: sentences, footnote markers, links, figures, mentions
and relations assembled into ``ArticleResult`` (no spaCy, no store).

``split_text`` cuts a long text into parts for parsing; ``merge`` joins the parts' records;
``article_result`` makes the claims.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from .raw import DocRecords
from .records import Article, ArticleResult, Claim, Relation

def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Parts of at most ``limit`` characters, cut at paragraph or line breaks where possible.

    >>> [(o, t) for o, t in split_text("aa\\n\\nbb\\n\\ncc", 5)]
    [(0, 'aa\\n\\n'), (4, 'bb\\n\\n'), (8, 'cc')]
    """
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        # a paragraph break in the second half of the window, else a sentence end, else a line
        # break (hard-wrapped text breaks lines inside sentences), else anywhere
        cut = window.rfind("\n\n") + 2  # where the next part starts
        if cut < limit // 2:
            cut = max(cut, window.rfind(". ") + 2)
        if cut < limit // 2:
            cut = max(cut, window.rfind("\n") + 1)
        if cut <= 1:
            cut = limit
        parts.append((start, text[start : start + cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


def merge(parts: list[tuple[int, DocRecords]]) -> DocRecords:
    if len(parts) == 1:
        return parts[0][1]
    merged = DocRecords([], [], [])
    for _, rec in parts:
        shift = len(merged.figures)
        merged.mentions.extend(rec.mentions)
        merged.sentences.extend(rec.sentences)
        merged.relations.extend(rec.relations)
        merged.figures.extend(replace(f, converted_from=f.converted_from + shift) if f.converted_from is not None else f for f in rec.figures)
    return merged


def article_result(art: Article, rec: DocRecords, mentions, speakers) -> ArticleResult:
    sents = rec.sentences
    ends = [s.end for s in sents]
    attach: dict[int, list[int]] = {}
    for mk in art.markers:
        idx = _marker_sentence(art.text, sents, ends, mk.start)
        if idx is not None:
            attach.setdefault(idx, []).append(mk.n)
    s_starts = [x.start for x in sents]
    linked: dict[int, list[int]] = {}
    for i, link in enumerate(art.links):
        k = bisect.bisect_right(s_starts, link.start) - 1
        if k >= 0 and link.start < sents[k].end:
            linked.setdefault(k, []).append(i)
    claims = []
    starts_m = sorted(mentions, key=lambda m: m.start)
    m_starts = [m.start for m in starts_m]
    figs_by_start = sorted((f.start, i) for i, f in enumerate(rec.figures))
    f_starts = [st for st, _ in figs_by_start]
    actor_of = {(m.start, m.end): m.actor for m in mentions}
    rels_at: dict[int, list[Relation]] = {}
    for r in rec.relations:
        s_key, o_key = actor_of.get(r.subject), actor_of.get(r.object)
        if not s_key or not o_key or s_key == o_key:
            continue  # an end that did not resolve to an actor, or an actor and itself
        k = bisect.bisect_right(s_starts, r.cue_start) - 1
        if k >= 0 and sents[k].start <= r.cue_start < sents[k].end:
            here = rels_at.setdefault(k, [])
            # one relation per sentence for two actors, whichever names of theirs it came through
            if not any((x.subject, x.relation, x.object, x.polarity) == (s_key, r.relation, o_key, r.polarity) for x in here):
                here.append(Relation(s_key, r.relation, o_key, r.polarity, r.cue, r.cue_start, r.cue_end, r.code))
    for k, s in enumerate(sents):
        if not s.is_claim and k not in attach and k not in linked and k not in rels_at:
            continue
        inside = starts_m[bisect.bisect_left(m_starts, s.start) : bisect.bisect_left(m_starts, s.end)]
        actors = tuple(dict.fromkeys(m.actor for m in inside if m.end <= s.end))
        in_figs = figs_by_start[bisect.bisect_left(f_starts, s.start) : bisect.bisect_left(f_starts, s.end)]
        figs = tuple(sorted(i for _, i in in_figs if rec.figures[i].end <= s.end))
        claims.append(
            Claim(
                article_id=art.id,
                start=s.start,
                end=s.end,
                text=art.text[s.start : s.end],
                index=s.index,
                footnotes=tuple(sorted(set(attach.get(k, ())))),
                links=tuple(linked.get(k, ())),
                attributions=speakers.get((art.id, s.index), ()),
                hedges=s.hedges,
                actors=actors,
                figures=figs,
                relations=tuple(dict.fromkeys(rels_at.get(k, ()))),
            )
        )
    return ArticleResult(article=art, sentences=len(sents), claims=tuple(claims), figures=tuple(rec.figures), mentions=tuple(mentions))


def _marker_sentence(text: str, sents, ends: list[int], pos: int) -> int | None:
    """The sentence a marker at ``pos`` belongs to: the one ending just before it, else the
    one containing it, else the nearest one before it."""
    k = bisect.bisect_right(ends, pos) - 1
    if k >= 0:
        gap = text[sents[k].end : pos]
        if not gap.strip(" \t\n\u00a0\"'”’)]0123456789[,"):
            return k
    for j in (k + 1, k):
        if 0 <= j < len(sents) and sents[j].start <= pos < sents[j].end:
            return j
    return k if k >= 0 else (0 if sents else None)
