"""Figures: numbers with their units, normalised. Doc → ``Figure`` records.

A regular grammar finds the amount (qualifier, currency, digits or number words, scale,
range, percent, ratio, fraction, "doubled"); the dependency parse finds the unit noun it
counts ("1,250 trucks", "120 armoured personnel carriers (APCs)") and spaCy's DATE
entities the time it refers to. Dates, years and single durations are not figures.
"""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ._text import doc_sents, doc_text, span_text
from ..lexicon import AliasTable, Lexicon
from ..records import Figure

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "tn": 1e12, "k": 1e3}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "ruble": "RUB", "rubles": "RUB", "roubles": "RUB", "rouble": "RUB",
    "rub": "RUB", "euro": "EUR", "euros": "EUR", "eur": "EUR", "yuan": "CNY", "renminbi": "CNY", "pound": "GBP",
    "pounds": "GBP", "hryvnia": "UAH", "hryvnias": "UAH", "rupees": "INR", "rupee": "INR", "yen": "JPY",
}
_FRACTIONS = {"half": 50, "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3, "two thirds": 200 / 3,
              "two-thirds": 200 / 3, "a quarter": 25, "one quarter": 25, "one-quarter": 25, "three quarters": 75,
              "three-quarters": 75}
_FACTORS = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "halved": 0.5}
_QUALIFIERS = [
    ("about", r"about|around|roughly|approximately|approx\.|some|circa|an estimated|estimated|~"),
    ("almost", r"nearly|almost|just under|close to|just shy of"),
    ("more than", r"more than|over|just over|above|exceeding|in excess of|upwards of"),
    ("up to", r"up to|as many as|as high as|as much as|as large as"),
    ("at least", r"at least|no fewer than|no less than|a minimum of"),
    ("less than", r"fewer than|less than|under|below"),
]
_DURATIONS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
              "months", "year", "years", "decade", "decades"}
_RATE = re.compile(r"^\s*(?:per|a|each|every)\s+(day|week|month|year|annum|quarter)\b|^\s*(daily|weekly|monthly|annually|a year|a month|a day)\b", re.I)

_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_NUMWORD = rf"(?:{_WORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion)\b|\s?(?:bn|mn|tn)\b)"


def _amount_re(i: int) -> str:
    return rf"(?:(?P<cur{i}>US\$|\$|€|£|¥|₽)\s?)?(?P<num{i}>{_DIGITS}|{_NUMWORD})(?P<scale{i}>{_SCALE})?"


_QUAL = "|".join(p for _, p in _QUALIFIERS)
FIGURE = re.compile(
    # the first lookahead rejects most positions (white space, punctuation) at once
    rf"(?=[$€£¥₽]\s?\w|[\w~])(?<![\w.,:/-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<between>between|from)\s+)?"
    rf"(?P<ratio>\d+(?:\.\d+)?:\d+(?:\.\d+)?)(?![\w:])"
    rf"|(?=[$€£¥₽]\s?\w|[\w~])(?<![\w.,:/-])(?:(?P<qual2>{_QUAL})\s+)?(?:(?:between|from)\s+)?"
    + _amount_re(1)
    + rf"(?:\s*(?:-|–|—|to|and)\s*" + _amount_re(2) + r")?"
    rf"(?P<pct>\s?%|\s+percent\b|\s+per cent\b|\s+percentage points?\b)?(?![\w-]*\d)(?!-[a-z])",
    re.I,
)
_FRACTION = re.compile(rf"(?<!first )(?<!second )(?<!other )(?<!latter )(?<!former )(?<![\w-])(?:(?P<qual>{_QUAL})\s+)?(?P<frac>{'|'.join(map(re.escape, _FRACTIONS))})\b(?=\s+(?:of|the)\b)", re.I)
# words every _FRACTION / _FACTOR match contains: sentences without them skip those scans
_FRACTION_WORDS = ("half", "third", "quarter")
_FACTOR_WORDS = (*_FACTORS, "factor")
# every FIGURE match holds a digit, a currency sign or a number word at a word start:
# sentences (lower-cased) without one skip the FIGURE scan
_ANCHOR = re.compile(rf"[\d$€£¥₽]|(?<!\w)(?:{_WORD})")
_FACTOR = re.compile(rf"\b(?P<verb>{'|'.join(_FACTORS)})\b|\bby a factor of\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_DIGITS}|{_NUMWORD})", re.I)


