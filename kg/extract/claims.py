"""Sentences and their attribution: Doc → ``RawSentence`` records.

Attribution works from the dependency parse: a reporting verb from the lexicon with its
subject ("IISS assessed that ...", "“...,” says Schmid"), participles that borrow the
main clause's subject ("America paused, saying ..."), coordinated subjects and verbs,
"according to X", and source proxies ("data from the General Staff indicates").
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ._text import doc_sents, doc_text, span_text, token_attrs, token_flags
from ..lexicon import NAME_PARTICLES, Lexicon
from ..raw import RawAttribution, RawSentence  # noqa: F401 - the records live in kg.raw (no spaCy)

_QUOTES = "\"“”«»„"
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_RELATIVES = {"who", "which", "that"}
_PUT_OUT = {"statement", "response", "reply", "message", "letter", "memo", "post", "tweet", "release", "announcement", "email", "video", "note", "report"}
_RESULT_VERBS = {"show", "find"}  # a poll or a study that shows or finds a plain result ("a survey shows a 41% lead")
_QUANTIFIERS = {"some", "others", "many", "most", "several", "few", "both", "all", "each", "one", "none", "another"}
# dates and amounts are never who speaks; other entity labels of the small model are too often
# wrong next to a quotation (a surname as WORK_OF_ART) to overrule the grammar
_NOT_SOURCE_ENTS = {"DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_NP_DEPS = {"compound", "amod", "det", "poss", "case", "nummod", "nmod", "quantmod", "punct", "flat", "prep", "pobj"}


def sentences(doc: Doc, lex: Lexicon, *, offset: int = 0, first_index: int = 0, title: str | None = None) -> list[RawSentence]:
    """Every non-blank sentence of ``doc`` with attributions and hedges.

    Quotation marks are followed across the sentences of a paragraph, so a sentence that
    starts inside a quotation knows it, and every sentence of a quotation that runs over
    several sentences gets the speaker named in one of them (or just before it: "X said:").
    """
    out: list[RawSentence] = []
    hedge_re, hedge_words = _hedge_regex(lex.hedges), _hedge_words(lex.hedges)
    lower = token_attrs(doc, "LOWER")
    index = first_index
    inside = False  # whether the text is inside a quotation at the start of the next sentence
    prev_end = 0
    states: list[tuple[bool, bool]] = []  # per sentence: inside a quotation at its start, at its end
    text_all = doc_text(doc)
    for sent in doc_sents(doc):
        span = _trim(sent)
        if span is None:
            continue
        if "\n" in text_all[prev_end : span.start_char]:
            inside = False  # a new paragraph: a quotation that goes on opens again
        prev_end = span.end_char
        text = span_text(span)
        start_inside = inside
        inside = _quote_state(text, inside)
        is_claim = _asserts(span) and text.strip() != (title or "").strip()
        atts = tuple(attributions(span, lex, offset=offset, inside=start_inside)) if is_claim else ()
        cues = {a.cue_start - offset for a in atts}  # "IISS estimated": a cue, not a hedge
        hedged = is_claim and (hedge_words is None or any(lower[i] in hedge_words for i in range(span.start, span.end)))
        hedges = tuple(dict.fromkeys(
            m.group(0).lower() for m in hedge_re.finditer(text) if span.start_char + m.start() not in cues
        )) if hedged else ()
        out.append(RawSentence(span.start_char + offset, span.end_char + offset, index, is_claim, atts, hedges))
        states.append((start_inside, inside))
        index += 1
    return _carry_quotes(_signed(_turns(out, text_all, offset), text_all, offset), states, text_all, offset)


# two apostrophes or backticks stand for quotation marks in some newswire text ("''We won,''")
_QUOTE_MARK = re.compile("[“”\"«»]|''|``")


# a transcript turn: a line that opens with a speaker's name in capitals and a colon
# ("MS. ADEYEMI: Thanks.", "HOLLOWAY: Senator, …"); honorifics make the speaker a person
_HONORIFIC = r"(?:MR|MS|MRS|DR|GEN|ADM|SEN|REP|AMB|COL|CAPT|LT|GOV|SECRETARY|PRESIDENT|SENATOR|GENERAL|ADMIRAL|AMBASSADOR)"
_TURN = re.compile(rf"^[ \t]*+((?P<hon>{_HONORIFIC}\.?[ \t]+)?(?P<name>[A-Z][A-Z'’.-]++(?:[ \t]+[A-Z][A-Z'’.-]++){{0,2}}))[ \t]*+:[ \t]", re.M)
_NOT_TURNS = {"NOTE", "EDITOR'S NOTE", "UPDATE", "BREAKING", "PHOTO", "VIDEO", "WATCH", "READ MORE", "RELATED", "SOURCE", "SOURCES",
              "CORRECTION", "Q", "A", "QUESTION", "ANSWER", "ADVERTISEMENT", "SEE ALSO", "ALSO READ", "TAGS", "NOTES"}


def _quote_state(text: str, inside: bool) -> bool:
    """Whether a quotation is open at the end of ``text``, given whether it was at its start.

    >>> _quote_state("“It is over,” he said.", False), _quote_state("“It is over.", False), _quote_state("We won.”", True)
    (False, True, False)
    """
    for m in _QUOTE_MARK.finditer(text):
        c = m.group(0)
        inside = True if c in ("“", "«", "``") else False if c in "”»" else not inside
    return inside


def _turns(out: list[RawSentence], text: str, offset: int) -> list[RawSentence]:
    """In a transcript (two turns or more), each sentence of a turn is attributed to the name
    that opens it, unless the sentence names a speaker of its own."""
    turns = [m for m in _TURN.finditer(text) if m.group("name").strip(".") not in _NOT_TURNS and len(m.group("name")) > 1]
    if len(turns) < 2:
        return out
    starts = [m.start() for m in turns]
    for k, sent in enumerate(out):
        t = bisect.bisect_right(starts, sent.start - offset) - 1
        if t < 0 or sent.attributions or _TURN.fullmatch(text[sent.start - offset : sent.end - offset] + " "):
            continue
        if not sent.is_claim and not text[starts[t] : sent.start - offset].strip().endswith(":"):
            continue
        m = turns[t]
        name = " ".join(w.capitalize() for w in m.group("name").split())
        colon = text.index(":", m.end("name"))
        att = _laid_out(name, m.start(1), m.end("name"), m.start("name"), ":", colon, colon + 1, offset,
                        person=bool(m.group("hon")), written=m.group(1).strip())
        out[k] = replace(sent, attributions=(att,), is_claim=True) if sent.is_claim else replace(sent, attributions=(att,))
    return out


def _laid_out(name: str, start: int, end: int, head: int, cue: str, cue_start: int, cue_end: int, offset: int, *,
              person: bool = False, written: str | None = None) -> RawAttribution:
    """A speaker the layout names (a transcript label, a signature): a person when an
    honorific or a second word says so."""
    return RawAttribution(
        speaker_start=start + offset, speaker_end=end + offset, speaker_text=written or name, head_start=head + offset,
        head_end=end + offset, name=name, cue=cue, cue_start=cue_start + offset, cue_end=cue_end + offset, mode="direct",
        kind="person" if person or len(name.split()) > 1 else None)


# a quotation signed at the end of its paragraph: "“We were never asked.” ― Jane Roe"
_UPPER = "A-ZÀ-ÖØ-Þ"
_PARTICLES = "|".join(sorted(NAME_PARTICLES))
_SIGNED = re.compile(
    rf"^[ \t]*+[“”\"](?P<quote>[^\n]*[”\"])[ \t]*+(?P<dash>[―—]|--)[ \t]*+"
    rf"(?P<name>[{_UPPER}][\w'’.-]*+(?:[ \t]+(?:[{_UPPER}][\w'’.-]*+|(?:{_PARTICLES})\b-?)){{0,4}})[ \t]*\.?[ \t]*$",
    re.M,
)


def _signed(out: list[RawSentence], text: str, offset: int) -> list[RawSentence]:
    """Each sentence of a quotation signed "― Name" at the end of its paragraph is the
    signer's, unless it names a speaker of its own."""
    starts = [sent.start for sent in out]
    for m in _SIGNED.finditer(text):
        name = m.group("name").rstrip(".")
        a = m.start("name")
        att = _laid_out(name, a, a + len(name), a, m.group("dash"), m.start("dash"), m.end("dash"), offset)
        for k in range(bisect.bisect_left(starts, m.start() + offset), bisect.bisect_left(starts, m.end("quote") + offset)):
            if not out[k].attributions:
                out[k] = replace(out[k], attributions=(att,))
    return out


