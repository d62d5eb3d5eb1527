"""Score a built graph against hand annotations in the format of ``shared/gold``.

Reads the store only (SPARQL in ``ontology/queries/eval-*.rq``), never spaCy. Each
``score_*`` function takes plain rows and the gold objects, so it can be tested alone.
Matching is by position: a gold ``quote`` is located in the article text and compared
with the sentences and spans the graph holds.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, KgError

GOLD_FILES = ("footnotes.json", "attributions.json", "figures.json", "actors.json", "relations.json", "conflicts.json")


@dataclass
class Score:
    name: str
    tp_p: int = 0  # predictions that are right
    n_pred: int = 0
    tp_r: int = 0  # gold items found
    n_gold: int = 0
    extra: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp_p / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_r / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        return {
            "file": self.name,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "predicted": self.n_pred,
            "gold": self.n_gold,
            **self.extra,
        }


def doc_id(name: str) -> str:
    """Gold ``doc`` names a file; articles are identified by its stem."""
    return Path(name).stem


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"^\s*(the|a|an|some|other|several)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"\s+", " ", s).strip().lower()


def locate(text: str, quote: str, context: str | None = None) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in ``text``; narrowed to inside ``context`` when given."""
    if context and context in text:
        c = text.index(context)
        i = context.find(quote)
        if i >= 0:
            return [(c + i, c + i + len(quote))]
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# -- footnotes ----------------------------------------------------------------------
def score_footnotes(rows: list[dict], gold: list[dict], texts: dict[str, str]) -> Score:
    """rows: {article, n, start, end, url} per (claim, footnote, URL). A gold marker counts
    when its sentence is the claim the footnote hangs on and the URL lists are equal."""
    s = Score("footnotes.json")
    by_fn: dict[tuple[str, int], dict] = {}
    for r in rows:
        d = by_fn.setdefault((r["article"], int(r["n"])), {"spans": set(), "urls": set()})
        d["spans"].add((int(r["start"]), int(r["end"])))
        if r.get("url"):
            d["urls"].add(r["url"])
    s.n_pred = len(by_fn)
    gold_keys = set()
    for g in gold:
        if g.get("summary"):
            continue
        art = doc_id(g["doc"])
        if art not in texts:
            continue
        s.n_gold += 1
        key = (art, int(g["n"]))
        gold_keys.add(key)
        found = by_fn.get(key)
        where = locate(texts[art], g["sentence"])
        ok = bool(found) and any(sp in found["spans"] for sp in where) and found["urls"] == set(g["urls"])
        if ok:
            s.tp_r += 1
        else:
            s.misses.append({"n": g["n"], "doc": g["doc"], "predicted": sorted(found["urls"]) if found else None})
    s.tp_p = sum(1 for k in by_fn if k in gold_keys and k not in {(doc_id(m["doc"]), m["n"]) for m in s.misses})
    s.n_pred = sum(1 for k in by_fn if k[0] in {doc_id(g["doc"]) for g in gold if not g.get("summary")})
    return s


# -- attributions ---------------------------------------------------------------------
def _speaker_names(g: dict, gold_actors: dict[str, set[str]]) -> set[str]:
    names = {_norm(g["speaker"])}
    if g.get("speaker_mention"):
        names.add(_norm(g["speaker_mention"]))
    names |= gold_actors.get(g["speaker"], set())
    return {n for n in names if n}


def _same_speaker(pred: set[str], gold: set[str]) -> bool:
    for p in pred:
        for g in gold:
            if p == g or (len(p) > 3 and len(g) > 3 and (re.search(rf"\b{re.escape(p)}\b", g) or re.search(rf"\b{re.escape(g)}\b", p))):
                return True
    return False


def score_attributions(rows: list[dict], gold: list[dict], texts: dict[str, str], gold_actors: dict[str, set[str]]) -> Score:
    """rows: {article, start, end, speakerLabel, speakerAliases} per attributed claim and
    speaker. Right when a gold attribution's quote overlaps the claim and names the speaker."""
    s = Score("attributions.json")
    docs = {doc_id(g["doc"]) for g in gold}
    preds = [r for r in rows if r["article"] in docs and r["article"] in texts]
    located = []
    for g in gold:
        art = doc_id(g["doc"])
        if art not in texts:
            continue
        spans = locate(texts[art], g["quote"])
        located.append((art, spans, _speaker_names(g, gold_actors), g))
    s.n_gold = len(located)
    s.n_pred = len(preds)

    def names_of(r):
        return {_norm(r["speakerLabel"])} | {_norm(a) for a in r.get("speakerAliases", ()) if a}

    for art, spans, names, g in located:
        if any(r["article"] == art and any(_overlaps((int(r["start"]), int(r["end"])), sp) for sp in spans) and _same_speaker(names_of(r), names) for r in preds):
            s.tp_r += 1
        else:
            s.misses.append({"doc": g["doc"], "quote": g["quote"][:80], "speaker": g["speaker"]})
    wrong = []
    for r in preds:
        sp = (int(r["start"]), int(r["end"]))
        if any(art == r["article"] and any(_overlaps(sp, x) for x in spans) and _same_speaker(names_of(r), names) for art, spans, names, _ in located):
            s.tp_p += 1
        else:
            wrong.append({"article": r["article"], "speaker": r["speakerLabel"], "text": texts[r["article"]][sp[0] : sp[1]][:80]})
    s.extra["false_positives"] = len(wrong)
    s.misses += [{"false_positive": w} for w in wrong]
    return s


