"""Writes the HTML samples: the seed's sheets as a city's CMS publishes them.

    python samples/make_html.py        (or: make samples)

Each sheet is rendered from the records that the text export gives (read_document): one
``<table>`` per block, ``<th>`` for labels, ``rowspan`` for the 成果/活動 kind over its 目標/実績
rows and for the 収入/支出/特定財源 groups, ``colspan`` for wide labels and values, numbers
exactly as printed (Number.text: 0.30, 9,340.0 and the seed's real errors), row letters as
printed (事業費 (b) on sheets 1 and 4). Free texts are the fragments printed at the record's
location in the export, because the records keep them as lines, without their ``<p>``/``<ul>``
structure.

The variants:

- seed.html, seed-corrected.html: every sheet on one page, UTF-8, ``<h2>`` titles;
- seed-site.html: the same sheets inside a site layout (layout tables, header, menu and
  news tables, footer), titles as ``<caption>``;
- seed-fullwidth.html: an HTML 4.01 page (upper-case tags, optional end tags left out,
  charset declared with http-equiv) printing digits and commas full-width (１，７２４，８１３);
- seed-sjis/NN.html: one page per sheet, really encoded in Shift_JIS (cp932) with
  ``<meta charset="Shift_JIS">``; sheet 1 prints ① ②, and sheet 4 names a company with ㈱,
  as such pages do.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

from shakyo_eval.checker import read_document
from shakyo_eval.model import Document, Number, Sheet, Text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seedlayout import cost_columns, cost_unit, unit_cost_columns

HERE = Path(__file__).resolve().parent
SITE = "ふじみ野市社会福祉協議会"
# What the Shift_JIS copy prints instead of the seed's text (round-trip tests expect it).
SJIS_EDITS = {4: ("SOMPOケアラヴィーレふじみ野", "SOMPOケア㈱ラヴィーレふじみ野")}

STAFF_LABELS = {"regular": "正規職員", "contract": "嘱託職員", "temporary": "臨時職員"}


@dataclass(frozen=True)
class Style:
    title: str = "h2"  # h1 | h2 | caption
    edits: dict[int, tuple[str, str]] | None = None


class Printed:
    """The cells of a text export, to look up the fragment printed at a record's location."""

    def __init__(self, path: Path) -> None:
        self.lines = path.read_text(encoding="utf-8-sig").split("\n")

    def html(self, text: Text | None) -> str:
        if text is None:
            return "&nbsp;"
        location = text.location
        if location.line is None or location.column is None:
            return escape(text.text, quote=False)
        field = self.lines[location.line - 1].split("\t")[location.column - 1].strip()
        return field if "<" in field else escape(field, quote=False)

    def lines_html(self, text: Text | None) -> str:
        """A paragraph fragment as one cell with ``<br>`` between its lines (older CMS)."""
        fragment = self.html(text)
        fragment = re.sub(r"</p>\s*<p>", "<br>", fragment.strip())
        return re.sub(r"^<p>|</p>$", "", fragment)


def _number(number: Number | None) -> str:
    return escape(number.text) if number else "&nbsp;"


def _letter(sheet: Sheet, field: str) -> str:
    letter = sheet.printed_letters.get(field)
    return f" {letter.text}" if letter else ""


def _values(numbers) -> str:
    return "".join(f'<td class="num">{_number(n)}</td>' for n in numbers)


def header_table(sheet: Sheet, printed: Printed, style: Style) -> str:
    header = sheet.header
    caption = ""
    if style.title == "caption" and header.fiscal_year_text:
        caption = f"<caption>{escape(header.fiscal_year_text.text)}</caption>\n"
    title = escape(f"{sheet.number} {sheet.name}")
    rows = [
        f'<th>事務事業名</th><td colspan="3">{title}</td>'
        f"<th>担当</th><td>{printed.html(header.department)}</td>"
        f"<th>事業種別</th><td>{printed.html(header.project_type)}</td>",
        f"<th>開始年度</th><td>{printed.html(header.start_year_text)}</td>"
        f'<th>計画体系</th><td colspan="5">{printed.html(header.plan)}</td>',
        f'<th>根拠法令等</th><td colspan="7">{printed.html(header.legal_basis)}</td>',
        f"<th>事業区分</th><td>{printed.html(header.category)}</td>"
        f'<th>サービス<br>区分</th><td colspan="5">{printed.html(header.service_category)}</td>',
        f'<th>事務事業<br>目的</th><td colspan="7">{printed.html(header.purpose)}</td>',
        f'<th>実施内容</th><td colspan="7" class="text">{printed.html(header.activities)}</td>',
    ]
    return _table("hyouka-header", rows, caption)


