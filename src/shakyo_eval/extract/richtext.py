"""Rich cell text (HTML fragments in a text export or an HTML page) as plain lines."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import MAX_HTML_DEPTH
from shakyo_eval.numbers import clean_text

# Elements that end a line of text where they close.
_BLOCKS = frozenset({"p", "li", "div", "br", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "table"})


def html_to_text(fragment: str) -> str:
    """``<p>a</p><ul><li>b</li></ul>`` → ``"a\\nb"``: paragraphs and list items become lines."""
    if "<" not in fragment:
        return clean_text(fragment)
    soup = BeautifulSoup(fragment, "html.parser")
    check_depth(soup)
    return element_text(soup)


def check_depth(root: Tag) -> None:
    """ExtractError when elements nest deeper than :data:`MAX_HTML_DEPTH` (walking such a
    tree would exhaust the stack)."""
    depths = {id(root): 0}
    for element in root.descendants:
        if isinstance(element, Tag):
            depth = depths[id(element.parent)] + 1
            if depth > MAX_HTML_DEPTH:
                raise ExtractError("limit.html_depth", limit=MAX_HTML_DEPTH)
            depths[id(element)] = depth


def element_text(element: Tag) -> str:
    parts: list[str] = []
    _collect(element, parts)
    return clean_text("".join(parts))


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in ("Comment", "Declaration", "Doctype"):
                continue
            parts.append(str(child).replace("\n", " "))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name in ("script", "style"):
                continue
            if child.name in _BLOCKS:
                parts.append("\n")  # a nested list starts a line of its own
            _collect(child, parts)
            if child.name in _BLOCKS:
                parts.append("\n")