def qualifier_of(text: str | None) -> str | None:
    """The qualifier a phrase expresses, in kg's six values.

    >>> qualifier_of("as many as"), qualifier_of("Some"), qualifier_of(None)
    ('up to', 'about', None)
    """
    if not text:
        return None
    for name, pattern in _QUALIFIERS:
        if re.fullmatch(pattern, text.strip(), re.I):
            return name
    return None


def number_value(num: str, scale: str | None = None) -> float | None:
    """Digits or number words, times the scale word.

    The digits are scaled as decimals, so "1.07 billion" is 1070000000, not 1070000000.0000001.

    >>> number_value("312.5", " billion"), number_value("nine", " million"), number_value("twenty-five")
    (312500000000.0, 9000000.0, 25.0)
    >>> number_value("1.07", " billion"), number_value("2.3", " million")
    (1070000000.0, 2300000.0)
    """
    num = num.strip().lower()
    if re.fullmatch(_DIGITS, num):
        digits = Decimal(num.replace(",", ""))
        return float(digits * Decimal(_SCALES[scale.strip().lower()]) if scale else digits)
    else:
        parts = re.split(r"[- ]", num)
        value = 0.0
        for p in parts:
            if p not in _SMALL:
                return None
            value = value * 100 if p == "hundred" and value else value + _SMALL[p]
    if scale:
        value *= _SCALES[scale.strip().lower()]
    return value


def figures(doc: Doc, lex: Lexicon, table: AliasTable, *, offset: int = 0) -> list[Figure]:
    """All figures in ``doc`` in text order; conversions point at the figure they convert."""
    out: list[Figure] = []
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    for sent in doc_sents(doc):
        found: list[Figure] = []
        text = span_text(sent)
        base = sent.start_char
        taken: list[tuple[int, int]] = []
        low = text.lower()
        for m in _FRACTION.finditer(text) if any(w in low for w in _FRACTION_WORDS) else ():
            a = base + m.start()
            found.append(Figure("", a, base + m.end(), m.group(0), _FRACTIONS[m.group("frac").lower()], "percent",
                                qualifier=qualifier_of(m.group("qual"))))
            taken.append((a, base + m.end()))
        for m in _FACTOR.finditer(text) if any(w in low for w in _FACTOR_WORDS) else ():
            a = base + m.start()
            value = _FACTORS[m.group("verb").lower()] if m.group("verb") else number_value(m.group("num"))
            found.append(Figure("", a, base + m.end(), m.group(0), value, "factor", qualifier=qualifier_of(m.group("qual"))))
            taken.append((a, base + m.end()))
        pos, scan = 0, _ANCHOR.search(low) is not None
        while scan and (m := FIGURE.search(text, pos)) is not None:
            pos = m.end()
            if any(x <= base + m.start() < y for x, y in taken):
                continue
            if m.group("num2") and _starts_with_date(sent, base + m.start("num1"), base + m.end("num1")):
                pos = m.start("num2")  # "in January 2024 to 1.7 trillion": no range, rescan
                continue
            f = _amount(m, sent, base, lex, table, found)
            if f:
                found.append(f)
                taken.append((f.start, f.end))
        found.sort(key=lambda f: f.start)
        found = _inherit_units(found)
        spans = [(f.start, f.end) for f in found]
        sent_dates = [e for e in dates if sent.start_char <= e.start_char < sent.end_char]
        found = [_with_context(f, sent, spans, sent_dates) for f in found]
        for f in found:
            out.append(replace(f, start=f.start + offset, end=f.end + offset))
    # conversions: "3.8 trillion rubles (about $47.1 billion)"
    linked = []
    for i, f in enumerate(out):
        prev = out[i - 1] if i else None
        if prev and f.unit != prev.unit and f.unit in ("USD", "EUR", "RUB", "GBP", "CNY") and re.fullmatch(r"\s*\(\s*", doc_text(doc)[prev.end - offset : f.start - offset] if f.start - offset >= prev.end - offset else "x"):
            f = replace(f, converted_from=i - 1, when=f.when or prev.when)
        linked.append(f)
    return linked


def _starts_with_date(sent: Span, a: int, b: int) -> bool:
    span = sent.doc.char_span(a, b, alignment_mode="expand")
    return span is not None and span[-1].ent_type_ == "DATE" and bool(re.fullmatch(r"(1[89]|20)\d\d", span.text))