# -- figures --------------------------------------------------------------------------
_UNIT_FAMILY = {"usd": "USD", "rub": "RUB", "eur": "EUR", "percent": "percent"}


def _singular(w: str) -> str:
    w = w.lower().strip()
    return re.sub(r"(?<=[a-z])s$", "", w) if not w.endswith("ss") else w


def unit_matches(pred: str | None, gold: str, gold_alt: str | None = None) -> bool:
    """Currencies and percent must be equal; "other" takes any count; otherwise the head
    nouns must agree ("artillery shells" ~ "shells"; "IFVs" ~ "IFV")."""
    pred = (pred or "").strip()
    for g in filter(None, (gold, gold_alt)):
        fam = _UNIT_FAMILY.get(g.lower())
        if fam:
            if pred.upper() == fam.upper():
                return True
            continue
        if pred.upper() in ("USD", "RUB", "EUR", "PERCENT", "CNY", "GBP"):
            continue
        if g == "other":
            return bool(pred)
        if g == "people" and pred:
            if _singular(pred.split()[-1]) in {"people", "person", "citizen", "resident", "civilian", "migrant", "worker", "men", "women"} or pred[:1].isupper():
                return True
        if pred and _singular(pred.split()[-1]) == _singular(g.split()[-1]):
            return True
    return False