def _carry_quotes(out: list[RawSentence], states: list[tuple[bool, bool]], text: str, offset: int) -> list[RawSentence]:
    """Give the speaker of a quotation to each of its sentences that has none.

    A quotation run is the sentences from one that opens a quotation left open to the one
    that closes it. Its speaker is a direct attribution in one of its sentences, or the one
    of the sentence just before it when that sentence ends in a colon ("Cruz said:").
    """
    i, n = 0, len(out)
    while i < n:
        if states[i][0] or not states[i][1]:
            i += 1
            continue
        j = i  # the run: i … j, the quotation closes in j (or the paragraph ends)
        while j + 1 < n and states[j + 1][0]:
            j += 1
            if not states[j][1]:
                break
        run = range(i, j + 1)
        speakers = [a for k in run for a in out[k].attributions if a.mode == "direct"]
        if not speakers and i > 0 and out[i - 1].attributions and text[out[i - 1].end - offset - 1 : out[i - 1].end - offset] == ":":
            speakers = list(out[i - 1].attributions[:1])
        if speakers and j > i:
            for k in run:
                if out[k].is_claim and not out[k].attributions:
                    out[k] = replace(out[k], attributions=(replace(speakers[0], mode="direct"),))
        i = j + 1
    return out


def _trim(sent: Span) -> Span | None:
    start, end = sent.start, sent.end
    while start < end and (sent.doc[start].is_space or sent.doc[start].text in ("•", "·", "*", "-", "–")):
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    return sent.doc[start:end]


