"""Renders the sample text exports as PDFs, the way councils really produce their sheets.

    python samples/make_pdfs.py        (or `make samples`; needs LibreOffice and reportlab)

The sheets are laid out from the *records* of the text export (every number printed with
the decimals and separators it was read with, the real errors included), not copied line by
line, so the PDFs are an independent rendering that the PDF extractor must read back into the
same records. Two producers, so that the extractor is not tuned to one producer's quirks:

- ``seed.pdf``, ``seed-corrected.pdf``: an .xlsx written with openpyxl (one worksheet per
  sheet, merged cells, thin ruled borders, shaded and spread labels, IPAex Gothic, A4
  portrait, thousands separators as number formats, page numbers in the footer) converted by
  ``libreoffice --headless --convert-to pdf``. ``seed.pdf`` opens with a cover and index
  page; sheet 1, with its long 実施内容, and others run onto a second page.
- ``seed-reportlab.pdf``: the same sheets drawn by reportlab's table layout, IPAex Mincho
  embedded as a TTF subset, one contiguous ruled table per sheet that reportlab splits over
  two pages, without gaps between the blocks and with its own way of drawing rules and fills.

``tests/data/scanned-sheet.pdf`` is a page of ``seed.pdf`` as an image only (no text layer).

Tests only read the committed PDFs; nothing here runs in CI.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from shakyo_eval.checker import read_document
from shakyo_eval.model import Document, Number, Sheet, Text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seedlayout import cost_columns, cost_unit, unit_cost_columns

HERE = Path(__file__).resolve().parent
SCAN = HERE.parent / "tests" / "data" / "scanned-sheet.pdf"
GOTHIC = ("IPAexGothic", "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
MINCHO = ("IPAexMincho", "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
# For the few characters IPAex lacks (the seed's simplified 实); Debian: fonts-wqy-microhei.
FALLBACK = ("WenQuanYi", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# The sheet's column grid in points (A … K of the worksheet); every table aligns to it.
COLUMNS = (30, 30, 62, 62, 46, 46, 30, 30, 56, 56, 56)
FONT_SIZE = 8.0
LINE_HEIGHT = 1.35  # line pitch as a multiple of the font size, with room to spare
PADDING = 5.0  # left + right inner margin of a cell, in points


# --- a producer-neutral layout --------------------------------------------------------------


@dataclass
class Put:
    """One printed cell: its text (or number), first column, span in columns and rows."""

    text: str | Number | None
    column: int
    span: int = 1
    rows: int = 1
    # label | spread (a label spread over its cell, 均等割り付け) | value | number | long (wrapped
    # free text) | title
    kind: str = "value"


@dataclass
class Block:
    """Consecutive rows; ``ruled`` blocks are tables, the others are lines of plain text."""

    rows: list[list[Put]]
    ruled: bool = True
    font_size: float = FONT_SIZE
    heights: list[float] = field(default_factory=list)


def sheet_blocks(sheet: Sheet) -> list[Block]:
    """The blocks of one 事務事業評価表, in print order."""
    title = sheet.header.fiscal_year_text.text if sheet.header.fiscal_year_text else ""
    return [
        Block([[Put(title, 0, 11, kind="title")]], ruled=False, font_size=14),
        header_block(sheet),
        indicator_block(sheet),
        Block([[Put("備考", 0, 2, kind="label"), Put(_text(sheet.remarks), 2, 9, kind="long")]]),
        cost_block(sheet),
        unit_cost_block(sheet),
        closing_block(sheet),
    ]


def header_block(sheet: Sheet) -> Block:
    h = sheet.header
    return Block(
        [
            [
                Put("事務事業名", 0, 2, kind="spread"),
                Put(f"{sheet.number} {sheet.name}", 2, 9),
            ],
            [
                Put("担当", 0, 2, kind="spread"),
                Put(_text(h.department), 2, 2),
                Put("事業種別", 4, 2, kind="label"),
                Put(_text(h.project_type), 6, 2),
                Put("開始年度", 8, 1, kind="label"),
                Put(_text(h.start_year_text), 9, 2),
            ],
            [Put("計画体系", 0, 2, kind="spread"), Put(_text(h.plan), 2, 9, kind="long")],
            [Put("根拠法令等", 0, 2, kind="spread"), Put(_text(h.legal_basis), 2, 9, kind="long")],
            [
                Put("事業区分", 0, 2, kind="spread"),
                Put(_text(h.category), 2, 4),
                Put("サービス区分", 6, 2, kind="label"),
                Put(_text(h.service_category), 8, 3),
            ],
            [Put("事務事業目的", 0, 2, kind="spread"), Put(_text(h.purpose), 2, 9, kind="long")],
            [Put("実施内容", 0, 2, kind="spread"), Put(_text(h.activities), 2, 9, kind="long")],
        ]
    )


def _year_header(label: str, years: list[str]) -> list[Put]:
    return [Put(label, 0, 8, kind="label")] + [
        Put(year, 8 + i, kind="label") for i, year in enumerate(years)
    ]


def _values(numbers: list[Number | None]) -> list[Put]:
    return [Put(n, 8 + i, kind="number") for i, n in enumerate(numbers)]


def indicator_block(sheet: Sheet) -> Block:
    years = [y.label for y in sheet.years]
    rows = [
        [
            Put("指標", 0, 4, kind="label"),
            Put("指標の根拠", 4, 2, kind="label"),
            Put("単位", 6, kind="label"),
            Put("区分", 7, kind="label"),
        ]
        + [Put(y, 8 + i, kind="label") for i, y in enumerate(years)]
    ]
    for indicator in sheet.indicators:
        values = [indicator.years.get(y) for y in years]
        rows.append(
            [
                Put(indicator.kind, 0, rows=2),
                Put(indicator.name, 1, 3, rows=2),
                Put(indicator.basis, 4, 2, rows=2),
                Put(indicator.unit, 6, rows=2),
                Put("目標", 7, kind="label"),
                *_values([v.target if v else None for v in values]),
            ]
        )
        rows.append(
            [Put("実績", 7, kind="label"), *_values([v.actual if v else None for v in values])]
        )
    return Block(rows)


COST_LABELS = {
    "costs.revenue.specific_total": "特定財源合計",
    "costs.revenue.general": "一般財源",
    "costs.revenue.total": "収入合計",
    "costs.expenditure.project": "事業費",
    "costs.staff_total": "人件費合計",
    "costs.expenditure.total": "支出合計",
    "unit_cost.units": "実績数値",
    "unit_cost.per_unit": "単位当たりコスト(円)",
    "unit_cost.ratio": "実質収支比率(%)",
}
STAFF_LABELS = {
    "regular": "正規職員人件費",
    "contract": "嘱託職員人件費",
    "temporary": "臨時職員人件費",
}


def _label(sheet: Sheet, field_path: str) -> str:
    letter = sheet.printed_letters.get(field_path)
    return f"{COST_LABELS[field_path]} {letter.text}" if letter else COST_LABELS[field_path]


def cost_block(sheet: Sheet) -> Block:
    costs = cost_columns(sheet)
    years = [c.year for c in costs]
    unit = cost_unit(sheet)

    def amounts(getter) -> list[Put]:
        return _values([getter(c) for c in costs])

    items = list(costs[0].revenue_items) if costs else []
    revenue: list[list[Put]] = []
    for index, item in enumerate(items):
        revenue.append([Put(item, 2, 6), *amounts(lambda c, i=item: c.revenue_items.get(i))])
        if index == 0:
            revenue[-1][:0] = [Put("特定財源", 1, rows=len(items) + 1, kind="label")]
    revenue.append(
        [
            Put(_label(sheet, "costs.revenue.specific_total"), 2, 6, kind="label"),
            *amounts(lambda c: c.specific_total),
        ]
    )
    revenue.append(
        [
            Put(_label(sheet, "costs.revenue.general"), 1, 7, kind="label"),
            *amounts(lambda c: c.general),
        ]
    )
    revenue.append(
        [
            Put(_label(sheet, "costs.revenue.total"), 1, 7, kind="label"),
            *amounts(lambda c: c.revenue_total),
        ]
    )
    revenue[0][:0] = [Put("収入", 0, rows=len(revenue), kind="label")]

    expenditure: list[list[Put]] = [
        [
            Put(_label(sheet, "costs.expenditure.project"), 1, 7, kind="label"),
            *amounts(lambda c: c.project),
        ]
    ]
    categories = list(costs[0].staff) if costs else []
    for category in categories:
        expenditure.append(
            [
                Put(STAFF_LABELS[category], 1, 7, kind="label"),
                *amounts(lambda c, k=category: c.staff[k].cost if k in c.staff else None),
            ]
        )
        expenditure.append(
            [
                Put("", 1),
                Put("業務量(人)", 2, 6, kind="label"),
                *amounts(lambda c, k=category: c.staff[k].fte if k in c.staff else None),
            ]
        )
    expenditure.append(
        [
            Put(_label(sheet, "costs.staff_total"), 1, 7, kind="label"),
            *amounts(lambda c: c.staff_total),
        ]
    )
    expenditure.append(
        [
            Put(_label(sheet, "costs.expenditure.total"), 1, 7, kind="label"),
            *amounts(lambda c: c.total),
        ]
    )
    expenditure[0][:0] = [Put("支出", 0, rows=len(expenditure), kind="label")]
    return Block([_year_header(f"コスト内訳({unit})", years), *revenue, *expenditure])


def unit_cost_block(sheet: Sheet) -> Block:
    unit_costs = unit_cost_columns(sheet)
    years = [u.year for u in unit_costs]
    unit = cost_unit(sheet)
    rows = [
        _year_header(f"単位当たりコスト({unit})", years),
        [
            Put("単位の定義", 0, 8, kind="label"),
            Put(_text(sheet.unit_definition), 8, len(years)),
        ],
    ]
    for field_path, attribute in (
        ("unit_cost.units", "units"),
        ("unit_cost.per_unit", "per_unit"),
        ("unit_cost.ratio", "ratio"),
    ):
        rows.append(
            [
                Put(_label(sheet, field_path), 0, 8, kind="label"),
                *_values([getattr(u, attribute) for u in unit_costs]),
            ]
        )
    return Block(rows)


def closing_block(sheet: Sheet) -> Block:
    direction = "今後の方向性"
    if sheet.direction_label:
        direction += f"\n【{sheet.direction_label}】"
    return Block(
        [
            [
                Put("実施状況に対する評価", 0, 2, kind="label"),
                Put(_text(sheet.evaluation), 2, 9, kind="long"),
            ],
            [Put(direction, 0, 2, kind="label"), Put(_text(sheet.direction), 2, 9, kind="long")],
        ]
    )


def cover_blocks(document: Document, fiscal_year_title: str) -> list[Block]:
    """A cover with the document title and an index of the sheets (no sheet of its own)."""
    index = [
        [
            Put("番号", 0, kind="label"),
            Put("事務事業名", 1, 6, kind="label"),
            Put("担当", 7, 2, kind="label"),
            Put("事業種別", 9, 2, kind="label"),
        ]
    ]
    for sheet in document.sheets:
        index.append(
            [
                Put(str(sheet.number), 0),
                Put(sheet.name, 1, 6),
                Put(_text(sheet.header.department), 7, 2),
                Put(_text(sheet.header.project_type), 9, 2),
            ]
        )
    return [
        Block([[Put(fiscal_year_title, 0, 11, kind="title")]], ruled=False, font_size=18),
        Block([[Put("社会福祉法人 ふじみ野市社会福祉協議会", 0, 11, kind="title")]], ruled=False),
        Block([[Put("目次", 0, 11)]], ruled=False, font_size=11),
        Block(index),
    ]


def _text(value: Text | None) -> str:
    return value.text if value else ""


# --- row heights (neither producer sizes a merged, wrapped cell by itself) ----------------------


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def line_count(text: str, width: float, font: str, size: float) -> int:
    """How many lines ``text`` wraps into at ``width`` (character wrapping, as for CJK)."""
    lines = 0
    for paragraph in text.split("\n"):
        used, lines = 0.0, lines + 1
        for char in paragraph:
            advance = text_width(char, font, size)
            if used + advance > width:
                lines, used = lines + 1, 0.0
            used += advance
    return max(lines, 1)


def size_rows(block: Block, font: str, columns: tuple[float, ...] = COLUMNS) -> None:
    """Each row's height: enough for the tallest text in it; a cell spanning rows shares it out."""
    heights = [block.font_size * 1.9] * len(block.rows)
    for index, row in enumerate(block.rows):
        for put in row:
            text = put.text if isinstance(put.text, str) else ""
            width = sum(columns[put.column : put.column + put.span]) - PADDING
            lines = line_count(text, width, font, block.font_size)
            needed = lines * block.font_size * LINE_HEIGHT + 5
            share = needed / put.rows
            for covered in range(index, index + put.rows):
                heights[covered] = max(heights[covered], share)
    block.heights = [math.ceil(h) for h in heights]


