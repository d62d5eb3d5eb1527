"""The CAMEO verb dictionary of PETRARCH2 (``ontology/CAMEO.2.0.txt``, MIT licence, Open
Event Data Alliance) read as data: verb lemma → default event code, plus the object
patterns that change the code ("impose SANCTIONS" → 163, "send AID" → 070).

The file groups synonymous verbs in blocks (``---  IMPOSE   [170]  ---``) whose patterns
apply to every verb of the block; a pattern line reads ``- * OBJECT (PREP …) [code]``,
``&NAME`` refers to a synonym set and ``{two words}`` is one phrase. Only what follows the
verb (``*``) is used: kg finds subjects and targets from the dependency parse, so PETRARCH's
source / target markers (``$``, ``+``) and patterns with words before the verb are skipped.
This module has no spaCy: it reads the file into plain tables, and ``match`` takes the
words around a verb as strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..lexicon import ontology_dir

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class Pattern:
    words: tuple[frozenset[str], ...]  # each slot: the words (singular, lower case) that fill it
    prep: str | None  # "impose a ban (ON travel)": the preposition that must follow
    code: str | None  # None: the pattern names no event ("[---]")
    prep_words: tuple[frozenset[str], ...] = ()  # "(TO GALLOWS)": what the preposition governs

    @property
    def weight(self) -> int:
        return 2 * (len(self.words) + len(self.prep_words)) + (self.prep is not None)


@dataclass(frozen=True)
class CameoDictionary:
    defaults: dict[str, str | None]  # verb (lemma, or "set up") → code
    patterns: dict[str, tuple[Pattern, ...]]

    def __contains__(self, verb: str) -> bool:
        return verb in self.defaults

    def match(self, verb: str, objects: set[str], preps: dict[str, set[str]],
              particles: set[str] = frozenset()) -> tuple[list[str | None], bool]:
        """The event codes of ``verb`` with ``objects`` (singular lemmas of its object phrase),
        ``preps`` (each preposition on the verb or its object → the words it governs) and
        ``particles``: the codes of the most specific patterns that match (several when they
        tie), and whether a pattern decided (else the list holds the verb's default)."""
        best: list[Pattern] = []
        have = objects | particles
        for p in self.patterns.get(verb, ()):
            if not p.words and not p.prep:
                continue
            if p.prep and (p.prep not in preps or not all(slot & preps[p.prep] for slot in p.prep_words)):
                continue
            if not all(slot & have for slot in p.words):
                continue
            if not best or p.weight > best[0].weight:
                best = [p]
            elif p.weight == best[0].weight and p.code not in [b.code for b in best]:
                best.append(p)
        if best:
            return [p.code for p in best], True
        return [self.defaults.get(verb)], False


def singular(word: str) -> str:
    """Crude singular for matching dictionary words with lemmas: "sanctions" → "sanction"."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _code(raw: str) -> str | None:
    code = raw.split(":")[0].strip().rstrip("!")
    return code if code and code != "---" and code.isdigit() else None


_ELEMENT = re.compile(r"\{[^}]*\}?|\([^)]*\)?|[^\s{(]+")


def _tokens(text: str) -> list[str]:
    """Split a pattern into elements, keeping ``{…}`` and ``(…)`` groups whole."""
    return _ELEMENT.findall(text)


def _slot(word: str, synsets: dict[str, frozenset[str]]) -> frozenset[str] | None:
    word = word.strip()
    if not word or word in ("$", "+", "^", "%") or word.startswith("#"):
        return None
    if word.startswith("&"):
        return synsets.get(word.rstrip("_"), frozenset())
    return frozenset({singular(word.strip("_").replace("_", " ").split()[-1])})


def parse(text: str) -> CameoDictionary:
    synsets: dict[str, set[str]] = {}
    defaults: dict[str, str | None] = {}
    patterns: dict[str, list[Pattern]] = {}
    block_verbs: list[str] = []
    block_code: str | None = None
    current_set: str | None = None
    frozen: dict[str, frozenset[str]] = {}
    for raw in text.splitlines():
        if raw.startswith("#"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None
            continue
        if m := _BLOCK.match(line):
            block_verbs, block_code, current_set = [], _code(m.group(2)), None
            frozen = {k: frozenset(v) for k, v in synsets.items()}
            continue
        if line.startswith("&") and not block_verbs and block_code is None:
            current_set = line.strip().rstrip("_")
            synsets[current_set] = set()
            continue
        if current_set and line.startswith("+"):
            # "+ARMED_FORCES", "+KRONE_": the head word (last) stands for the phrase
            synsets[current_set].add(singular(line[1:].strip().strip("_").replace("_", " ").split()[-1]))
            continue
        if line.startswith("-"):
            body = line[1:]
            cm = list(_CODE.finditer(body))
            if not cm or not block_verbs:
                continue
            code = _code(cm[-1].group(1))
            elements = _tokens(body[: cm[-1].start()])
            elements = [e for e in elements if e not in ("$", "+", "^", "%")]
            if not elements or elements[0] != "*":
                continue  # words before the verb: subject-side patterns are not used
            words, prep, prep_words = [], None, []
            for e in elements[1:]:
                if e.startswith("("):
                    inner = e.strip("()").replace("{", " ").replace("}", " ").split()
                    if inner:
                        prep = inner[0].lower()
                        prep_words = [sl for w in inner[1:] if (sl := _slot(w, frozen))]
                    break
                inner = e.strip("{}").split() if e.startswith("{") else [e]
                for w in inner:
                    s = _slot(w, frozen)
                    if s:
                        words.append(s)
            pat = Pattern(tuple(words), prep, code, tuple(prep_words))
            for v in block_verbs:
                patterns.setdefault(v, []).append(pat)
            continue
        # a verb line: "STRIKE {STRIKES STRUCK STRIKING }", "+SET_UP", "HELP [070]"
        word = line.split()[0]
        if not word or word.startswith(("{", "[")):
            continue
        lemma = word.lstrip("+").rstrip("_").replace("_", " ").lower()
        own = _CODE.search(line)
        defaults.setdefault(lemma, _code(own.group(1)) if own else block_code)
        block_verbs.append(lemma)
    return CameoDictionary(defaults, {k: tuple(v) for k, v in patterns.items()})


@lru_cache(maxsize=2)
def load_cameo(path: str | None = None) -> CameoDictionary:
    return parse(Path(path or ontology_dir() / "CAMEO.2.0.txt").read_text(encoding="utf-8"))