def _value_matches(pred: float | None, gold: float | None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    return abs(pred - gold) <= max(1e-9, abs(gold) * 0.005)


def score_figures(rows: list[dict], gold: list[dict], texts: dict[str, str]) -> Score:
    """rows: {article, start, end, value, min, max, unit, qualifier}. A gold figure is found
    when a figure overlapping its quote has its value (or range) and unit."""
    s = Score("figures.json")
    docs = {doc_id(g["doc"]) for g in gold}
    preds = [r for r in rows if r["article"] in docs]
    s.n_pred = len(preds)
    matched_pred = set()
    quals = [0, 0]
    for g in gold:
        art = doc_id(g["doc"])
        if art not in texts:
            continue
        s.n_gold += 1
        spans = locate(texts[art], g["quote"], g.get("context"))
        hit = None
        for i, r in enumerate(preds):
            if r["article"] != art or not any(_overlaps((int(r["start"]), int(r["end"])), sp) for sp in spans):
                continue
            if g.get("value") is not None:
                vok = _value_matches(_f(r.get("value")), float(g["value"]))
            else:
                vok = _value_matches(_f(r.get("min")), float(g["value_low"])) and _value_matches(_f(r.get("max")), float(g["value_high"]))
            if vok and unit_matches(r.get("unit"), g["unit"], g.get("unit_alt")):
                hit = i
                break
        if hit is not None:
            s.tp_r += 1
            matched_pred.add(hit)
            quals[1] += 1
            if (preds[hit].get("qualifier") or None) == g.get("qualifier"):
                quals[0] += 1
        else:
            near = [(r.get("value"), r.get("unit"), texts[art][int(r["start"]):int(r["end"])]) for r in preds if r["article"] == art and any(_overlaps((int(r["start"]), int(r["end"])), sp) for sp in spans)]
            s.misses.append({"doc": g["doc"], "quote": g["quote"], "value": g.get("value"), "unit": g["unit"], "near": near})
    s.tp_p = len(matched_pred)
    s.extra["qualifier_accuracy"] = quals[0] / quals[1] if quals[1] else None
    return s


def _f(x) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except (TypeError, ValueError):
        return None


# -- actors ---------------------------------------------------------------------------
def score_actors(rows: list[dict], gold: list[dict]) -> Score:
    """rows: {actor, label, alias}. Each predicted actor stands for the gold actor whose names
    it shares most; a gold alias is found when it is an alias of an actor standing for it."""
    s = Score("actors.json")
    names: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in rows:
        labels[r["actor"]] = r["label"]
        names[r["actor"]].add(_norm(r["label"]))
        if r.get("alias"):
            names[r["actor"]].add(_norm(r["alias"]))
    gnames = [{_norm(n) for n in (g["canonical"], *g["aliases"])} for g in gold]
    stands_for: dict[str, int] = {}
    for a, ns in names.items():
        best = max(range(len(gold)), key=lambda i: (len(ns & gnames[i]), _norm(gold[i]["canonical"]) in ns))
        if ns & gnames[best]:
            stands_for[a] = best
    by_alias: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.get("alias"):
            by_alias[_norm(r["alias"])].add(r["actor"])
    for gi, g in enumerate(gold):
        for alias in g["aliases"]:
            s.n_gold += 1
            if any(stands_for.get(a) == gi for a in by_alias.get(_norm(alias), ())):
                s.tp_r += 1
            else:
                s.misses.append({"canonical": g["canonical"], "alias": alias, "got": sorted(labels[a] for a in by_alias.get(_norm(alias), ()))})
    s.n_pred = len(names)
    s.tp_p = len(stands_for)
    return s


# -- driver ---------------------------------------------------------------------------
def load_gold(folder: str | Path) -> dict[str, list]:
    folder = Path(folder)
    gold = {}
    for name in GOLD_FILES:
        p = folder / name
        if p.exists():
            gold[name] = json.loads(p.read_text(encoding="utf-8"))
    if not gold:
        raise KgError(Errors.E040.format(path=folder, files=", ".join(GOLD_FILES)))
    return gold


def gold_actor_names(actors: list[dict]) -> dict[str, set[str]]:
    return {a["canonical"]: {_norm(x) for x in (a["canonical"], *a["aliases"])} for a in actors}


def evaluate(gold_dir: str | Path, store: str | Path = "output") -> list[Score]:
    """Score the graph in ``store`` against every annotation file found in ``gold_dir``."""
    from .query import query

    gold = load_gold(gold_dir)
    texts = {r["article"]: r["text"] for r in query("eval-texts", store).rows}
    scores: list[Score] = []
    if "footnotes.json" in gold:
        scores.append(score_footnotes(query("eval-footnotes", store).rows, gold["footnotes.json"], texts))
    if "attributions.json" in gold:
        rows = query("eval-attributions", store).rows
        for r in rows:
            r["speakerAliases"] = (r.get("aliases") or "").split("|")
        scores.append(score_attributions(rows, gold["attributions.json"], texts, gold_actor_names(gold.get("actors.json", []))))
    if "figures.json" in gold:
        scores.append(score_figures(query("eval-figures", store).rows, gold["figures.json"], texts))
    if "actors.json" in gold:
        scores.append(score_actors(query("actors", store).rows, gold["actors.json"]))
    if "relations.json" in gold:
        scores.append(score_relations(query("who-supports-whom", store).rows, gold["relations.json"], texts, gold.get("actors.json", [])))
    if "conflicts.json" in gold:
        from .audit import audit

        scores.append(score_conflicts(audit(store)["figure_conflicts"], gold["conflicts.json"], texts))
    return scores


def score_conflicts(pairs: list[dict], gold: list[dict], texts: dict[str, str]) -> Score:
    """Figure pairs judged agree or disagree. A gold pair is found when a predicted pair with
    the same verdict joins figures overlapping both its quotes; every other predicted
    agree/disagree pair is a false pair."""
    s = Score("conflicts.json")
    judged = {"agree", "disagree"}

    def where(side: dict) -> tuple[str, list[tuple[int, int]]]:
        art = doc_id(side["doc"])
        return art, locate(texts.get(art, ""), side["quote"])

    def hits(p_side: dict, g: tuple[str, list]) -> bool:
        art = p_side["article"].rsplit("/", 1)[-1]
        return art == g[0] and any(_overlaps((p_side["start"], p_side["end"]), sp) for sp in g[1])

    preds = [p for p in pairs if p["verdict"] in judged]
    golds = [(g, where(g["a"]), where(g["b"])) for g in gold if g["verdict"] in judged and doc_id(g["a"]["doc"]) in texts]
    s.n_pred, s.n_gold = len(preds), len(golds)
    matched = set()
    for g, ga, gb in golds:
        hit = next((i for i, p in enumerate(preds) if p["verdict"] == g["verdict"] and (
            (hits(p["a"], ga) and hits(p["b"], gb)) or (hits(p["a"], gb) and hits(p["b"], ga)))), None)
        if hit is None:
            s.misses.append({"verdict": g["verdict"], "what": g["what"]})
        else:
            s.tp_r += 1
            matched.add(hit)
    s.tp_p = len(matched)
    s.extra["false_pairs"] = len(preds) - len(matched)
    s.misses += [{"false_pair": f"{p['verdict']}: {p['a']['text']} / {p['b']['text']}"} for i, p in enumerate(preds) if i not in matched]
    return s


SYMMETRIC = {"meets", "cooperatesWith"}


COMBAT_CODES = ("18", "19", "20")  # CAMEO assault, fight, mass violence: acts of war


def _match_relations(preds: list[dict], gold: list[dict], texts: dict[str, str], names) -> tuple[set[int], list[int | None]]:
    """For each gold relation, the index of the prediction that finds it (or None): same
    article, type, subject and object (either way round for symmetric types), resting on a
    claim that overlaps the gold quote. A prediction finds one gold relation at most."""
    rel_names = {"supports": "supports", "opposes": "opposes", "depends_on": "dependsOn", "cooperates_with": "cooperatesWith", "meets": "meets"}
    where_cache: dict[tuple[str, str], list] = {}
    matched: set[int] = set()
    hits: list[int | None] = []
    for g in gold:
        art = doc_id(g["doc"])
        spans = locate(texts[art], g["quote"])
        sub = names.get(g["subject"], {_norm(g["subject"])})
        obj = names.get(g["object"], {_norm(g["object"])})
        hit = None
        for i, p in enumerate(preds):
            if i in matched or p["art"] != art or p["relation"] != rel_names.get(g["relation"], g["relation"]):
                continue
            key = (art, p["text"])
            if key not in where_cache:
                where_cache[key] = locate(texts[art], p["text"])
            if not any(_overlaps(w, sp) for w in where_cache[key] for sp in spans):
                continue
            ps, po = {_norm(p["subjectLabel"])}, {_norm(p["objectLabel"])}
            if (_same_speaker(ps, sub) and _same_speaker(po, obj)) or (
                p["relation"] in SYMMETRIC and _same_speaker(ps, obj) and _same_speaker(po, sub)
            ):
                hit = i
                break
        if hit is not None:
            matched.add(hit)
        hits.append(hit)
    return matched, hits


def _pr(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict:
    return {"precision": tp_p / n_pred if n_pred else None, "recall": tp_r / n_gold if n_gold else None,
            "predicted": n_pred, "gold": n_gold}


def score_relations(rows: list[dict], gold: list[dict], texts: dict[str, str], actors: list[dict]) -> Score:
    """rows: who-supports-whom.rq. A gold relation is found when a relation with the same
    subject, type and object rests on a claim overlapping its quote. Besides the totals,
    ``extra`` holds P/R per relation type and per polarity (as spaCy's scorer reports per
    label), and without acts of war: gold relations flagged ``combat`` and predictions
    whose CAMEO code is an assault, a fight or mass violence (18, 19, 20)."""
    s = Score("relations.json")
    names = gold_actor_names(actors)
    docs = {doc_id(g["doc"]) for g in gold}
    preds = [r | {"art": r["article"].rsplit("/", 1)[-1]} for r in rows]
    preds = [p for p in preds if p["art"] in docs and p["art"] in texts]
    gold = [g for g in gold if doc_id(g["doc"]) in texts]
    matched, hits = _match_relations(preds, gold, texts, names)
    s.n_pred, s.n_gold, s.tp_p = len(preds), len(gold), len(matched)
    s.tp_r = sum(h is not None for h in hits)
    polarity = [sum(preds[h]["polarity"] == g["polarity"] for g, h in zip(gold, hits) if h is not None), s.tp_r]
    for g, h in zip(gold, hits):
        if h is None:
            s.misses.append({"doc": g["doc"], "quote": g["quote"][:80], "relation": g["relation"], "subject": g["subject"], "object": g["object"]})
    for i, p in enumerate(preds):
        if i not in matched:
            s.misses.append({"false_positive": f"{p['subjectLabel']} {p['relation']} {p['objectLabel']} ({p['polarity']}, CAMEO {p.get('eventCode') or '–'}): {p['text'][:90]}"})
    s.extra["polarity_accuracy"] = polarity[0] / polarity[1] if polarity[1] else None
    to_kg = {"depends_on": "dependsOn", "cooperates_with": "cooperatesWith"}

    def subset(keep_gold, keep_pred) -> dict:
        gi = [k for k, g in enumerate(gold) if keep_gold(g)]
        pi = {i for i, p in enumerate(preds) if keep_pred(p)}
        found = [hits[k] for k in gi if hits[k] is not None and hits[k] in pi]
        return _pr(len(set(found)), len(pi), len(found), len(gi))

    s.extra["by_type"] = {t: subset(lambda g, t=t: to_kg.get(g["relation"], g["relation"]) == t, lambda p, t=t: p["relation"] == t)
                          for t in sorted({to_kg.get(g["relation"], g["relation"]) for g in gold} | {p["relation"] for p in preds})}
    s.extra["by_polarity"] = {q: subset(lambda g, q=q: g["polarity"] == q, lambda p, q=q: p["polarity"] == q)
                              for q in ("asserted", "negated", "hedged")}
    s.extra["without_combat"] = subset(lambda g: not g.get("combat"), lambda p: not (p.get("eventCode") or "").startswith(COMBAT_CODES))
    return s