# --- producer 1: openpyxl → LibreOffice -------------------------------------------------------


def number_format(number: Number) -> str:
    """The Excel format that prints ``number`` exactly as the export printed it."""
    integer = "#,##0" if "," in number.text else "0"
    return integer + ("." + "0" * number.decimals if number.decimals else "")


def write_workbook(pages: list[tuple[str, list[Block]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="000000")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="E8E8E8")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, blocks in pages:
        sheet = workbook.create_sheet(title)
        for index, width in enumerate(COLUMNS, start=1):
            # Excel widths are in characters of the default font: about 5.6 pt each here.
            sheet.column_dimensions[get_column_letter(index)].width = round(width / 5.6, 2)
        row = 1
        for block in blocks:
            size_rows(block, GOTHIC[0])
            for offset, (cells, height) in enumerate(zip(block.rows, block.heights, strict=True)):
                sheet.row_dimensions[row + offset].height = height
                for put in cells:
                    top, left = row + offset, put.column + 1
                    bottom, right = top + put.rows - 1, left + put.span - 1
                    cell = sheet.cell(top, left)
                    if isinstance(put.text, Number):
                        cell.value = (
                            float(put.text.value) if put.text.decimals else int(put.text.value)
                        )
                        cell.number_format = number_format(put.text)
                    else:
                        cell.value = put.text or None
                    horizontal = {
                        "number": "right",
                        "label": "center",
                        "spread": "distributed",
                        "title": "center",
                    }.get(put.kind, "left")
                    cell.font = Font(name="IPAexGothic", size=block.font_size)
                    cell.alignment = Alignment(
                        horizontal=horizontal,
                        vertical="top" if put.kind == "long" else "center",
                        wrap_text=put.kind != "number",
                    )
                    if (bottom, right) != (top, left):
                        sheet.merge_cells(
                            start_row=top, start_column=left, end_row=bottom, end_column=right
                        )
                    if block.ruled:
                        for r in range(top, bottom + 1):
                            for c in range(left, right + 1):
                                sheet.cell(r, c).border = ruled
                                if put.kind in ("label", "spread"):
                                    sheet.cell(r, c).fill = shade
            row += len(block.rows) + 1  # a blank row between tables
            sheet.row_dimensions[row - 1].height = 6
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait"
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages as the sheet needs
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "- &P -"
        sheet.oddFooter.center.size = 9
    workbook.save(path)


def libreoffice_pdf(xlsx: Path, target: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        sys.exit("make_pdfs: LibreOffice is needed (Debian: apt-get install libreoffice-calc)")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                out,
                str(xlsx),
            ],
            check=True,
            capture_output=True,
        )
        shutil.move(Path(out) / (xlsx.stem + ".pdf"), target)