def _amount(m: re.Match, sent: Span, base: int, lex: Lexicon, table: AliasTable, before: list[Figure]) -> Figure | None:
    doc = sent.doc
    start, end = base + m.start(), base + m.end()
    if m.group("ratio"):
        a, b = m.group("ratio").split(":")
        if float(b) == 0:
            return None
        return Figure("", start, end, m.group(0), float(a) / float(b), "ratio", qualifier=qualifier_of(m.group("qual")))
    num1 = m.group("num1")
    if num1.lower() in ("one", "zero") and not m.group("scale1") and not m.group("num2"):
        return None  # "one of", "one thing": not a figure
    after = doc_text(sent.doc)[base + m.end("num1") : base + m.end("num1") + 2]
    if not m.group("scale1") and after[:1].isalpha():
        return None  # "152mm", "T-90M": part of a name or a calibre
    if re.fullmatch(r"\d{1,2}", num1) and re.match(r"[.)]\s", after) and not (m.group("cur1") or m.group("qual2")):
        return None  # a list number: "1. support from allies"
    tokens = doc.char_span(base + m.start("num1"), base + m.end("num1"), alignment_mode="expand")
    if tokens is None:
        return None
    last = "2" if m.group("num2") else "1"
    tail = doc.char_span(base + m.start("num" + last), base + m.end("scale" + last) if m.group("scale" + last) else base + m.end("num" + last), alignment_mode="expand")
    cur = m.group("cur1") or m.group("cur2")
    pct = m.group("pct")
    low = number_value(num1, m.group("scale1"))
    high = number_value(m.group("num2"), m.group("scale2") or m.group("scale1")) if m.group("num2") else None
    if low is None or (m.group("num2") and high is None):
        return None
    if m.group("num2") and not m.group("scale1") and m.group("scale2") and low < 1000:
        low = number_value(num1, m.group("scale2"))  # "700 to 900 million"
    unit, what, unit_end = _unit(tail[-1], end, lex, table)
    if cur:
        unit = _CURRENCY_SIGNS[cur.lower()]
        unit_end = end
    elif pct:
        unit = "percent"
        unit_end = end
    if unit in _CURRENCY_WORDS:
        unit = _CURRENCY_WORDS[unit]
    # dates, years and durations are not figures
    if _is_date(tokens, m, unit, pct, cur):
        return None
    if unit and unit.lower() in _DURATIONS and not m.group("num2"):
        return None
    end = max(end, unit_end)
    rate_m = _RATE.match(doc_text(doc)[end:end + 20])
    rate = None
    if rate_m:
        word = (rate_m.group(1) or rate_m.group(2)).lower()
        rate = "per " + {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "a year": "year",
                         "a month": "month", "a day": "day", "annum": "year"}.get(word, word)
        end += rate_m.end()
    qual = qualifier_of(m.group("qual2"))
    value = None if high is not None else low
    return Figure("", start, end, doc_text(doc)[start:end], value, unit or "", qualifier=qual,
                  low=low if high is not None else None, high=high, rate=rate, what=what)


def _is_date(tokens: Span, m: re.Match, unit: str | None, pct, cur) -> bool:
    if pct or cur or m.group("scale1"):
        return False
    tok = tokens[-1]
    if tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
        # ranges of durations ("12 to 18 months") are estimates and stay
        return not (m.group("num2") and unit and unit.lower() in _DURATIONS)
    num = m.group("num1")
    if re.fullmatch(r"(1[89]|20)\d\d", num) and not m.group("num2"):
        # a year, alone or as a modifier ("the 2025 budget"); "1999 troops" is rare enough
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return not (unit and nxt is not None and nxt.tag_ in ("NNS", "NNPS"))
    return False


