"""``shakyo-eval annotate report.pdf -o checked.pdf``: the same PDF, a note on each wrong cell.

Each finding with a cell box becomes one Square annotation on that cell: a box in its
severity's colour and, as its contents, the rule and the message (with the findings grouped
under it), which PDF viewers show as the box's pop-up note. PDFium writes the annotations
as an incremental update: the original file's bytes come first, unchanged, so its text layer
is untouched by construction.

PDFium cannot link a separate /Popup annotation to its parent (it has no call to set a
reference), so none is written; the PDF specification lets a viewer make the pop-up of a
markup annotation from its contents, and viewers do.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from shakyo_eval.findings import Finding
from shakyo_eval.grid import ExtractError
from shakyo_eval.report.pages import PdfPages, user_space
from shakyo_eval.report.wording import WORDS, message

# The HTML report's colours (report/html.py), as 0–255 RGB.
COLORS = {
    "error": (211, 47, 47),
    "warning": (230, 81, 0),
    "info": (21, 101, 192),
    "accepted": (117, 117, 117),
}
LINE = 1.5  # points; the box is drawn this far outside the cell, so no digit is hidden
AUTHOR = "shakyo-eval"


def boxed(findings: list[Finding]) -> list[Finding]:
    """The findings that point at a cell of a page."""
    return [f for f in findings if f.location and f.location.page and f.location.bbox]


def annotate(
    path: Path, findings: list[Finding], output: Path, lang: str = "ja", password: str | None = None
) -> int:
    """Writes ``output``: the PDF at ``path`` with an annotation per finding that has a cell
    box; returns how many annotations it added. ExtractError when the PDF cannot be read or
    ``output`` cannot be written."""
    added = 0
    with PdfPages(path, password) as pages:
        on_page: dict[int, list[Finding]] = {}
        for finding in boxed(findings):
            if finding.location.page <= len(pages):
                on_page.setdefault(finding.location.page, []).append(finding)
        for number, page_findings in sorted(on_page.items()):
            page = pages.pdf[number - 1]
            try:
                for finding in page_findings:
                    _add(page, finding, lang, added + 1)
                    added += 1
            finally:
                page.close()
        try:
            pages.pdf.save(output, flags=raw.FPDF_INCREMENTAL)
        except (OSError, pdfium.PdfiumError) as error:
            detail = getattr(error, "strerror", None) or error
            raise ExtractError("annotate.unwritable", output=output, detail=detail) from None
    return added


def note(finding: Finding, lang: str) -> str:
    """What the annotation says: the finding, then those about the same cell."""
    words = WORDS[lang]
    return "\n".join(
        f"{item.rule} [{words[item.severity]}] {message(item, lang)}" for item in finding.all()
    )


def _add(page: pdfium.PdfPage, finding: Finding, lang: str, serial: int) -> None:
    left, bottom, right, top = user_space(page, finding.location.bbox)
    left, bottom, right, top = left - LINE, bottom - LINE, right + LINE, top + LINE
    kind = "accepted" if finding.accepted is not None else finding.severity.value
    red, green, blue = COLORS[kind]
    annot = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_SQUARE)
    if not annot:
        raise RuntimeError("PDFium could not create an annotation")
    try:
        raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left, top, right, bottom))
        raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, red, green, blue, 255)
        raw.FPDFAnnot_SetBorder(annot, 0, 0, LINE)
        raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
        for key, value in (
            ("Contents", note(finding, lang)),
            ("T", AUTHOR),
            ("Subj", finding.rule),
            ("NM", f"{AUTHOR}-{serial}"),
        ):
            raw.FPDFAnnot_SetStringValue(annot, key.encode("ascii"), _wide(value))
        # The appearance, so that every viewer draws the same box (the form's BBox is the
        # annotation's Rect: the stream draws in page coordinates).
        half = LINE / 2
        stroke = (
            f"q {red / 255:.3f} {green / 255:.3f} {blue / 255:.3f} RG {LINE} w "
            f"{left + half:.2f} {bottom + half:.2f} {right - left - LINE:.2f} "
            f"{top - bottom - LINE:.2f} re S Q"
        )
        raw.FPDFAnnot_SetAP(annot, raw.FPDF_ANNOT_APPEARANCEMODE_NORMAL, _wide(stroke))
    finally:
        raw.FPDFPage_CloseAnnot(annot)


def _wide(text: str):
    """``text`` as PDFium's FPDF_WIDESTRING: UTF-16LE, NUL-terminated."""
    data = (text + "\x00").encode("utf-16-le")
    return ctypes.cast(
        ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(ctypes.c_ushort)
    )