def _asserts(span: Span) -> bool:
    """A sentence asserts something: it has a finite verb, is no question and not a fragment."""
    doc, ids = span.doc, range(span.start, span.end)
    punct, space = token_flags(doc, "IS_PUNCT"), token_flags(doc, "IS_SPACE")
    if sum(1 for i in ids if not punct[i] and not space[i]) < 4 or span_text(span).rstrip(" " + _QUOTES + "’'").endswith("?"):
        return False
    pos, dep = token_attrs(doc, "POS"), token_attrs(doc, "DEP")
    return any(pos[i] in ("VERB", "AUX") and dep[i] not in ("amod", "compound") for i in ids)


@functools.lru_cache(maxsize=8)
def _hedge_words(hedges: tuple[str, ...]) -> frozenset[str] | None:
    """The words hedges start with: a sentence with none of them among its tokens has no
    hedge, and skips the regular expression (None when a hedge starts with no word)."""
    firsts = [re.match(r"\w+", h) for h in hedges]
    return None if not all(firsts) else frozenset(m.group(0) for m in firsts)


def _hedge_regex(hedges: tuple[str, ...]) -> re.Pattern:
    words = sorted(hedges, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def attributions(sent: Span, lex: Lexicon, *, offset: int = 0, inside: bool = False):
    """Yield the attributions in one sentence (several for nested or joint sources).
    ``inside``: the sentence starts inside a quotation opened in an earlier sentence."""
    text = span_text(sent)
    has_quote = inside or any(c in text for c in _QUOTES) or "''" in text or bool(re.search(r"(^|\s)'[^']{12,}'", text))
    quoted = _quoted_regions(sent, inside)
    seen: set[tuple[int, int]] = set()
    doc = sent.doc
    lower, pos, lemma = token_attrs(doc, "LOWER"), token_attrs(doc, "POS"), token_attrs(doc, "LEMMA")
    for i in range(sent.start, sent.end):
        w = lower[i]  # most tokens are no cue: skip them without making Token objects
        cue_lemma = lemma[i].lower()
        if pos[i] in ("VERB", "AUX") and cue_lemma not in lex.reporting_verbs:
            cue_lemma = lex.verb_forms.get(w, cue_lemma)  # the tagger's lemma can be wrong: "hoped" → "hop"
        noun_cue = pos[i] == "NOUN" and cue_lemma in lex.attribution_nouns
        if w != "according" and w != "citing" and not noun_cue and not (pos[i] in ("VERB", "AUX") and cue_lemma in lex.reporting_verbs):
            continue
        tok = doc[i]
        found = []
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            to = next(c for c in tok.children if c.lower_ == "to")
            found = [(p, "according to", "according-to", tok, to) for p in _objects(to)]
        elif tok.lower_ == "citing" and tok.dep_ in ("advcl", "prep", "acl"):
            found = [(p, "cite", "according-to", tok, tok) for p in tok.children if p.dep_ == "dobj"]
        elif pos[i] in ("VERB", "AUX") and cue_lemma in lex.reporting_verbs:
            found = _verb_attribution(tok, sent, lex, has_quote, quoted, cue_lemma)
        elif noun_cue:
            found = _noun_attribution(tok, cue_lemma)
        for head, cue, mode, cue_a, cue_b in found:
            for speaker in _with_conjuncts(head):
                if _inside(speaker, quoted):
                    continue
                # the verb's own subject, or the object of "according to": not borrowed from another verb
                own = (speaker.dep_ in ("nsubj", "nsubjpass") and speaker.head.i == cue_a.i) or mode == "according-to" \
                    or (speaker.dep_ == "ROOT" and cue_a.dep_ == "acl")  # a verbless root (``_verbless_root``)
                written = speaker  # "who" in "Mr. Okafor, who said": kept as written, resolved to its antecedent
                speaker = _named(_through_proxy(_antecedent(speaker), lex))
                if not own and lex.reporting_verbs.get(cue) == "belief":
                    continue  # "Putin, believing that …": the writer's reading of a belief, not a report
                if _cited_evidence(speaker, cue_a, lex):
                    continue
                if not _is_source(speaker, lex, lex.reporting_verbs.get(cue, "speech") if own else "borrowed"):
                    continue
                np = _noun_phrase(speaker) if written is speaker or written.lower_ not in _RELATIVES else written.doc[written.i : written.i + 1]
                if np.start < cue_a.i < np.end:
                    np = np.doc[np.start : cue_a.i]  # a speaker's phrase stops before its cue
                    while len(np) > 1 and (np[-1].is_punct or np[-1].is_space):
                        np = np[:-1]
                key = (speaker.i, cue_a.i)
                if key in seen:
                    continue
                seen.add(key)
                yield RawAttribution(
                    speaker_start=np.start_char + offset,
                    speaker_end=np.end_char + offset,
                    speaker_text=np.text,
                    head_start=speaker.idx + offset,
                    head_end=speaker.idx + len(speaker.text) + offset,
                    name=_proper_name(speaker),
                    cue=cue,
                    cue_start=cue_a.idx + offset,
                    cue_end=cue_b.idx + len(cue_b.text) + offset,
                    mode="direct" if inside and mode == "indirect" else mode,
                    pronoun=speaker.lower_ in _PRONOUNS,
                    described=speaker.pos_ == "NOUN" and speaker.ent_type_ == "",
                )


def _verb_attribution(verb: Token, sent: Span, lex: Lexicon, has_quote: bool, quoted: list[tuple[int, int]], lemma: str):
    if _inside(verb, quoted):
        return []
    if (root := _verbless_root(verb, sent)) is not None:
        return [(root, lemma, "indirect", verb, verb)]
    clause = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and c.tag_ != "VB")]
    obj = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
    infinitive = [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VB"]
    stance = lex.reporting_verbs.get(lemma) == "stance"
    if lemma in lex.infinitive_only_verbs and not infinitive:
        return []
    if infinitive and not clause:
        if lemma in lex.infinitive_verbs or stance:
            clause = infinitive  # "vowed to fight on": the infinitive is what is reported
        elif not obj and not all(_inside(c, quoted) for c in infinitive):
            return []  # "continued to raise", "tried to": aspect or control, not reporting ("said, “Own it”" reports)
    # "A, X said, B": the reporting clause interposed in (or after) what it reports
    interposed = verb.dep_ == "parataxis" or (verb.dep_ in ("ccomp", "advcl") and not clause and _comma_before(verb))
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
    if lemma in lex.particle_verbs and not clause and not has_quote and not interposed:
        if not particles & lex.particle_verbs[lemma] and not (lemma == "call" and _as_clause(verb)):
            return []  # "pointed to", "called a meeting": not reporting
        obj = obj or [verb]  # "called for talks": what is called for is the content
    # "observing indications ... that": the clause hangs on the object
    clause += [g for o in obj for g in o.children if g.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in g.children)]
    if lemma in lex.quote_only_verbs and not has_quote and not (lemma in lex.particle_verbs and particles & lex.particle_verbs[lemma]):
        if not (lemma == "call" and _as_clause(verb)):
            return []
    if lemma in lex.clause_only_verbs and not clause and not has_quote and not interposed and not _as_clause(verb) \
            and not _reports_without_clause(verb, obj, lemma, lex, stance):
        return []
    if not clause and not has_quote and not obj and not interposed and not _as_clause(verb):
        return []
    if verb.dep_ in ("amod", "compound", "acomp"):
        return []
    if not clause and not has_quote and any(c.dep_ == "dobj" and c.lower_ in ("what", "whatever") for c in verb.children) \
            and verb.dep_ != "pcomp":
        return []  # "what the mayor says is …": a thing said, named, not reported ("in what X judges was …" is reported)
    # passives of reporting verbs ("is expected to", "was estimated at") are hedges, not attributions
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        agent = [c for c in verb.children if c.dep_ == "agent"]
        mode = "stance" if stance else _mode(verb, has_quote, clause)
        return [(p, lemma, mode, verb, verb) for a in agent for p in _objects(a)]
    if stance:
        return _stance(verb, lex, quoted, lemma)
    subj = _subject(verb, borrow=lemma not in lex.no_borrow_verbs)
    if subj is not None and _inside(subj, quoted):
        subj = None
    if (subj is None or subj.i < verb.i and verb.i > 0 and _inside_or_quoted_left(subj, verb)) and (has_quote or interposed):
        # "“...,” said Jane Roe": the speaker follows the verb
        deps = ("nsubj", "attr", "npadvmod", "appos", "dep") if lemma in lex.addressee_verbs else ("nsubj", "dobj", "attr", "npadvmod", "appos", "dep")
        after = next((c for c in verb.rights if c.dep_ in deps and c.pos_ in ("PROPN", "NOUN", "PRON") and not _inside(c, quoted)), None)
        subj = after or subj
    if subj is None:
        return []
    return [(subj, lemma, _mode(verb, has_quote, clause), verb, verb)]