def _unit(tok: Token, amount_end: int, lex: Lexicon, table: AliasTable) -> tuple[str | None, str | None, int]:
    """The noun the number counts, with its compound nouns, and where that phrase ends."""
    doc = tok.doc
    head = None
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        head = tok.head
    elif tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("NOUN", "PROPN") and doc[tok.i + 1].idx >= amount_end and "\n" not in tok.whitespace_:
        nxt = doc[tok.i + 1]
        head = nxt if nxt.dep_ != "compound" else nxt.head
    if head is None and re.search(r"\bpopulation (?:of|at)\s+(?:\w+\s+){0,2}$", doc_text(doc)[max(0, tok.idx - 40) : tok.idx]):
        return "people", "population", amount_end
    if head is None or head.i - tok.i > 6 or head.lower_ in ("percent", "%"):
        return None, None, amount_end
    if head.lower_ in ("of",) or head.pos_ not in ("NOUN", "PROPN"):
        return None, None, amount_end
    words = [t for t in doc[tok.i + 1 : head.i + 1]]
    if any((t.is_punct and t.text not in "-–") or t.pos_ in ("ADP", "DET", "CCONJ", "AUX")
           or (t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")) for t in words):
        return None, None, amount_end
    compounds = [t for t in words if t.i == head.i or (t.dep_ == "compound" and t.pos_ == "NOUN")]
    unit = " ".join(t.text for t in compounds)
    what = " ".join(t.text for t in words)
    end = head.idx + len(head.text)
    # "infantry fighting vehicles (IFVs)": the acronym names the unit
    acr = re.match(r"\s*\(([A-Z][A-Za-z]{1,6})\)", doc_text(doc)[end:end + 12])
    if acr:
        unit = acr.group(1)
        end += acr.end()
    if head.lower_ in lex.people_nouns or head.text in table.by_demonym_plural:
        unit = "people"
    return unit, what, end


def _inherit_units(found: list[Figure]) -> list[Figure]:
    """"30,000 troops ... around 50,000": a bare number takes the unit before it in the sentence."""
    out = []
    last = None
    for f in found:
        if not f.unit and last:
            f = replace(f, unit=last.unit, what=f.what or last.what)
        if f.unit and f.unit not in ("percent", "ratio", "factor") and f.unit not in _CURRENCY_SIGNS.values():
            last = f
        out.append(f if f.unit else replace(f, unit="count"))
    return out


def _with_context(f: Figure, sent: Span, figure_spans: list[tuple[int, int]], dates: list[Span]) -> Figure:
    """The time a figure refers to: the nearest DATE in its sentence, with "in/since/as of"."""
    doc = sent.doc
    best = None
    for ent in dates:
        if any(ent.start_char < b and a < ent.end_char for a, b in figure_spans):
            continue
        if re.fullmatch(r"(the )?(last|past|next|coming)? ?\w+ (days|weeks|months|years)", ent.text.lower()) and not re.search(r"\d{4}", ent.text):
            continue
        dist = min(abs(ent.start_char - f.end), abs(f.start - ent.end_char))
        if best is None or dist < best[0]:
            best = (dist, ent)
    when = None
    if best:
        ent = best[1]
        prefix = re.search(r"\b(as of|since|by|until|through|before|after)\s+$", doc_text(doc)[max(0, ent.start_char - 12) : ent.start_char], re.I)
        when = (prefix.group(1) + " " if prefix else "") + ent.text
    what = f.what
    if f.unit in ("percent", "USD", "RUB", "EUR", "GBP", "CNY") and not what:
        what = _subject_of(sent, f)
    return replace(f, when=when, what=what, verb=_verb_of(sent, f))


def _root(sent: Span, f: Figure) -> Token | None:
    """The figure's head token in the parse."""
    span = sent.doc.char_span(f.start, f.end, alignment_mode="expand")
    return span.root if span is not None else None


def _verb_of(sent: Span, f: Figure) -> str | None:
    """Lemma of the nearest verb above the figure: what happened to the quantity."""
    tok = _root(sent, f)
    if tok is None:
        return None
    for _ in range(5):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok.lemma_.lower()
    return None


def _subject_of(sent: Span, f: Figure) -> str | None:
    """What a percentage or an amount is of: the subject (or moved object) of its verb."""
    tok = _root(sent, f)
    if tok is None:
        return None
    for _ in range(4):
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            break
        came_from_prep = tok.dep_ == "pobj"
        tok = tok.head
        if tok.pos_ == "ADP":
            came_from_prep = True
            continue
        if tok.pos_ in ("VERB", "AUX"):
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "increasing the inflation rate to 20 percent": the thing that moves is the object
            obj = [c for c in tok.children if c.dep_ == "dobj"] if came_from_prep or not subj else []
            for s in obj or subj:
                return sent.doc[s.left_edge.i : s.i + 1].text
    return None
