"""The relations a sheet must satisfy, resolved to its rows.

Three sources, in this order, and a row that one of them relates is not related again by a
later one:

1. its template's formulas (``costs.revenue.total = costs.revenue.specific_total +
   costs.revenue.general``), over the rows the sheet printed; items[*] stands for every item;
2. what its labels print: ``計(a)+(b)+(c)``, ``(f) = (d)+(e)``, ``トータルコスト(A)+(B)`` in row
   letters, ``一般財源1(=フルコスト−特定財源)`` and ``一般財源÷活動指標`` in row names,
   ``(f/g)`` as its own letter, and a column ``H22/H21`` (each row's H22 over its H21);
3. its block structure: a 計/合計/小計 row under the rows of the block it closes.

A letter or a name that does not name exactly one row leaves its formula unchecked rather
than guessed. Reading these is normalisation; evaluating them is the rules' business.
"""

from __future__ import annotations

import re
from decimal import Decimal

from shakyo_eval import labels as L
from shakyo_eval.formulas import COLUMN_FORMULA, Expression, Formula, read_label
from shakyo_eval.model import Operand, Relation, Sheet, Table, TableRow
from shakyo_eval.numbers import nfkc
from shakyo_eval.templates import RelationSpec, Template

HUNDRED = Decimal(100)
# A name in a printed formula may stand for its total: 特定財源 for 特定財源 計(a)+(b)+(c).
_TOTAL_SUFFIXES = ("", "計", "合計", "小計")
_INDEX = re.compile(r"\[[^\[\]]*\]")  # the [n] of items[n] or details[n].initial


def find_relations(sheet: Sheet, template: Template) -> list[Relation]:
    return _Finder(sheet, template).relations()


# A template's relations, as resolved for a sheet, by what made them differ: the sheets of a
# document mostly print the same rows, so they share the same relation objects.
_RESOLVED: dict[tuple, Relation] = {}