def _stance(verb: Token, lex: Lexicon, quoted: list[tuple[int, int]], lemma: str):
    """Where someone stands: the verb's own subject (or the one it shares with a verb it is
    coordinated with or the complement of: "decided to back"), never a participle's borrowed
    one. No stance is taken inside what someone else reports ("X said they wanted …": X is
    the source), under a condition ("if you want to …"), or by a generic "you"."""
    subj = _subject(verb, borrow=False)
    if subj is None or _inside(subj, quoted) or subj.lower_ == "you":
        return []
    node = verb
    while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head  # "decided to back": the condition and the report hang on "decided"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
        return []
    if any(a.pos_ in ("VERB", "AUX") and lex.reporting_verbs.get(a.lemma_.lower(), "stance") != "stance" for a in node.ancestors):
        return []
    return [(subj, lemma, "stance", verb, verb)]


def _reports_without_clause(verb: Token, obj: list[Token], lemma: str, lex: Lexicon, stance: bool) -> bool:
    """A verb that needs a clause reports without one when it has an object and what the object
    is regarded as ("views the deal as a trap", "deems the releases a fair trade"), or when a
    poll or a study shows or finds a plain result ("a survey shows a 41% lead for the mayor")."""
    if not obj:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True
    if stance and sum(o.lower_ not in _RELATIVES for o in obj) > 1:
        return True
    return lemma in _RESULT_VERBS and _proxy_subject(verb, lex)


