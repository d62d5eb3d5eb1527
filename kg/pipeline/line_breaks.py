"""``kg_line_breaks``: a line break ends a sentence unless the text is hard-wrapped.

Articles put each paragraph, heading and bullet on its own line; the statistical parser
often runs a headline into the next paragraph. This component, placed before the parser,
marks the first token after such a break as a sentence start.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDS = (".", "!", "?", ":", '"', "”", "’", "'", ")", "]", "…")


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
    return doc


def _hard_wrapped(text: str, token, nxt) -> bool:
    """A long line that stops mid-sentence and continues in lower case on the next line."""
    if "\n\n" in token.text_with_ws or (token.is_space and token.text.count("\n") > 1):
        return False
    line_start = text.rfind("\n", 0, token.idx) + 1
    line = text[line_start : token.idx + len(token.text)].strip()
    return len(line) > 40 and not line.endswith(_ENDS) and nxt.text[:1].islower()
