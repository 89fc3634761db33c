"""The HTML report in a real browser: Debian's Chromium, driven by Playwright. It loads with no
console error and no request but its own file, the boxes show in a screenshot in their
severity's colour, clicking a finding highlights its box (and clicking a box its finding),
it prints on A4 with its page images, and its Japanese is drawn with the embedded font,
not with one the machine has.

`make test` installs Chromium (apt-get, as root) when it is missing; elsewhere these tests
skip and say why."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest
from PIL import Image

from shakyo_eval.checker import check
from shakyo_eval.report.fonts import FAMILY
from shakyo_eval.report.html import render

from conftest import SAMPLES, SEED

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
CHROMIUM = Path(os.environ.get("SHAKYO_EVAL_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium when run as root",
        allow_module_level=True,
    )
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The report's colours (report/html.py), as a screenshot shows them.
COLOURS = {"error": (211, 47, 47), "warning": (230, 81, 0), "info": (21, 101, 192)}


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The HTML reports of seed.pdf and of the text export, as files, with their findings."""
    folder = tmp_path_factory.mktemp("html")
    written = {}
    for name, source in (("pdf", SAMPLES / "seed.pdf"), ("text", SEED)):
        report = check([source])
        path = folder / f"{name}.html"
        path.write_text(render(report, "ja"), encoding="utf-8")
        written[name] = (path, report.documents[0].findings)
    return written


class Visit:
    """A report opened in a fresh page, with what the page said and asked for."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_report(path: Path) -> Visit:
        opened.append(Visit(browser, path))
        return opened[-1]

    yield open_report
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", ["pdf", "text"])
def test_loads_with_no_console_error_and_no_request(visit, reports, name):
    path, _ = reports[name]
    seen = visit(path)
    seen.page.mouse.wheel(0, 20000)  # the lazy images below come in too
    seen.page.wait_for_timeout(300)
    assert seen.console == []
    assert seen.requests == [path.as_uri()]


def test_every_box_shows_in_its_colour(visit, reports, tmp_path):
    path, findings = reports["pdf"]
    seen = visit(path)
    for n, finding in enumerate(findings, start=1):
        box = seen.page.locator(f"#box-f0-{n}")
        box.scroll_into_view_if_needed()
        shot = Image.open(io.BytesIO(seen.page.screenshot())).convert("RGB")
        if n == 12:
            shot.save(tmp_path / "box.png")  # (to look at: SE103 688,670 on page 8)
        area = box.bounding_box()
        assert area["width"] > 10 and area["height"] > 5
        # the middle of the box's left border, in the screenshot's pixels
        x, y = round(area["x"] + 1), round(area["y"] + area["height"] / 2)
        assert _near(shot.getpixel((x, y)), COLOURS[finding.severity.value]), (n, finding.rule)
        assert box.locator(".tag").inner_text() == finding.rule


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


@pytest.mark.parametrize("name", ["pdf", "text"])
def test_clicking_a_finding_highlights_its_box(visit, reports, name):
    path, findings = reports[name]
    seen = visit(path)
    n = next(i for i, f in enumerate(findings, start=1) if f.rule == "SE103")
    box = seen.page.locator(f"#box-f0-{n}")
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") in ("none", "solid")
    before = box.evaluate("e => getComputedStyle(e).outlineWidth")
    seen.page.locator(f"#row-f0-{n} td").nth(6).click()  # the message, not the link
    assert box.evaluate("e => e.classList.contains('active')")
    assert box.evaluate("e => getComputedStyle(e).outlineWidth") != before
    assert _in_view(seen.page, box)
    assert seen.page.locator(".box.active").count() == 1
    # and back: clicking another box highlights its finding
    other = seen.page.locator("#box-f0-1")
    other.scroll_into_view_if_needed()
    other.click()
    assert seen.page.locator("#row-f0-1").evaluate("e => e.classList.contains('active')")
    assert not box.evaluate("e => e.classList.contains('active')")
    assert seen.console == []


def _in_view(page, locator) -> bool:
    area = locator.bounding_box()
    size = page.viewport_size
    return area["y"] >= 0 and area["y"] + area["height"] <= size["height"]


def test_prints_on_a4_with_its_page_images(visit, reports):
    path, findings = reports["pdf"]
    seen = visit(path)
    printed = seen.page.pdf(prefer_css_page_size=True, print_background=True)
    pdf = pypdfium2.PdfDocument(printed)
    try:
        sizes = {tuple(round(side) for side in pdf[i].get_size()) for i in range(len(pdf))}
        images = sum(_images(pdf[i]) for i in range(len(pdf)))
    finally:
        pdf.close()
    assert sizes == {(595, 842)}  # A4 in points
    assert images == len({f.page for f in findings})  # every page image, the lazy ones too


def _images(page) -> int:
    return sum(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_IMAGE
        for i in range(raw.FPDFPage_CountObjects(page.raw))
    )


@pytest.mark.parametrize("name", ["pdf", "text"])
def test_japanese_is_drawn_with_the_embedded_font(visit, reports, name):
    """Chromium names the fonts that drew a node's text: only the report's own, for the
    title, a sheet's heading and a message, whatever fonts the machine has."""
    path, _ = reports[name]
    seen = visit(path)
    session = seen.context.new_cdp_session(seen.page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "section.sheet h3", ".findings tbody tr td:nth-child(7)"):
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        assert fonts, selector
        assert all(font["isCustomFont"] for font in fonts), (selector, fonts)
    assert seen.page.evaluate(f"document.fonts.check('16px \"{FAMILY}\"', '事務事業評価表')")


def test_a_machine_without_japanese_fonts(playwright, reports, tmp_path):
    """Chromium with only DejaVu (no Japanese font at all) still draws the report's Japanese
    with glyphs: a screenshot of the heading to look at, and the embedded font in use."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's tools are not installed")
    path, _ = reports["pdf"]
    config = tmp_path / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>",
        encoding="utf-8",
    )
    bare = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=ARGS, env={**os.environ, "FONTCONFIG_FILE": str(config)}
    )
    try:
        page = bare.new_page(viewport={"width": 900, "height": 300})
        page.goto(path.as_uri(), wait_until="load")
        page.screenshot(path=tmp_path / "no-japanese-fonts.png")
        session = page.context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    finally:
        bare.close()
    assert [f["isCustomFont"] for f in fonts["fonts"]] == [True]
