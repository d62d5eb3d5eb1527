"""Small PDFs written with reportlab for the PDF reader's tests: a two-page report laid out
as think-tank reports are (running header and footer, page numbers, raised note numbers,
notes at the page foot, a note that runs on to the next page, a word hyphenated across
lines, a URL broken across lines, link annotations), and the bad kinds (encrypted, no text
layer, damaged)."""

from __future__ import annotations

from pathlib import Path

HEADER = "Harbour Policy Review: Grain and Shipping"


def _line(c, x: float, y: float, parts: list[tuple[str, str]], size: float = 11) -> float:
    """Draw one line of (kind, text) parts: "t" body text, "s" a raised note number."""
    for kind, text in parts:
        if kind == "s":
            c.setFont("Helvetica", size * 0.6)
            c.drawString(x, y + size * 0.35, text)
            x += c.stringWidth(text, "Helvetica", size * 0.6)
        else:
            c.setFont("Helvetica", size)
            c.drawString(x, y, text)
            x += c.stringWidth(text, "Helvetica", size)
    return x


def _furniture(c, page: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, 760, HEADER)
    c.drawString(300, 30, str(page))


def report(path: Path) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    c.setTitle("Grain Through the Harbour")
    c.setAuthor("Ola Nordmann")
    _furniture(c, 1)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 700, "Grain Through the Harbour")
    y = 670
    _line(c, 72, y, [("t", "The harbour handled more grain in the spring than in any season before."), ("s", "1")])
    y -= 14
    _line(c, 72, y, [("t", "Exporters said the new berths cut waiting times by half, and the port auth-")])
    y -= 14
    _line(c, 72, y, [("t", "ority confirmed the figure in its quarterly bulletin."), ("s", "2"), ("t", " Insurers still")])
    y -= 14
    x = _line(c, 72, y, [("t", "charge more for the route, ")])
    end = _line(c, x, y, [("t", "the shipping ministry reported")])
    c.linkURL("https://ministry.example.gov/shipping/route-report", (x, y - 2, end, y + 10), relative=0)
    _line(c, end, y, [("t", " in May."), ("s", "3")])
    y -= 14
    _line(c, 72, y, [("t", "Grain prices rose by 3 percent in 2023 after the new berths opened.")])
    # notes at the page foot, in smaller type, each opened by a raised number
    c.setLineWidth(0.5)
    c.line(72, 150, 200, 150)
    _line(c, 72, 135, [("s", "1"), ("t", " Port Authority, Annual Statistics, https://port.example.org/stats/2024.")], size=8)
    _line(c, 72, 124, [("s", "2"), ("t", " Port Authority, Quarterly Bulletin, https://port.example.org/bulletins/")], size=8)
    _line(c, 72, 114, [("t", "q2-2024.pdf.")], size=8)
    _line(c, 72, 103, [("s", "3"), ("t", " Ministry of Shipping, Route Report, May 2024. The report was revised twice")], size=8)
    c.showPage()
    _furniture(c, 2)
    y = 700
    _line(c, 72, y, [("t", "Analysts expect the trade to grow again next year, according to the chamber.")])
    y -= 14
    _line(c, 72, y, [("t", "Some 40 ships waited outside the harbour in March."), ("s", "4")])
    c.line(72, 150, 200, 150)
    _line(c, 72, 135, [("t", "after publication, in June and in July.")], size=8)
    _line(c, 72, 124, [("s", "4"), ("t", " Harbour Master, Daily Log, https://harbour.example.net/log.")], size=8)
    c.showPage()
    c.save()
    return path


def encrypted(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="a-password")
    c.drawString(72, 700, "This text is locked behind a password that kg is never given.")
    c.showPage()
    c.save()
    return path


def scanned(path: Path) -> Path:
    """A page with a picture of text and no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for k in range(20):
        c.rect(72, 700 - k * 14, 400, 8, fill=1)
    c.showPage()
    c.save()
    return path