def sheet_pages(document: Document) -> Iterator[tuple[str, list[Block]]]:
    for sheet in document.sheets:
        yield str(sheet.number), sheet_blocks(sheet)


def make_libreoffice(source: Path, target: Path, cover: bool) -> None:
    document = read_document(source)
    pages = list(sheet_pages(document))
    if cover:
        title = _text(document.sheets[0].header.fiscal_year_text)
        pages.insert(0, ("表紙", cover_blocks(document, title)))
    with tempfile.TemporaryDirectory() as work:
        xlsx = Path(work) / (target.stem + ".xlsx")
        write_workbook(pages, xlsx)
        libreoffice_pdf(xlsx, target)


# --- producer 2: reportlab ----------------------------------------------------------------------


REPORTLAB_FONT = MINCHO[0]


def reportlab_paragraph(put: Put, font: str = REPORTLAB_FONT):
    """A cell's text as a reportlab paragraph: numbers (a Number, or a text of kind "number")
    right, labels centred, text left; a character the font lacks in the fallback font."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    if isinstance(put.text, Number):
        text, align = put.text.text, TA_RIGHT
    elif put.kind == "number":
        text, align = escape(put.text or ""), TA_RIGHT
    else:
        covered = pdfmetrics.getFont(font).face.charToGlyph
        text = "".join(_markup(char, covered) for char in put.text or "")
        align = TA_CENTER if put.kind in ("label", "spread") else TA_LEFT
    style = ParagraphStyle(
        f"cell-{font}-{align}",
        fontName=font,
        fontSize=FONT_SIZE,
        leading=FONT_SIZE * 1.3,
        alignment=align,
        wordWrap="CJK",
    )
    return Paragraph(text, style)


def _markup(char: str, covered) -> str:
    """A character as paragraph markup, in the fallback font if the main one lacks it."""
    if char == "\n":
        return "<br/>"
    escaped = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, char)
    if ord(char) in covered or char.isspace():
        return escaped
    return f'<font name="{FALLBACK[0]}">{escaped}</font>'


def reportlab_table(
    blocks: list[Block],
    font: str = REPORTLAB_FONT,
    columns: tuple[float, ...] = COLUMNS,
):
    """One contiguous ruled table of ``blocks``, stacked without gaps."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    data: list[list] = []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    heights: list[float] = []
    for block in blocks:
        size_rows(block, font, columns)
        for cells, height in zip(block.rows, block.heights, strict=True):
            row = len(data)
            data.append([""] * len(columns))
            heights.append(height)
            for put in cells:
                data[row][put.column] = reportlab_paragraph(put, font)
                last = (put.column + put.span - 1, row + put.rows - 1)
                if last != (put.column, row):
                    commands.append(("SPAN", (put.column, row), last))
                if put.kind == "long":
                    commands.append(("VALIGN", (put.column, row), last, "TOP"))
                if put.kind in ("label", "spread"):
                    commands.append(
                        ("BACKGROUND", (put.column, row), last, colors.HexColor("#EEEEEE"))
                    )
    table = Table(data, colWidths=list(columns), rowHeights=heights)
    table.setStyle(TableStyle(commands))
    return table


