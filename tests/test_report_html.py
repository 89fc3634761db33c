"""`--format html`: every finding's box on the printed value it names, on the sample PDFs (a
box is compared with the text pdfplumber finds under it); every finding's cell marked on the
HTML and text samples; one self-contained file; page images only for pages with findings;
the embedded font carries what the report prints; Japanese by default, English on request.

The browser's side (console, network, screenshot, clicks, print) is
test_report_html_browser.py."""

from __future__ import annotations

import base64
import io
import re
from functools import cache

import pdfplumber
import pypdfium2
import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageStat

from shakyo_eval.checker import Options, SheetIgnore, check
from shakyo_eval.report.html import render
from shakyo_eval.report.pages import PdfPages

from conftest import SAMPLES, SEED
from helpers import printed, squash, text_in

SEED_PDF = SAMPLES / "seed.pdf"
BOX_STYLE = re.compile(r"left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%")
FONT_DATA = re.compile(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)")


@cache
def html_report(*paths):
    """The report of a run over ``paths`` and its HTML (made once: several tests read it)."""
    report = check(list(paths))
    return report, render(report, "ja")


def box_rect(box, page) -> tuple[float, float, float, float]:
    """A box's place on the page image (percentages of its style) in the page's points."""
    left, top, width, height = (float(v) / 100 for v in BOX_STYLE.search(box["style"]).groups())
    return (
        left * page.width,
        top * page.height,
        (left + width) * page.width,
        (top + height) * page.height,
    )


@pytest.mark.parametrize("name", ["seed.pdf", "seed-reportlab.pdf"])
def test_every_box_lies_on_the_printed_value_it_names(name):
    report, html = html_report(SAMPLES / name)
    findings = report.documents[0].findings
    soup = BeautifulSoup(html, "html.parser")
    assert len(findings) == 15
    assert len(soup.select(".frame a.box")) == len(findings)
    with pdfplumber.open(SAMPLES / name) as pdf:
        for n, finding in enumerate(findings, start=1):
            box = soup.find(id=f"box-f0-{n}")
            assert box.find(class_="tag").get_text() == finding.rule
            assert "error" in box["class"] or "warning" in box["class"] or "info" in box["class"]
            number = int(box.find_parent("figure")["data-page"])
            assert number == finding.page
            text = text_in(pdf.pages[number - 1], box_rect(box, pdf.pages[number - 1]))
            written = printed(finding.written)
            assert written in text, (finding.rule, finding.field, text)
            # the cell itself, not a region around it: 事業費 (b) for the letter (b)
            assert len(text) <= len(written) + 4, (finding.rule, finding.field, text)


def test_a_box_has_its_severity_and_its_finding_row():
    report, html = html_report(SEED_PDF)
    soup = BeautifulSoup(html, "html.parser")
    for n, finding in enumerate(report.documents[0].findings, start=1):
        box = soup.find(id=f"box-f0-{n}")
        assert finding.severity.value in box["class"]
        assert box["href"] == f"#row-f0-{n}"
        row = soup.find(id=f"row-f0-{n}")
        assert row["data-finding"] == f"f0-{n}"
        assert row.find("a", href=f"#box-f0-{n}").get_text() == f"p.{finding.page}"
        assert finding.text("ja") in row.get_text()


def test_only_the_pages_with_findings_are_drawn(tmp_path):
    """Ten copies of the corrected sheets (no finding), then the sample with its errors: 89
    pages, the images of the six that have findings."""
    corrected = pypdfium2.PdfDocument(SAMPLES / "seed-corrected.pdf")
    seed = pypdfium2.PdfDocument(SEED_PDF)
    combined = pypdfium2.PdfDocument.new()
    combined.import_pages(corrected, list(range(len(corrected))) * 10)  # (it has no cover)
    combined.import_pages(seed)
    path = tmp_path / "long.pdf"
    combined.save(path)
    pages = len(combined)
    first_seed_page = pages - len(seed)
    for pdf in (combined, seed, corrected):
        pdf.close()
    report, html = html_report(path)
    soup = BeautifulSoup(html, "html.parser")
    with_findings = {f.page for f in report.documents[0].findings}
    drawn = [int(figure["data-page"]) for figure in soup.select("figure.page")]
    assert len(with_findings) == 6
    assert sorted(drawn) == sorted(with_findings)
    assert all(number > first_seed_page for number in drawn)
    assert len(soup.select("figure.page img")) == 6


@pytest.mark.parametrize(
    "path",
    [
        SEED,
        SAMPLES / "seed.html",
        SAMPLES / "seed-site.html",
        SAMPLES / "seed-fullwidth.html",
        SAMPLES / "seed-sjis" / "05.html",
    ],
    ids=lambda p: p.name,
)
def test_every_finding_marks_its_cell_in_the_tables_read(path):
    report, html = html_report(path)
    findings = report.documents[0].findings
    soup = BeautifulSoup(html, "html.parser")
    assert findings
    assert not soup.select("figure.page")  # no page image without a PDF
    assert len(soup.select("td.box")) == len(findings)
    for n, finding in enumerate(findings, start=1):
        cell = soup.find(id=f"box-f0-{n}")
        assert cell.name == "td"
        assert cell.find(class_="tag").get_text() == finding.rule
        text = squash(cell.get_text()).removeprefix(finding.rule)
        if finding.field.startswith("label."):
            # a row's letter may stand in the cell after its label (事業費 | (b))
            text = squash(cell.find_parent("tr").get_text())
        assert printed(finding.written) in text, (finding.rule, finding.field, text)
        assert soup.find(id=f"row-f0-{n}").find("a", href=f"#box-f0-{n}")


