"""The HTML report (``--format html -o report.html``): every wrong cell boxed on its page.

One self-contained file: no request leaves it (a Content-Security-Policy says so to the
browser), it opens from disk and prints on A4. Per sheet with findings it shows

- for a PDF, the image of each page a finding points at (only those: the report grows with
  the findings, not with the pages), each finding's cell boxed in its severity's colour
  with its rule id;
- for an HTML page or a text export (no page image), the sheet's tables as they were read,
  each finding's cell marked the same way;
- beside it the table of findings (written, expected, difference, message). Clicking a
  finding scrolls to its box and highlights it, and clicking a box its finding; without
  JavaScript the links still jump and ``:target`` still highlights.

The page pixels are not in the findings, so this reporter re-opens the checked file,
read-only (``reader``: the extractor options of the run, e.g. the password). Japanese reads
on a machine without Japanese fonts: the report embeds the glyphs it uses (fonts/).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterator
from html import escape
from pathlib import Path

from shakyo_eval import __version__
from shakyo_eval.findings import DocumentReport, Finding, Report
from shakyo_eval.grid import ExtractError
from shakyo_eval.model import Location
from shakyo_eval.report.fonts import FAMILY, font_face
from shakyo_eval.report.pages import PdfPages
from shakyo_eval.report.sheet_tables import DrawnTable, sheet_tables
from shakyo_eval.report.wording import COLUMNS, NUMERIC, WORDS, cells, sheet_heading, summary_line


def render(report: Report, lang: str = "ja", reader: dict | None = None, **_options) -> str:
    writer = _Writer(lang, reader or {})
    writer.text(f"<header><h1>{escape(WORDS[lang]['report_title'])}</h1>")
    writer.text(f"<p class='summary'>{escape(summary_line(report, lang))}</p>")
    writer.text(f"<p class='tool'>shakyo-eval {escape(__version__)}</p></header><main>")
    for index, document in enumerate(report.documents):
        writer.document(index, document)
    writer.text("</main>")
    title = escape(WORDS[lang]["report_title"])
    # Every character the page prints, for the font subset; ASCII always (the CSS and the
    # script are ASCII, and digits and Latin letters are cheap).
    characters = "".join(writer.characters) + title + "".join(map(chr, range(0x20, 0x7F)))
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_POLICY}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{font_face(characters)}{_STYLE}</style></head>"
        f"<body>{''.join(writer.parts)}<script>{_SCRIPT}</script></body></html>\n"
    )


def _class(finding: Finding) -> str:
    return "accepted" if finding.accepted is not None else finding.severity.value


class _Writer:
    """Builds the body in parts; knows which characters it printed (images aside)."""

    def __init__(self, lang: str, reader: dict) -> None:
        self.lang = lang
        self.words = WORDS[lang]
        self.reader = reader
        self.parts: list[str] = []
        self.characters: set[str] = set()
        self.images = 0
        self.ids: dict[int, str] = {}  # a finding (by identity) → its key in the document

    def text(self, html: str) -> None:
        self.parts.append(html)
        self.characters.update(html)

    # --- a document ----------------------------------------------------------------------

    def document(self, index: int, document: DocumentReport) -> None:
        words = self.words
        self.text(f"<section class='document' id='d{index}'><h2>{escape(document.path)}</h2>")
        if document.error is not None:
            error = f"{words['cannot_read']}: {document.error_text(self.lang)}"
            self.text(f"<p class='error-line'>{escape(error)}</p></section>")
            return
        self.text(f"<p>{escape(document.format or '')}, {document.sheets} {words['sheets']}</p>")
        groups = _by_sheet(document.findings)
        self._contents(index, document, groups)
        if not document.findings:
            self.text(f"<p class='clean'>{escape(words['clean'])}</p></section>")
            return
        self.ids = {id(f): f"f{index}-{n}" for n, f in enumerate(document.findings, start=1)}
        if document.format == "pdf":
            self._pdf_sheets(index, document, groups)
        else:
            self._table_sheets(index, document, groups)
        self.text("</section>")

    def _contents(
        self, index: int, document: DocumentReport, groups: dict[int | None, list[Finding]]
    ) -> None:
        """Every sheet read, each linked to its findings (the clean ones say so)."""
        self.text("<nav><ol class='contents'>")
        for position, title in enumerate(document.titles):
            heading = escape(sheet_heading(title.number, title.name, self.lang, position))
            findings = groups.get(position, [])
            if findings:
                counts = escape(self._counts(findings))
                self.text(f"<li><a href='#s{index}-{position}'>{heading}</a> {counts}</li>")
            else:
                self.text(
                    f"<li>{heading} <span class='clean'>{escape(self.words['clean'])}</span></li>"
                )
        self.text("</ol></nav>")

    def _counts(self, findings: list[Finding]) -> str:
        """``エラー 3 警告 1``: how many findings of each kind."""
        counts = Counter(_class(f) for f in findings)
        kinds = ("error", "warning", "info", "accepted")
        return " ".join(f"{self.words[k]} {counts[k]}" for k in kinds if counts[k])

    def _sheet_start(self, index: int, position: int | None, findings: list[Finding]) -> None:
        first = findings[0]
        anchor = f"s{index}-{position}" if position is not None else f"s{index}-document"
        heading = escape(sheet_heading(first.sheet, first.sheet_name, self.lang, position))
        count = escape(self.words["findings_count"].format(count=len(findings)))
        self.text(
            f"<section class='sheet' id='{anchor}'><h3>{heading} <small>{count}</small></h3>"
            "<div class='sheet-body'><div class='printed'>"
        )

    def _sheet_end(self, findings: list[Finding], boxed: set[str]) -> None:
        self.text("</div>")
        self._findings_table(findings, boxed)
        self.text("</div></section>")

    # --- PDF: page images ----------------------------------------------------------------

    def _pdf_sheets(
        self,
        index: int,
        document: DocumentReport,
        groups: dict[int | None, list[Finding]],
    ) -> None:
        try:
            pages = PdfPages(Path(document.path), self.reader.get("password"))
        except ExtractError as error:
            pages = None
            self._cannot_show("no_page_image", error)
        try:
            for position, findings in groups.items():
                self._sheet_start(index, position, findings)
                boxed: set[str] = set()
                if pages is not None:
                    for number, on_page in _by_page(findings, len(pages)):
                        self._page(pages, number, on_page)
                        boxed.update(self.ids[id(f)] for f in on_page)
                self._sheet_end(findings, boxed)
        finally:
            if pages is not None:
                pages.close()

    def _page(self, pages: PdfPages, number: int, findings: list[Finding]) -> None:
        image, boxes = pages.render(number, [f.location.bbox for f in findings])
        label = escape(self.words["page"].format(page=number))
        self.text(f"<figure class='page' data-page='{number}'><div class='frame'>")
        data = base64.b64encode(image.png).decode("ascii")
        self.images += 1
        loading = "eager" if self.images <= _EAGER_IMAGES else "lazy"
        # not in text(): the image's base64 adds no character to the font subset
        self.parts.append(
            f"<img src='data:image/png;base64,{data}' width='{image.width}'"
            f" height='{image.height}' alt='{label}' loading='{loading}' decoding='async'>"
        )
        for finding, box in zip(findings, boxes, strict=True):
            style = (
                f"left:{box.left:.4%};top:{box.top:.4%};"
                f"width:{box.width:.4%};height:{box.height:.4%}"
            )
            self._box(finding, self.ids[id(finding)], style)
        self.text(f"</div><figcaption>{label}</figcaption></figure>")

    def _cannot_show(self, what: str, error: ExtractError) -> None:
        """The file no longer reads (moved, changed): the findings are still listed."""
        self.text(
            f"<p class='note'>{escape(self.words[what])}: {escape(error.text(self.lang))}</p>"
        )

    def _title(self, finding: Finding) -> str:
        """A box's tooltip: the rule and the message."""
        return escape(f"{finding.rule} {finding.text(self.lang)}", quote=True)

    def _box(self, finding: Finding, key: str, style: str) -> None:
        self.text(
            f"<a class='box {_class(finding)}' id='box-{key}' data-finding='{key}'"
            f" href='#row-{key}' style='{style}' title=\"{self._title(finding)}\">"
            f"<span class='tag'>{escape(finding.rule)}</span></a>"
        )

    # --- HTML and text: the tables as read ------------------------------------------------

    def _table_sheets(
        self,
        index: int,
        document: DocumentReport,
        groups: dict[int | None, list[Finding]],
    ) -> None:
        try:
            tables = sheet_tables(Path(document.path), **self.reader)
        except ExtractError as error:
            tables = []
            self._cannot_show("no_tables", error)
        for position, findings in groups.items():
            self._sheet_start(index, position, findings)
            marks = {f.location: f for f in findings if f.location is not None}
            boxed: set[str] = set()
            if position is not None and position < len(tables):
                for table in tables[position]:
                    self._grid_table(table, marks, boxed)
            self._sheet_end(findings, boxed)

    def _grid_table(
        self, table: DrawnTable, marks: dict[Location, Finding], boxed: set[str]
    ) -> None:
        self.text("<table class='grid'>")
        for row in table:
            self.text("<tr>")
            for cell in row:
                spans = ""
                if cell.colspan > 1:
                    spans += f" colspan='{cell.colspan}'"
                if cell.rowspan > 1:
                    spans += f" rowspan='{cell.rowspan}'"
                text = escape(cell.text).replace("\n", "<br>")
                finding = marks.get(cell.location)
                if finding is None:
                    self.text(f"<td{spans}>{text}</td>")
                    continue
                key = self.ids[id(finding)]
                boxed.add(key)
                self.text(
                    f"<td{spans} class='box {_class(finding)}' id='box-{key}'"
                    f" data-finding='{key}' title=\"{self._title(finding)}\">"
                    f"<a class='tag' href='#row-{key}'>{escape(finding.rule)}</a>{text}</td>"
                )
            self.text("</tr>")
        self.text("</table>")

    # --- the findings --------------------------------------------------------------------

    def _findings_table(self, findings: list[Finding], boxed: set[str]) -> None:
        words = self.words
        self.text("<div class='findings'><table><thead><tr>")
        self.text("".join(f"<th>{escape(words[c])}</th>" for c in COLUMNS))
        self.text("</tr></thead><tbody>")
        for finding in findings:
            key = self.ids[id(finding)]
            for depth, item in enumerate(finding.all()):
                row = cells(item, self.lang, depth)
                attributes = f" class='{_class(item)}{' also' if depth else ''}'"
                if depth == 0:
                    attributes += f" id='row-{key}'"
                if key in boxed:
                    attributes += f" data-finding='{key}'"
                self.text(f"<tr{attributes}>")
                for column in COLUMNS:
                    value = escape(row[column])
                    if column == "where" and key in boxed:
                        value = f"<a href='#box-{key}'>{value}</a>"
                    css = " class='number'" if column in NUMERIC else ""
                    self.text(f"<td{css}>{value}</td>")
                self.text("</tr>")
        self.text("</tbody></table></div>")