class _Finder:
    def __init__(self, sheet: Sheet, template: Template) -> None:
        self.sheet = sheet
        self.template = template
        self.found: list[Relation] = []
        self.results: set[tuple[str, str | None]] = set()
        self.rows = list(sheet.rows())
        # every field with a [n] in it, under the path around it: ("budget.details",
        # ".initial") → budget.details[1].initial, budget.details[2].initial …
        self.families: dict[tuple[str, str], list[str]] = {}
        for row in self.rows:
            for place in _INDEX.finditer(row.field):
                around = (row.field[: place.start()], row.field[place.end() :])
                self.families.setdefault(around, []).append(row.field)
        self.names = sheet.field_names()
        self.letters: dict[str, list[str]] = {}
        for row in self.rows:
            if row.letter is not None and "/" not in row.letter.text:
                self.letters.setdefault(row.letter.text.strip("()"), []).append(row.field)

    def relations(self) -> list[Relation]:
        self._template()
        for table in self.sheet.tables:
            self._printed(table)
            self._column_formulas(table)
            self._blocks(table)
        return self.found

    def _add(self, relation: Relation) -> None:
        key = (relation.result, relation.column)
        if key not in self.results:
            self.results.add(key)
            self.found.append(relation)

    # --- 1. the template -------------------------------------------------------------------

    def _template(self) -> None:
        for spec, formula in self.template.formulas:
            if "[#]" in formula.result:  # one relation per detail row
                for ordinal in self._ordinals(formula.result):
                    self._resolve(spec, formula.with_ordinal(ordinal))
            else:
                self._resolve(spec, formula)

    def _ordinals(self, field: str) -> list[str]:
        before, _, after = field.partition("[#]")
        pattern = re.compile(re.escape(before) + r"\[(\d+)\]" + re.escape(after))
        return [m[1] for r in self.rows if (m := pattern.fullmatch(r.field))]

    def _resolve(self, spec: RelationSpec, formula: Formula) -> None:
        expression = formula.expression
        terms = tuple(
            (field, sign) for sign, name in expression.terms for field in self._expand(name)
        )
        row = self.sheet.row(formula.result)
        unit = row.unit if row else None
        names = tuple(self.names.get(f) for f, _ in terms)
        key = (self.template.id, formula.result, terms, names, unit)
        if key not in _RESOLVED:
            if len(_RESOLVED) > 4096:  # a run over many documents of many layouts
                _RESOLVED.clear()
            _RESOLVED[key] = Relation(
                kind=expression.kind,
                rule=spec.rule or default_rule(expression, unit),
                result=formula.result,
                operands=[Operand(field=field, sign=sign) for field, sign in terms],
                factor=expression.factor,
                source="template",
                formula=spec.formula,
                text=spec.text or self._describe(expression, 0),
                text_en=spec.text_en or self._describe(expression, 1),
            )
        self._add(_RESOLVED[key])

    def _expand(self, name: str) -> list[str]:
        """A field, or every field a wildcard names: ``items[*]`` every item,
        ``details[*].initial`` every detail row's 当初予算."""
        if "[*]" not in name:
            return [name]
        before, _, after = name.partition("[*]")
        return self.families.get((before, after), [])

    def _describe(self, expression: Expression, index: int) -> str:
        """How a message writes a template's formula: in the rows' letters where every row has
        one (``(a) + (b)``), else in their names."""
        letters = self.sheet.expected_letters
        operands = expression.operands
        if all(o in letters for o in operands):
            words = [f"({letters[o]})" for o in operands]
        else:
            words = [
                L.ROW_LETTER_SUFFIX.sub("", self.names[o][index]) if o in self.names else o
                for o in operands
            ]
        return join(expression, words)

    # --- 2. what the labels print ----------------------------------------------------------

    def _printed(self, table: Table) -> None:
        for row in table.rows:
            if row.formula is None or (row.field, None) in self.results:
                continue
            printed = read_label(L.squash(row.label))
            expression = printed.formula
            if expression is None:
                continue
            if printed.operands_are == "letters":
                fields = [self._by_letter(name) for name in expression.operands]
                words = [f"({name})" for name in expression.operands]
            else:
                fields = [self._by_name(name, table) for name in expression.operands]
                words = list(expression.operands)
            if any(f is None for f in fields) or row.field in fields:
                continue
            factor = expression.factor
            if expression.kind == "quotient" and _is_percent(row):
                factor *= HUNDRED
            text = join(Expression(expression.kind, expression.terms, factor), words)
            self._add(
                Relation(
                    kind=expression.kind,
                    rule=default_rule(expression, "%" if factor == HUNDRED else row.unit),
                    result=row.field,
                    operands=[
                        Operand(field=f, sign=sign)  # type: ignore[arg-type]
                        for f, (sign, _) in zip(fields, expression.terms, strict=True)
                    ],
                    factor=factor,
                    source="label",
                    formula=printed.formula_text,
                    text=text,
                    text_en=text,
                    location=row.formula.location,
                )
            )

    def _by_letter(self, letter: str) -> str | None:
        fields = self.letters.get(letter, [])
        return fields[0] if len(fields) == 1 else None

    def _by_name(self, name: str, table: Table) -> str | None:
        """The one row a printed name names: in its own table first, then on the sheet; a
        name may stand for its total (特定財源 for 特定財源 計)."""
        key = L.squash(name)
        for rows in (table.rows, self.rows):
            for suffix in _TOTAL_SUFFIXES:
                found = [r.field for r in rows if _row_name(r) == key + suffix]
                if len(found) == 1:
                    return found[0]
                if found:
                    return None
        return None

    def _column_formulas(self, table: Table) -> None:
        """A column H22/H21: each row's value there is its 22 column over its 21 column."""
        for column in table.columns:
            match = COLUMN_FORMULA.match(column.formula or "")
            if not match:
                continue
            top = _column_for(table, match["top"])
            bottom = _column_for(table, match["bottom"])
            if top is None or bottom is None:
                continue
            text = join(Expression("quotient", ((1, top), (1, bottom)), HUNDRED), [top, bottom])
            for row in table.rows:
                if column.label not in row.values:
                    continue
                self._add(
                    Relation(
                        kind="quotient",
                        rule="SE202",
                        result=row.field,
                        column=column.label,
                        operands=[
                            Operand(field=row.field, column=top),
                            Operand(field=row.field, column=bottom),
                        ],
                        factor=HUNDRED,
                        source="label",
                        formula=column.label,
                        text=text,
                        text_en=text,
                        location=column.location,
                    )
                )

    # --- 3. the blocks ---------------------------------------------------------------------

    def _blocks(self, table: Table) -> None:
        """A 計/合計/小計 row is the sum of the amount rows of the block it closes."""
        for first, last in _blocks_of(table):
            if (table.rows[last].field, None) in self.results:
                continue
            parts = [
                r
                for r in table.rows[first:last]
                if r.values and r.unit in (None, *L.MONEY_UNITS) and r.formula is None
            ]
            if len(parts) < 2:
                continue
            words = [L.ROW_LETTER_SUFFIX.sub("", p.name or p.label) for p in parts]
            expression = Expression("sum", tuple((1, w) for w in words))
            self._add(
                Relation(
                    kind="sum",
                    rule="SE101",
                    result=table.rows[last].field,
                    operands=[Operand(field=p.field) for p in parts],
                    source="block",
                    formula=" + ".join(words),
                    text=join(expression, words),
                    text_en=join(expression, words),
                    location=table.rows[last].location,
                )
            )