def _proxy_subject(verb: Token, lex: Lexicon) -> bool:
    """The verb's subject is a document or data ("polls show", "the survey found")."""
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in lex.proxy_nouns or c.lower_ in lex.proxy_nouns) for c in verb.children)


def _verbless_root(verb: Token, sent: Span) -> Token | None:
    """A long described subject the parser could not close: "A sergeant serving with
    the Y brigade reported on May 2 that …" parsed as a sentence with a noun for its root
    and "reported" as a participle on "brigade". When the reporting verb hangs as a
    participle inside the root noun's phrase and "that" follows it, the root noun is the
    speaker."""
    root = sent.root
    if verb.dep_ != "acl" or root.pos_ not in ("NOUN", "PROPN") or root.i > verb.i or any(c.dep_ in _SUBJ for c in verb.children):
        return None
    if not any(a.i == root.i for a in verb.ancestors):
        return None
    nxt = [t for t in sent.doc[verb.i + 1 : min(verb.i + 8, sent.end)] if t.lower_ == "that" and t.dep_ == "mark"]
    return root if nxt else None


def _noun_attribution(noun: Token, lemma: str):
    """"The ministry's assessment that the front would hold": the possessor says or thinks
    what the that-clause states (nothing without both)."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    clause = any(c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in noun.children)
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    # "with X's assessment that Y will …": the parser may hang the clause elsewhere; "that"
    # right after the noun still opens its content
    clause = clause or (nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark")
    return [(owner, lemma, "indirect", noun, noun)] if owner is not None and clause else []


def _quoted_regions(sent: Span, inside: bool = False) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (an unclosed quote runs to the end; with
    ``inside`` the sentence starts in a quotation, which runs to its first closing mark)."""
    text, base = span_text(sent), sent.start_char
    regions = []
    start = 0 if inside else None
    for m in _QUOTE_MARK.finditer(text):
        c = m.group(0)
        if start is None and c not in "”»":
            start = m.end()
        elif start is not None and c not in ("“", "«", "``"):
            regions.append((base + start, base + m.start()))
            start = None
    if start is not None:
        regions.append((base + start, base + len(text)))
    return regions