def test_the_report_is_one_file_that_fetches_nothing():
    _, html = html_report(SEED_PDF, SEED)
    soup = BeautifulSoup(html, "html.parser")
    assert all(tag["src"].startswith("data:image/png;base64,") for tag in soup.find_all(src=True))
    assert all(tag["href"].startswith("#") for tag in soup.find_all(href=True))
    assert not soup.find_all("link")
    assert not re.search(r"url\((?!data:)", html)
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy
    assert "@page { size: A4" in html


def test_the_embedded_font_carries_what_the_report_prints_and_little_more():
    _, html = html_report(SEED_PDF, SEED)
    (data,) = FONT_DATA.findall(html)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    covered = set(map(chr, font.getBestCmap()))
    printed_chars = {c for c in BeautifulSoup(html, "html.parser").get_text() if not c.isspace()}
    full = set(map(chr, TTFont(_full_font()).getBestCmap()))
    # (what IPAexGothic lacks, ↳ and the seed's stray simplified 实, the system's fonts draw)
    assert printed_chars & full <= covered
    assert len(covered) < len(printed_chars) + 120  # ASCII beside the printed characters
    assert "IPAexGothic" in font["name"].getDebugName(1)  # the licence's notice kept


def _full_font():
    from importlib.resources import files

    return io.BytesIO(files("shakyo_eval.report.fonts").joinpath("ipaexg.ttf").read_bytes())


def test_japanese_by_default_english_on_request():
    report, japanese = html_report(SEED_PDF)
    english = render(report, "en")
    finding = report.documents[0].findings[0]
    assert "<html lang='ja'>" in japanese
    assert "事務事業評価表 検査結果" in japanese
    assert BeautifulSoup(japanese, "html.parser").find(string=re.compile("エラー 8"))
    assert finding.text("ja") in BeautifulSoup(japanese, "html.parser").get_text()
    assert "<html lang='en'>" in english
    assert "Evaluation sheet check" in english
    assert finding.text("en") in BeautifulSoup(english, "html.parser").get_text()
    assert "検査結果" not in english


def test_a_bad_file_is_said_and_the_others_still_shown(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    report, html = html_report(broken, SEED_PDF)
    soup = BeautifulSoup(html, "html.parser")
    first, second = soup.select("section.document")
    assert "読めません" in first.find(class_="error-line").get_text()
    assert report.documents[0].error_text("ja") in first.get_text()
    assert len(second.select("a.box")) == 15


def test_a_clean_document_says_so_and_draws_no_page():
    _, html = html_report(SAMPLES / "seed-corrected.pdf")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("img")
    assert "問題は見つかりませんでした" in soup.find("section", class_="document").get_text()


def test_the_command_line_writes_the_report(run, tmp_path):
    output = tmp_path / "report.html"
    result = run("check", SEED_PDF, "--format", "html", "-o", output)
    assert result.exit_code == 1
    assert "エラー 8" in result.stderr
    assert (
        len(BeautifulSoup(output.read_text(encoding="utf-8"), "html.parser").select(".box")) == 15
    )


def test_an_accepted_finding_is_boxed_grey_with_its_reason():
    reason = "比率は小数で公表する方針"
    accepted = SheetIgnore(sheet=4, rules=("SE203",), reason=reason)
    report = check([SEED_PDF], Options(sheet_ignores=[accepted]))
    soup = BeautifulSoup(render(report, "ja"), "html.parser")
    boxes = soup.select("a.box.accepted")
    assert [box.get_text() for box in boxes] == ["SE203", "SE203"]
    for box in boxes:
        row = soup.find(id=box["href"].removeprefix("#"))
        assert "accepted" in row["class"]
        assert f"[承認済み: {reason}]" in row.get_text()
    assert "承認済み 2" in soup.find("ol", class_="contents").get_text()


def test_a_rotated_page_turns_its_boxes_with_the_picture(tmp_path):
    """Page 8 of seed.pdf printed with /Rotate 90: the box of 688,670 (SE103) cuts out the
    same pixels as on the upright page, turned a quarter."""
    pdf = pypdfium2.PdfDocument(SEED_PDF)
    pdf[7].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    pdf.save(rotated)
    pdf.close()
    (finding,) = [f for f in html_report(SEED_PDF)[0].documents[0].findings if f.rule == "SE103"]
    upright, turned = (
        _cut(path, finding.page, finding.location.bbox) for path in (SEED_PDF, rotated)
    )
    assert turned.size == upright.size[::-1]
    difference = ImageChops.difference(upright, turned.rotate(90, expand=True))
    assert ImageStat.Stat(difference).mean[0] < 1  # of 255
    assert ImageStat.Stat(upright).mean[0] < 240  # (not a blank patch: the digits are there)


def _cut(path, number, bbox) -> Image.Image:
    with PdfPages(path) as pages:
        image, (box,) = pages.render(number, [bbox])
    picture = Image.open(io.BytesIO(image.png))
    width, height = picture.size
    return picture.crop(
        (
            round(box.left * width),
            round(box.top * height),
            round((box.left + box.width) * width),
            round((box.top + box.height) * height),
        )
    )