def _by_sheet(findings: list[Finding]) -> dict[int | None, list[Finding]]:
    """Findings by their sheet's place in the document (None: about no sheet), in order."""
    groups: dict[int | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.sheet_index, []).append(finding)
    return groups


def _by_page(findings: list[Finding], pages: int) -> Iterator[tuple[int, list[Finding]]]:
    """The pages the findings point at with a cell box, in order, each with its findings."""
    on_page: dict[int, list[Finding]] = {}
    for finding in findings:
        location = finding.location
        if location and location.bbox and location.page and 1 <= location.page <= pages:
            on_page.setdefault(location.page, []).append(finding)
    yield from sorted(on_page.items())


# The first screen's page images show at once; the browser decodes the others when they
# come near the screen (a 400-sheet report holds hundreds).
_EAGER_IMAGES = 2

# Nothing may be fetched: styles, the script, the font and the images are all in the file.
_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'"
)

_STYLE = f"""
:root {{ --error: #d32f2f; --warning: #e65100; --info: #1565c0; --accepted: #757575; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "{FAMILY}", sans-serif; margin: 0 auto; padding: 1rem 1.5rem;
  max-width: 110rem; color: #212121; line-height: 1.5; }}
h1 {{ font-size: 1.4rem; margin: 0; }}
h2 {{ font-size: 1.15rem; border-bottom: 2px solid #424242; margin-top: 2rem; }}
h3 {{ font-size: 1.05rem; background: #eceff1; padding: .3rem .6rem; }}
h3 small {{ font-weight: normal; color: #546e7a; margin-left: .6rem; }}
.tool, .note {{ color: #616161; font-size: .85rem; }}
.error-line {{ color: var(--error); font-weight: bold; }}
.clean {{ color: #2e7d32; }}
.contents {{ columns: 2 24rem; font-size: .9rem; }}
.sheet-body {{ display: grid; grid-template-columns: minmax(0, 4fr) minmax(28rem, 3fr);
  gap: 1rem; align-items: start; }}
.findings {{ position: sticky; top: 0; max-height: 100vh; overflow: auto; }}
.page {{ margin: 0 0 1rem; }}
.frame {{ position: relative; border: 1px solid #bdbdbd; }}
.frame img {{ display: block; width: 100%; height: auto; }}
figcaption {{ font-size: .8rem; color: #616161; text-align: center; }}
.frame .box {{ position: absolute; border: 2px solid var(--c); margin: -3px;
  padding: 1px; background: color-mix(in srgb, var(--c) 10%, transparent);
  border-radius: 2px; text-decoration: none; }}
.box .tag, td .tag {{ font-size: 10px; line-height: 1; padding: 1px 3px; color: #fff;
  background: var(--c); text-decoration: none; white-space: nowrap; }}
/* inside the box, at its left end: a cell's number is printed right-aligned, and outside
   the box the tag would hide a neighbouring box; sized with the page image (cqw), as the
   sheet's own print is */
.frame {{ container-type: inline-size; }}
.frame .box .tag {{ position: absolute; left: 0; top: 0; padding: 0 2px; opacity: .85;
  font-size: 8px; font-size: 1cqw; }}
.frame .box:hover .tag {{ opacity: 0; }}
.error {{ --c: var(--error); }} .warning {{ --c: var(--warning); }}
.info {{ --c: var(--info); }} .accepted {{ --c: var(--accepted); }}
.frame .box.accepted {{ border-style: dashed; }}
.box.active, .box:target {{ outline: 4px solid var(--c); outline-offset: 2px; z-index: 2;
  animation: pulse 1s ease-in-out 2; }}
@keyframes pulse {{ 50% {{ outline-color: transparent; }} }}
table {{ border-collapse: collapse; font-size: .85rem; }}
.findings table {{ width: 100%; }}
th, td {{ border: 1px solid #cfd8dc; padding: .2rem .4rem; vertical-align: top; }}
th {{ background: #eceff1; }}
td.number {{ text-align: right; white-space: nowrap; }}
.findings tr[data-finding] {{ cursor: pointer; }}
.findings tr td:first-child {{ border-left: 4px solid var(--c); white-space: nowrap; }}
.findings tr.also td {{ color: #616161; }}
.findings tr.active td, .findings tr:target td {{ background: #fff8e1; }}
table.grid {{ margin-bottom: .8rem; max-width: 100%; }}
table.grid td {{ white-space: pre-wrap; max-width: 28rem; }}
table.grid td.box {{ outline: 3px solid var(--c); outline-offset: -3px;
  background: color-mix(in srgb, var(--c) 12%, transparent); }}
table.grid td.box .tag {{ margin-right: .3rem; }}
table.grid td.box.active, table.grid td.box:target {{ outline-width: 5px; }}
@page {{ size: A4; margin: 12mm; }}
@media print {{
  body {{ padding: 0; max-width: none; font-size: 9pt; }}
  nav, .tool {{ display: none; }}
  .sheet {{ break-before: page; }}
  .sheet-body {{ display: block; }}
  .findings {{ position: static; max-height: none; overflow: visible; }}
  .page {{ break-inside: avoid; }}
  .frame img {{ max-height: 250mm; width: auto; max-width: 100%; margin: 0 auto; }}
  .box, .tag, tr td:first-child {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
  .box.active, .box:target {{ animation: none; }}
}}
"""

# Clicking a finding shows its box, clicking a box its finding; both get .active. The
# images wait until they are near the screen, except for printing.
_SCRIPT = """
(function () {
  function show(key, towards) {
    document.querySelectorAll('.active').forEach(function (el) {
      el.classList.remove('active');
    });
    var box = document.getElementById('box-' + key);
    var row = document.getElementById('row-' + key);
    [box, row].forEach(function (el) { if (el) { el.classList.add('active'); } });
    var target = towards === 'row' ? row : box;
    if (target) {
      target.scrollIntoView({block: 'center', inline: 'nearest'});
      history.replaceState(null, '', '#' + target.id);
    }
  }
  document.addEventListener('click', function (event) {
    var el = event.target.closest('[data-finding]');
    if (!el) { return; }
    event.preventDefault();
    show(el.dataset.finding, el.classList.contains('box') ? 'row' : 'box');
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('img[loading=lazy]').forEach(function (img) {
      img.loading = 'eager';
    });
  });
})();
"""