def indicator_table(sheet: Sheet, printed: Printed) -> str:
    years = [y.label for y in sheet.years]
    rows = [
        '<th colspan="2">指標</th><th>指標の根拠</th><th>単位</th><th>区分</th>'
        + "".join(f"<th>{y}</th>" for y in years)
    ]
    for indicator in sheet.indicators:
        span = 'rowspan="2"'
        rows.append(
            f"<th {span}>{escape(indicator.kind)}</th><td {span}>{escape(indicator.name)}</td>"
            f"<td {span}>{escape(indicator.basis)}</td><td {span}>{escape(indicator.unit)}</td>"
            "<th>目標</th>" + _values(indicator.years[y].target for y in years)
        )
        rows.append("<th>実績</th>" + _values(indicator.years[y].actual for y in years))
    remarks = printed.html(sheet.remarks)
    rows.append(f'<th colspan="2">備考</th><td colspan="{3 + len(years)}">{remarks}</td>')
    return _table("hyouka-shihyo", rows)


def cost_table(sheet: Sheet) -> str:
    unit = cost_unit(sheet)
    costs = cost_columns(sheet)
    items = list(costs[0].revenue_items) if costs else []
    staff = list(costs[0].staff) if costs else []

    def values(get) -> str:
        return _values(get(c) for c in costs)

    def total(label: str, field: str, attribute: str, colspan: int = 2) -> str:
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        label += _letter(sheet, field)
        return f"<th{span}>{label}</th>" + values(lambda c: getattr(c, attribute))

    revenue = [
        f"<th>{escape(name)}</th>" + values(lambda c, n=name: c.revenue_items.get(n))
        for name in items
    ]
    revenue.append(total("特定財源合計", "costs.revenue.specific_total", "specific_total", 1))
    revenue[0] = f'<th rowspan="{len(revenue)}">特定<br>財源</th>' + revenue[0]
    revenue.append(total("一般財源", "costs.revenue.general", "general"))
    revenue.append(total("収入合計", "costs.revenue.total", "revenue_total"))
    revenue[0] = f'<th rowspan="{len(revenue)}">収入</th>' + revenue[0]

    expenditure = [total("事業費", "costs.expenditure.project", "project")]
    for category in staff:
        expenditure.append(
            f'<th rowspan="2">{STAFF_LABELS[category]}</th><th>人件費</th>'
            + values(lambda c, k=category: c.staff[k].cost)
        )
        expenditure.append("<th>業務量(人)</th>" + values(lambda c, k=category: c.staff[k].fte))
    expenditure.append(total("人件費合計", "costs.staff_total", "staff_total"))
    expenditure.append(total("支出合計", "costs.expenditure.total", "total"))
    expenditure[0] = f'<th rowspan="{len(expenditure)}">支出</th>' + expenditure[0]

    head = f'<th colspan="3">コスト内訳<br>({unit})</th>' + "".join(
        f"<th>{c.year}</th>" for c in costs
    )
    return _table("hyouka-cost", [head, *revenue, *expenditure])


def unit_cost_table(sheet: Sheet, printed: Printed) -> str:
    unit = cost_unit(sheet)
    unit_costs = unit_cost_columns(sheet)
    definition = printed.html(sheet.unit_definition)
    rows = [
        f'<th colspan="2">単位当たり<br>コスト({unit})</th>'
        + "".join(f"<th>{u.year}</th>" for u in unit_costs),
        f'<th colspan="2">単位の定義</th><td colspan="{len(unit_costs)}">{definition}</td>',
    ]
    for label, attribute in (
        ("実績数値", "units"),
        (f"単位当たりコスト({unit})", "per_unit"),
        ("実質収支比率(%)", "ratio"),
    ):
        letter = _letter(sheet, f"unit_cost.{attribute}").strip() or "&nbsp;"
        rows.append(
            f"<th>{label}</th><th>{letter}</th>"
            + _values(getattr(u, attribute) for u in unit_costs)
        )
    return _table("hyouka-tanka", rows)


def evaluation_table(sheet: Sheet, printed: Printed) -> str:
    direction = f"<br>【{escape(sheet.direction_label)}】" if sheet.direction_label else ""
    evaluation, plans = printed.lines_html(sheet.evaluation), printed.lines_html(sheet.direction)
    rows = [
        f'<th>実施状況に<br>対する評価</th><td class="text">{evaluation}</td>',
        f'<th>今後の方向性{direction}</th><td class="text">{plans}</td>',
    ]
    return _table("hyouka-hyoka", rows)


def _table(css: str, rows: list[str], caption: str = "") -> str:
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    return (
        f'<table class="{css}" border="1" cellspacing="0" cellpadding="4">\n'
        f"{caption}{body}\n</table>\n"
    )


def sheet_html(sheet: Sheet, printed: Printed, style: Style) -> str:
    title = sheet.header.fiscal_year_text.text if sheet.header.fiscal_year_text else ""
    heading = (
        "" if style.title == "caption" else f"<{style.title}>{escape(title)}</{style.title}>\n"
    )
    html = (
        f'<div class="hyouka" id="jigyo{sheet.number}">\n{heading}'
        + header_table(sheet, printed, style)
        + indicator_table(sheet, printed)
        + cost_table(sheet)
        + unit_cost_table(sheet, printed)
        + evaluation_table(sheet, printed)
        + "</div>\n"
    )
    if style.edits and sheet.number in style.edits:
        old, new = style.edits[sheet.number]
        assert old in html, (sheet.number, old)
        html = html.replace(old, new)
    return html


