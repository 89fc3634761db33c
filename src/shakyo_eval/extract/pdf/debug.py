"""``extract --debug DIR``: each page as a PNG with the rules and cells the finder saw.

Red: the rules (joined segments); blue: each (merged) cell. A value read from the wrong cell
shows at a glance which border was missing or where a character's centre fell.
"""

from __future__ import annotations

from pathlib import Path

from shakyo_eval.extract.pdf.cells import Table, rules
from shakyo_eval.extract.pdf.page import PageContent
from shakyo_eval.grid import ExtractError

RESOLUTION = 110


def draw_page(page: PageContent, tables: list[Table], folder: Path) -> Path:
    """Writes ``page-NNN.png`` into ``folder`` (the page must come from the pdfplumber reader)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExtractError("pdf.debug_unwritable", folder=folder, detail=error.strerror) from None
    image = page.source.to_image(resolution=RESOLUTION)
    horizontal, vertical = rules(page.segments)
    lines = [((r.start, r.position), (r.end, r.position)) for r in horizontal]
    lines += [((r.position, r.start), (r.position, r.end)) for r in vertical]
    for line in lines:
        image.draw_line(line, stroke=(230, 0, 0), stroke_width=2)
    for table in tables:
        image.draw_rects(table.cells(), fill=(0, 90, 255, 28), stroke=(0, 90, 255), stroke_width=1)
    target = folder / f"page-{page.number:03d}.png"
    image.save(target)
    return target