def _inside(tok: Token, regions: list[tuple[int, int]]) -> bool:
    return any(a <= tok.idx < b for a, b in regions)


def _proper_name(tok: Token) -> str:
    """The run of proper nouns around ``tok`` ("Open Source Center"), else its text."""
    if tok.pos_ != "PROPN":
        return tok.text
    doc = tok.doc
    a = b = tok.i
    while a > 0 and doc[a - 1].pos_ == "PROPN" and doc[a - 1].head.i in range(a, b + 2):
        a -= 1
    while b + 1 < len(doc) and doc[b + 1].pos_ == "PROPN" and doc[b + 1].dep_ in ("compound", "flat"):
        b += 1
    return doc[a : b + 1].text


def _as_clause(verb: Token) -> bool:
    """"as Putin called his project": the reporting verb in an "as"-clause."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) or any(
        c.lower_ == "as" for c in verb.lefts if c.dep_ in ("mark", "advmod", "prep")
    )


def _mode(verb: Token, has_quote: bool, clause: list[Token]) -> str:
    if has_quote:
        region = span_text(verb.sent)
        return "direct" if re.search(r"(?:[\"“”«»]|'')[^\"“”«»]{10,}", region) else "indirect"
    return "indirect"


def _subject(verb: Token, *, borrow: bool = True) -> Token | None:
    """The verb's subject, borrowed from the governing verb or noun where it has none."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "SCONJ"]
    if subjects:
        # two subjects are a parse of a run-in heading or a fronted phrase ("Confirmed Gains:
        # Satellite photos … indicate", "On Tuesday, the anniversary, X noted"):
        # the one nearest before the verb is its subject
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for c in verb.children:  # "Friday, Texas, … asked": the name in apposition to a date
        if c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"):
            for a in c.children:
                if a.dep_ == "appos" and a.pos_ == "PROPN":
                    return a
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        return _subject(head, borrow=borrow)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") and borrow:
        return _subject(head.head, borrow=borrow)  # "followed that by saying …"
    if verb.dep_ == "xcomp" and head.i != verb.i:
        if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i != head.i:
            return _subject(head.head, borrow=borrow)  # "the panel is right to note that …"
        return _subject(head, borrow=borrow)
    if not borrow:
        return None
    if verb.dep_ in ("advcl",) and verb.tag_ in ("VBG", "VB", "VBN") and head.i != verb.i:
        for c in head.children:
            if c.dep_ == "nsubj":
                return c
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "the senator fired back a response saying …": what someone put out speaks for them
        if head.dep_ == "dobj" and head.lemma_.lower() in _PUT_OUT:
            owner = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if owner is not None:
                return owner
        return head
    return None


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "dobj")]