def page(title: str, body: str, meta: str = '<meta charset="UTF-8">') -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n'
        f"{meta}\n<title>{escape(title)} | {SITE}</title>\n"
        "</head>\n<body>\n"
        f'<div id="contents">\n{body}</div>\n'
        "</body>\n</html>\n"
    )


def site_page(title: str, content: str) -> str:
    """A whole site around the content: the tables a site's own template adds."""
    menu = "".join(
        f'<tr><td><a href="/{i}/">{name}</a></td></tr>'
        for i, name in enumerate(["社協について", "地域福祉", "ボランティア", "情報公開"], 1)
    )
    news = "".join(
        f'<tr><td class="date">{date}</td><td><a href="/news/{i}.html">{text}</a></td></tr>'
        for i, (date, text) in enumerate(
            [
                ("2024年6月3日", "令和5年度 事業報告を掲載しました"),
                ("2024年5月20日", "ボランティア講座のご案内"),
            ],
            1,
        )
    )
    body = f"""<table id="wrapper" width="100%" cellspacing="0" cellpadding="0">
<tr><td>
<table id="header" width="100%"><tr>
<td><img src="/img/logo.gif" alt="{SITE}"></td>
<td align="right"><a href="/sitemap.html">サイトマップ</a> <a href="/access.html">アクセス</a></td>
</tr></table>
<table id="gnav"><tr><td><a href="/">ホーム</a></td><td><a href="/jigyo/">事業案内</a></td>
<td><a href="/kouhou/">広報</a></td><td><a href="/contact/">お問い合わせ</a></td></tr></table>
</td></tr>
<tr><td>
<table id="layout" width="100%"><tr>
<td id="side" valign="top" width="200">
<h3>メニュー</h3>
<table class="menu">{menu}</table>
</td>
<td id="main" valign="top">
<p class="pankuzu"><a href="/">ホーム</a> &gt; <a href="/kouhou/">情報公開</a>
&gt; {escape(title)}</p>
<h1>{escape(title)}</h1>
<p>事務事業評価表を掲載します。数値は決算額です。</p>
{content}<h3>新着情報</h3>
<table class="news">{news}</table>
</td></tr></table>
</td></tr>
<tr><td>
<table id="footer" width="100%">
<tr><td>社会福祉法人 {SITE}<br>〒356-0004 埼玉県ふじみ野市上福岡1-2-3<br>電話 049-000-0000</td></tr>
<tr><td>Copyright &copy; {SITE}. All Rights Reserved.</td></tr>
</table>
<h2>このページに関するお問い合わせ</h2>
<p>地域福祉係 電話 049-000-0000</p>
</td></tr>
</table>
"""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{escape(title)} | {SITE}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


_FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
_NUMBER_RUN = re.compile(r"\d[\d,.]*\d|\d")


def fullwidth_digits(html: str) -> str:
    """Digits, and the commas and points between them, full-width in the text (not in tags)."""
    parts = re.split(r"(<[^>]*>|&[#\w]+;)", html)
    return "".join(
        part
        if part.startswith(("<", "&"))
        else _NUMBER_RUN.sub(lambda m: m[0].translate(_FULLWIDTH), part)
        for part in parts
    )


def html4(html: str) -> str:
    """An old CMS's HTML 4.01: upper-case tags and the optional end tags of cells left out."""
    html = re.sub(r"</(td|th|tr)>", "", html)
    html = re.sub(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)", lambda m: f"<{m[1]}{m[2].upper()}", html)
    return html.replace(
        "<!DOCTYPE html>",
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
    )


def _all_sheets(document: Document, printed: Printed, style: Style) -> str:
    return "".join(sheet_html(sheet, printed, style) for sheet in document.sheets)


def _title(document: Document) -> str:
    first = document.sheets[0].header.fiscal_year_text
    return first.text if first else "事務事業評価表"


def make(out: Path) -> list[Path]:
    """Every sample, written under ``out``; returns the paths written."""
    written: list[Path] = []

    def write(name: str, html: str, encoding: str = "utf-8") -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html.encode(encoding, errors="xmlcharrefreplace"))
        written.append(path)

    for stem in ("seed", "seed-corrected"):
        source = HERE / f"{stem}.txt"
        document = read_document(source)
        printed = Printed(source)
        title = _title(document)
        write(f"{stem}.html", page(title, _all_sheets(document, printed, Style())))
        if stem != "seed":
            continue
        write(
            "seed-site.html",
            site_page(title, _all_sheets(document, printed, Style(title="caption"))),
        )
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        fullwidth = page(title, _all_sheets(document, printed, Style()), meta)
        write("seed-fullwidth.html", html4(fullwidth_digits(fullwidth)))
        for sheet in document.sheets:
            body = sheet_html(sheet, printed, Style(title="h1", edits=SJIS_EDITS))
            html = page(f"{sheet.number} {sheet.name}", body, '<meta charset="Shift_JIS">')
            # A character cp932 lacks (sheet 2's 实, a Chinese form) becomes a character
            # reference, as a CMS writes it.
            write(f"seed-sjis/{sheet.number:02d}.html", html, "cp932")
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in make(target):
        print(path)