def _row_name(row: TableRow) -> str:
    return read_label(L.squash(row.label)).name


def _blocks_of(table: Table) -> list[tuple[int, int]]:
    """(first row, 計 row) of each block a 計 row closes: the rows above it in its block, back
    to the previous 計 row. A 計 row closes the block it stands in; 特定財源合計 only the
    block labelled 特定財源, a bare 計 or 小計 whichever it ends."""
    blocks = []
    start = 0
    for index, row in enumerate(table.rows):
        if index and row.group[: len(table.rows[index - 1].group)] != table.rows[index - 1].group:
            start = index  # a new block begins
        match = L.BLOCK_TOTAL.fullmatch(_row_name(row))
        if not match or row.formula is not None or row.unit not in (None, *L.MONEY_UNITS):
            continue
        owner = match["of"]
        if not owner or (row.group and row.group[-1] == owner):
            blocks.append((start, index))
        start = index + 1
    return blocks


def _column_for(table: Table, year: str) -> str | None:
    """The value column a column formula names (22 → 22年度(決算), H21 → H21決算)."""
    number = _year_number(year)
    found = [
        c.label
        for c in table.columns
        if c.formula is None and c.year and _year_number(c.year) == number
    ]
    return found[0] if len(found) == 1 else None


def _year_number(year: str) -> int | None:
    digits = re.search(r"\d+", year)
    return int(digits.group()) if digits else None


def _is_percent(row: TableRow) -> bool:
    label = nfkc(row.label)
    return (
        row.unit == "%"
        or "%" in label
        or "率" in label
        or any(n.text.endswith("%") for n in row.values.values())
    )


def default_rule(expression: Expression, unit: str | None) -> str:
    """The rule a relation's findings go under when its template names none."""
    if expression.kind == "quotient":
        return "SE202" if unit == "%" or expression.factor == HUNDRED else "SE201"
    if expression.kind == "product":
        return "SE107"
    if any(sign < 0 for sign, _ in expression.terms):
        return "SE106"
    return "SE105"


def join(expression: Expression, words: list[str]) -> str:
    """A formula as messages write it: ``a + b − c``, ``a ÷ b × 100``, ``a × b``."""
    if expression.kind in ("quotient", "product"):
        text = (" ÷ " if expression.kind == "quotient" else " × ").join(words)
        if expression.factor != 1:
            text += f" × {expression.factor.normalize():f}"
        return text
    out = words[0] if expression.terms[0][0] > 0 else f"− {words[0]}"
    for (sign, _), word in zip(expression.terms[1:], words[1:], strict=True):
        out += f" {'+' if sign > 0 else '−'} {word}"
    return out
