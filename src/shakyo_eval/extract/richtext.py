"""Rich cell text (HTML fragments in a text export or an HTML page) as plain lines.

The two walk the same rules: a page's cells are elements of the tree BeautifulSoup built
for the page (:func:`element_text`); a text export's fragment is read by the standard
library's parser as it goes (:func:`html_to_text`), because importing BeautifulSoup (with
the CSS selector engine it loads) costs a text run 0.2 s, most of a start-up.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING

from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import MAX_HTML_DEPTH
from shakyo_eval.numbers import clean_text

if TYPE_CHECKING:
    from bs4 import Tag

# Elements that end a line of text where they close.
_BLOCKS = frozenset({"p", "li", "div", "br", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "table"})
_HIDDEN = frozenset({"script", "style"})
# Elements that never hold others (they do not nest).
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed"}
    | {"param", "source", "track"}
)


def html_to_text(fragment: str) -> str:
    """``<p>a</p><ul><li>b</li></ul>`` → ``"a\\nb"``: paragraphs and list items become lines."""
    if "<" not in fragment:
        return clean_text(fragment)
    parser = _FragmentText()
    parser.feed(fragment)
    parser.close()
    return clean_text("".join(parser.parts))


class _FragmentText(HTMLParser):
    """The text of a fragment as :func:`element_text` gives it for the same elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []  # the elements open around the current position
        self.hidden = 0  # how many of them are script or style

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS and not self.hidden:
            self.parts.append("\n")  # a nested list starts a line of its own
        if tag in _VOID:
            return
        self.open.append(tag)
        if len(self.open) > MAX_HTML_DEPTH:
            raise ExtractError("limit.html_depth", limit=MAX_HTML_DEPTH)
        self.hidden += tag in _HIDDEN

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return  # a stray end tag closes nothing
        while self.open:
            closed = self.open.pop()
            self.hidden -= closed in _HIDDEN
            if closed in _BLOCKS and not self.hidden:
                self.parts.append("\n")
            if closed == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))


def check_depth(root: Tag) -> None:
    """ExtractError when elements nest deeper than :data:`MAX_HTML_DEPTH` (walking such a
    tree would exhaust the stack)."""
    depths = {id(root): 0}
    for element in root.descendants:
        if not isinstance(element, str):  # a Tag, not a NavigableString
            depth = depths[id(element.parent)] + 1
            if depth > MAX_HTML_DEPTH:
                raise ExtractError("limit.html_depth", limit=MAX_HTML_DEPTH)
            depths[id(element)] = depth


def element_text(element: Tag) -> str:
    """The text of an element of a page's tree: its lines, as :func:`html_to_text`."""
    parts: list[str] = []
    _collect(element, parts)
    return clean_text("".join(parts))


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):  # a NavigableString (text, or a comment, doctype …)
            if child.__class__.__name__ in ("Comment", "Declaration", "Doctype"):
                continue
            parts.append(str(child).replace("\n", " "))
        else:  # a Tag
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name in _HIDDEN:
                continue
            if child.name in _BLOCKS:
                parts.append("\n")  # a nested list starts a line of its own
            _collect(child, parts)
            if child.name in _BLOCKS:
                parts.append("\n")
