"""``kg_line_breaks``: a line break ends a sentence unless the text is hard-wrapped, and no
sentence starts inside brackets.

Articles put each paragraph, heading and bullet on its own line; the statistical parser
often runs a headline into the next paragraph. This component, placed before the parser,
marks the first token after such a break as a sentence start. It also marks the tokens
inside an open parenthesis or bracket as no sentence start ("… Army [CAA], Moscow …" is one
sentence) unless a full stop comes first, up to the line's end and for at most
``MAX_INSIDE`` tokens.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDS = (".", "!", "?", ":", '"', "”", "’", "'", ")", "]", "…")
_OPEN, _CLOSE = "([", ")]"
MAX_INSIDE = 60


@Language.component("kg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    text = doc.text
    for i, token in enumerate(doc[:-1]):
        if "\n" not in token.text_with_ws:
            continue
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        if _hard_wrapped(text, token, nxt):
            continue
        nxt.is_sent_start = True
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if after is not None and nxt.is_alpha and not after.is_space and "\n" not in nxt.whitespace_:
            after.is_sent_start = False  # a line's first word is never a sentence of its own
    _no_start_in_brackets(doc)
    return doc


def _no_start_in_brackets(doc: Doc) -> None:
    opened: list[int] = []  # token indices of the open brackets
    for token in doc:
        if "\n" in token.text:
            opened.clear()
            continue
        if opened and token.is_sent_start is None and token.i - opened[0] <= MAX_INSIDE and doc[token.i - 1].text not in ".!?":
            token.is_sent_start = False  # (a full stop inside still ends a sentence: a stray "(" costs nothing)
        if token.text in _OPEN:
            opened.append(token.i)
        elif token.text in _CLOSE and opened:
            opened.pop()


def _hard_wrapped(text: str, token, nxt) -> bool:
    """A long line that stops mid-sentence and continues in lower case on the next line."""
    if "\n\n" in token.text_with_ws or (token.is_space and token.text.count("\n") > 1):
        return False
    line_start = text.rfind("\n", 0, token.idx) + 1
    line = text[line_start : token.idx + len(token.text)].strip()
    return len(line) > 40 and not line.endswith(_ENDS) and nxt.text[:1].islower()
