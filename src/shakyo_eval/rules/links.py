"""Which figure of the text, which indicator, speaks of which quantity.

Links are made by the words of the names and the units, and only when they are unambiguous:
a rule that compares linked values must never compare two different things. When the text
names an indicator verbatim, only verbatim mentions count; otherwise every word of the
name must appear beside the figure. Several figures link only as parts of one quantity:
joined by ``/`` on one line, or under the same label on several lines (the three
``年間個人支援回数 延べ…回`` lines of the seed's sheet 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shakyo_eval import labels as L
from shakyo_eval.model import Indicator, Sheet, TextFigure


@dataclass(frozen=True)
class Link:
    figures: tuple[TextFigure, ...]

    @property
    def value(self) -> Decimal:
        return sum((f.value for f in self.figures), start=Decimal(0))

    @property
    def previous(self) -> Decimal | None:
        if any(f.previous is None for f in self.figures):
            return None
        return sum((f.previous for f in self.figures), start=Decimal(0))  # type: ignore[misc]

    @property
    def source(self) -> str:
        separator = "/" if len({f.line for f in self.figures}) == 1 else " + "
        return separator.join(f"{f.label} {f.text}".strip() for f in self.figures)


def evaluated_year(sheet: Sheet) -> str | None:
    """The year the sheet reports on: the last column with an actual (R5 on a 令和6年度 sheet)."""
    latest = None
    for column in sheet.years:
        if any(
            i.years.get(column.label) and i.years[column.label].actual for i in sheet.indicators
        ):
            latest = column.label
    return latest


def year_before(sheet: Sheet, year: str) -> str | None:
    labels = [column.label for column in sheet.years]
    index = labels.index(year) if year in labels else 0
    return labels[index - 1] if index > 0 else None


def _one_quantity(figures: list[TextFigure]) -> tuple[TextFigure, ...] | None:
    """The figures, if they are parts of one quantity; None when they are rival candidates."""
    if len(figures) == 1:
        return tuple(figures)
    groups = {f.group for f in figures}
    if len(groups) == 1 and None not in groups:
        return tuple(figures)
    lines = {f.line for f in figures}
    labels = {L.squash(f.label) for f in figures}
    if len(lines) == len(figures) and len(labels) == 1 and labels != {""}:
        return tuple(figures)
    return None


def figures_naming(
    sheet: Sheet,
    name: str,
    unit: str | None = None,
    heads_only: bool = False,
    subject: list[str] | None = None,
) -> tuple[TextFigure, ...] | None:
    """The figures of the text that state the quantity ``name`` (in ``unit``), or None.

    ``subject``: words the figure must name as well, as 利用者数 of ふれあいサービス for the
    basis 利用者数の2割 of ふれあいサービス新規利用者数; ``heads_only`` leaves out figures
    that qualify another (新規8名 of 13名)."""
    candidates = [
        f
        for f in sheet.figures
        if (unit is None or L.same_unit(f.unit, unit)) and not (heads_only and f.sub)
    ]
    key = L.squash(name)
    verbatim = [f for f in candidates if key in L.squash(f.context)]
    words = [*L.terms(name), *(subject or [])]
    if verbatim and not subject:
        return _one_quantity(verbatim)
    worded = [f for f in candidates if L.mentions_all(f.context, words)]
    return _one_quantity(worded) if worded else None


def indicator_link(sheet: Sheet, indicator: Indicator) -> Link | None:
    figures = figures_naming(sheet, indicator.name, indicator.unit or None)
    return Link(figures) if figures else None


def indicator_links(sheet: Sheet) -> dict[int, Link]:
    """Every indicator the text states a figure for, by indicator index."""
    links = {}
    for indicator in sheet.indicators:
        link = indicator_link(sheet, indicator)
        if link:
            links[indicator.index] = link
    return links


def _near(first: str, second: str) -> bool:
    """Same length, one character apart: 年間個別支援回数 and 年間個人支援回数."""
    return (
        len(first) == len(second) >= 4
        and sum(a != b for a, b in zip(first, second, strict=True)) == 1
    )


def defined_indicator(sheet: Sheet) -> tuple[Indicator, str] | None:
    """The indicator 単位の定義 names, with how: ``same`` (verbatim), ``words`` (the same
    words both ways: 活動の創出 ~ 活動創出箇所) or ``near`` (one character apart)."""
    if sheet.unit_definition is None:
        return None
    definition = L.squash(sheet.unit_definition.text)
    for how in ("same", "words", "near"):
        found = [i for i in sheet.indicators if _names(definition, L.squash(i.name), how)]
        if len(found) == 1:
            return found[0], how
        if found:
            return None
    return None


def _names(definition: str, name: str, how: str) -> bool:
    if how == "same":
        return definition == name
    if how == "words":
        return L.mentions_all(definition, L.terms(name)) and L.mentions_all(
            name, L.terms(definition)
        )
    return _near(definition, name)
