"""Text from articles made safe where it is shown or exported.

Articles are untrusted: a sentence may hold an ESC sequence (which clears a terminal, fakes
a link or sets the window title), a form feed (``pdftotext`` emits them), or characters that
XML 1.0 forbids (which make a GraphML or SPARQL XML file ill-formed). The graph keeps the
text as written; these functions apply at the edges.
"""

from __future__ import annotations

import functools
import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides/isolates
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@functools.cache
def _not_xml() -> re.Pattern:
    """What XML 1.0 cannot hold at all (compiled on first use: the class spans all of Unicode)."""
    return re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _visible(m: re.Match) -> str:
    c = ord(m.group(0))
    if c < 0x20:
        return chr(0x2400 + c)  # the Unicode "control picture": ␛ for ESC, ␌ for form feed
    return "␡" if c == 0x7F else f"\\u{c:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character shown as a visible sign instead of acting.

    >>> for_terminal("a\\x1b[2Jb\\x0cc\\u202ed")
    'a␛[2Jb␌c\\\\u202ed'
    """
    return _TERMINAL.sub(_visible, text)


def for_xml(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD.

    >>> for_xml("page\\x0cbreak\\x1b")
    'page\\ufffdbreak\\ufffd'
    """
    return _not_xml().sub("\ufffd", text)