def _with_conjuncts(tok: Token) -> list[Token]:
    """"RUSI and Open Source Center" → both heads."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"):
            out.extend(_with_conjuncts(c))
    return out


def _through_proxy(tok: Token, lex: Lexicon) -> Token:
    """"Data from the Ukrainian General Staff" → General Staff; "Rosstat data" → Rosstat."""
    if tok.lemma_.lower() not in lex.proxy_nouns and tok.lower_ not in lex.proxy_nouns:
        return tok
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "of", "by"):
            for p in _objects(c):
                if p.pos_ == "PROPN" or p.ent_type_:
                    return p
    for c in tok.children:
        if c.dep_ in ("compound", "nmod", "poss") and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")):
            return c
    return tok


def _is_source(tok: Token, lex: Lexicon, kind: str = "speech") -> bool:
    """Could this word be who a claim comes from? Names, pronouns, nouns for people and
    bodies; with a speech verb any noun ("the campaign said", "55 percent said"), never a
    date, an amount, a place or a dateline."""
    if tok.dep_ == "expl":
        return False
    if tok.ent_type_ in _NOT_SOURCE_ENTS and not (kind == "speech" and tok.ent_type_ == "CARDINAL" and tok.dep_ == "nsubj"):
        return False  # a count that says something is a share of those asked: "six in 10 said"
    if tok.is_upper and len(tok.text) > 2 and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in ("--", "—", "–", "-", "("):
        return False  # a dateline: "WASHINGTON --", "LONDON (Reuters) -"
    low = tok.lower_
    if low in ("he", "she"):
        return True
    if low in _PRONOUNS:  # "it said" is a body speaking; "it found" mostly is not
        return kind == "speech" or (low != "it" and kind != "borrowed")
    if low in _QUANTIFIERS:  # "others say", "some argue": described sources
        return kind != "borrowed"
    if tok.pos_ == "PRON":
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if tok.lemma_.lower() in lex.source_nouns or low in lex.source_nouns or low in lex.group_nouns or low in lex.people_nouns \
            or (kind == "stance" and low in lex.state_nouns):  # "the troops want to go home"; troops report no findings
        return True
    if kind != "borrowed" and tok.pos_ == "NOUN" and _agent_noun(tok.lemma_.lower()):
        return True  # "environmentalists believe", "the physician found", "her family wants"
    return kind == "speech" and (tok.pos_ == "NOUN" or tok.ent_type_ == "CARDINAL")


# English nouns in -ist, -ian and -eer name people ("environmentalist", "physician",
# "engineer"; -er and -or name things too often: "indicator", "paper"); kin and company
# nouns name people too
_AGENT_SUFFIXES = ("ist", "ian", "eer")
_KIN = frozenset({"family", "parent", "child", "friend", "partner", "spouse", "wife", "husband", "mother", "father",
                  "son", "daughter", "sister", "brother", "neighbor", "neighbour", "colleague", "ally", "crowd", "chorus"})


def _agent_noun(lemma: str) -> bool:
    return lemma in _KIN or (len(lemma) > 5 and lemma.endswith(_AGENT_SUFFIXES))


def _cited_evidence(speaker: Token, verb: Token, lex: Lexicon) -> bool:
    """"X reported that internal figures show …": a document or data that no name owns,
    inside what someone reports, is that speaker's evidence; the speaker is the source."""
    if speaker.lemma_.lower() not in lex.proxy_nouns or speaker.pos_ != "NOUN":
        return False
    return any(a.pos_ in ("VERB", "AUX") and lex.reporting_verbs.get(a.lemma_.lower()) == "speech" for a in verb.ancestors)