def build_reportlab(
    target: Path, story, title: str, font: str = REPORTLAB_FONT, pagesize=None
) -> None:
    """Writes ``story()`` (a fresh list of flowables per call) to ``target`` with footers
    "page / pages": built twice, the first time to count the pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    pagesize = pagesize or A4

    def build(pages: int) -> int:
        def footer(canvas, document) -> None:
            canvas.setFont(font, 8)
            canvas.drawRightString(pagesize[0] - 40, 24, f"{document.page} / {pages}")

        document = SimpleDocTemplate(
            str(target),
            pagesize=pagesize,
            leftMargin=40,
            rightMargin=40,
            topMargin=40,
            bottomMargin=40,
            title=title,
            author="shakyo-eval samples",
        )
        document.build(story(), onFirstPage=footer, onLaterPages=footer)
        return document.page

    build(build(0))


def make_reportlab(source: Path, target: Path) -> None:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    title_style = ParagraphStyle(
        "title", fontName=REPORTLAB_FONT, fontSize=14, leading=18, alignment=TA_CENTER
    )

    def story() -> list:
        flowables: list = []
        for sheet in read_document(source).sheets:
            flowables.append(Paragraph(_text(sheet.header.fiscal_year_text), title_style))
            flowables.append(Spacer(1, 8))
            flowables += [reportlab_table(sheet_blocks(sheet)[1:]), PageBreak()]
        return flowables[:-1]

    build_reportlab(target, story, "令和6年度 事務事業評価表")


# --- a scan: the same sheet as a picture only, no text layer -------------------------------------


def make_scan(source: Path, target: Path, page: int = 3, dpi: int = 60) -> None:
    """One page of ``source`` as a grey-scale image in a PDF, the way a scanner returns it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(source)
    image = pdf[page - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    image.save(target, "PDF", resolution=dpi, quality=60)
    pdf.close()


def register_fonts() -> None:
    for name, file in (GOTHIC, MINCHO, FALLBACK):
        pdfmetrics.registerFont(TTFont(name, file))


def main() -> None:
    register_fonts()
    make_libreoffice(HERE / "seed.txt", HERE / "seed.pdf", cover=True)
    make_libreoffice(HERE / "seed-corrected.txt", HERE / "seed-corrected.pdf", cover=False)
    make_reportlab(HERE / "seed.txt", HERE / "seed-reportlab.pdf")
    make_scan(HERE / "seed.pdf", SCAN)
    for pdf in (HERE / "seed.pdf", HERE / "seed-corrected.pdf", HERE / "seed-reportlab.pdf", SCAN):
        print(f"{pdf.relative_to(HERE.parent)}: {pdf.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