def _antecedent(tok: Token) -> Token:
    """"Mr. Okafor, who said …": a relative pronoun stands for the noun its clause hangs on."""
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl" and tok.head.head.pos_ in ("PROPN", "NOUN"):
        return tok.head.head
    return tok


def _named(tok: Token) -> Token:
    """"Missile expert Fabian Hoffman said", "its leader, Volodymyr Zelensky, said": the name
    in apposition, not the role noun, is the speaker."""
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", ""):
                return c
    return tok


def _comma_before(verb: Token) -> bool:
    """The reporting clause is set off by a comma: "…, Barden says, …" / "…, he said."."""
    left = verb.left_edge.i
    return left > verb.sent.start and verb.doc[left - 1].text in (",", "—", "–")


def _inside_or_quoted_left(subj: Token, verb: Token) -> bool:
    """A "subject" that ends a quotation just before the verb ("… mode,” said Leslie Wimes")."""
    between = verb.doc[subj.i + 1 : verb.i]
    return any(t.text in _QUOTES or t.text in ("’", "'") for t in between)


def _noun_phrase(tok: Token) -> Span:
    """The speaker's phrase: the head with its modifiers, without relative clauses or appositions."""
    doc = tok.doc
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in _NP_DEPS:
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "at", "in") and c.i == right + 1):
            right = max(right, c.right_edge.i)
        else:
            break
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return _balanced(doc[left : right + 1], tok)


def _balanced(span: Span, head: Token) -> Span:
    """The phrase with its brackets closed: "Institute for Strategic Studies (IISS" takes the
    ")" that follows it, else stops before the bracket that stays open."""
    doc, depth, opened = span.doc, 0, None
    for t in span:
        if t.text in ("(", "["):
            depth, opened = depth + 1, opened if depth else t.i
        elif t.text in (")", "]") and depth:
            depth -= 1
    if not depth:
        return span
    if depth == 1 and span.end < len(doc) and doc[span.end].text in (")", "]"):
        return doc[span.start : span.end + 1]
    end = opened
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[span.start : max(end, head.i + 1)]
