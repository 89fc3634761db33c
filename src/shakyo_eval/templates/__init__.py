"""Templates as data: how one city's or council's sheet is laid out, in a small TOML file.

A template says how to recognise its sheets (the row that starts one), which printed labels
are which rows (and the field names findings use for them), and the relations between rows
that the sheet must satisfy: sums, differences, products and quotients, written as formulas
over field names. The built-in templates live beside this module (``*.toml``); a user adds
their own with ``--template FILE`` or the config's ``templates`` key, without code. A
template file that cannot be used is a one-line error naming the file, the line and the key.

The format is documented in the README, with a complete example.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from shakyo_eval.formulas import Formula, FormulaError, parse_template_formula
from shakyo_eval.tomlfile import first_problem, read_toml

BUILT_IN = Path(__file__).resolve().parent
HEADER_ATTRIBUTES = (
    "department",
    "project_type",
    "start_year_text",
    "plan",
    "legal_basis",
    "category",
    "service_category",
    "purpose",
    "activities",
)


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        detail = {"detail": str(error)}
        raise PydanticCustomError("pattern", "not a regular expression", detail) from None
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SheetSpec(_Strict):
    """How a sheet of this template is found and named."""

    start: str  # the row that starts a sheet: a pattern its first label matches in full
    title: str | None = None  # a one-cell row announcing the next sheet (令和6年度 事務事業評価表)
    number: str | None = None  # the header label whose value prints "1 ボランティア推進事業"
    name: str | None = None  # the header label whose value is the sheet's name
    code: str | None = None  # a pattern with a group 'code' searched in a row's first label
    code_label: str | None = None  # the header label whose value is the sheet's code
    code_value: str | None = None  # … a pattern with a group 'code' in that value (3 / 3062 / 1)
    name_pattern: str | None = None  # a pattern with a group 'name' searched in a row's first label
    name_row: bool = False  # the row after the start row holds the name (a page title)

    @field_validator(
        "start", "title", "number", "name", "code", "code_label", "code_value", "name_pattern"
    )
    @classmethod
    def _patterns(cls, value: str | None) -> str | None:
        return value if value is None else _pattern(value)


class RecordSpec(_Strict):
    """A data layout of one record per row, or per run of rows that share a key: a workbook
    of one project per row (大船渡市), an open-data CSV (the RS system's 予算・執行)."""

    header: str  # a pattern that a cell of the header row matches in full (事務事業ID)
    key: str  # the column (a pattern on its header) that names a record: its code
    name: str | None = None  # the column of the record's name
    column: str | None = None  # the column whose value names a value column (予算年度) …
    blocks: list[str] = Field(default_factory=list)  # … else the blocks a row repeats, named
    detail: str | None = None  # the column a detail row fills (default: a [#] field's column)

    @field_validator("header", "key", "name", "column", "detail")
    @classmethod
    def _patterns(cls, value: str | None) -> str | None:
        return value if value is None else _pattern(value)


class TableSpec(_Strict):
    """A table of the sheet: found by its header row, which prints the value columns."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    header: str  # a pattern searched in the header row's first label
    columns: str | None = None  # a pattern its first value column matches (H24予算, not H24実績)
    title: str | None = None  # how messages name the table (Japanese)
    title_en: str | None = None
    layout: Literal["rows", "indicators"] = "rows"
    groups: list[str] = Field(default_factory=list)  # labels at the left that name a block
    items: str | None = None  # unlisted rows at the top are items[<label>] of this field
    items_until: str | None = None  # … up to the row of this field
    unknown_rows: Literal["report", "keep"] = "keep"
    scale: Literal["円", "千円"] | None = None  # default: 千円 if the header says so, else 円
    required: bool = True  # a sheet without it gets SE003

    @field_validator("header", "columns")
    @classmethod
    def _patterns(cls, value: str | None) -> str | None:
        return value if value is None else _pattern(value)


class RowSpec(_Strict):
    """A row of a table: the label it prints and the field name findings use for it."""

    table: str
    label: str  # a pattern the squashed label (its letter taken out) matches in full
    field: str  # the field name findings use
    after: str | None = None  # only the row just under the row of this field (業務量 rows)
    group: str | None = None  # only a row in a block of this label (活動指標 | 墓参バス運行回数)
    name: str | None = None  # how reports name the row (default: the printed label)
    name_en: str | None = None
    letter: str | None = None  # the letter the template prints for the row: (a), (f/g)
    amount: bool = True  # money in the table's scale; false for counts, FTE, ratios
    scale: Literal["円", "千円"] | None = None  # money in another scale than the table's
    unit: str | None = None  # what a count or ratio counts in: 人, %, 件
    decimals: int | None = None  # data that leaves trailing zeros out: 0.619 for 0.61900
    text: bool = False  # the row holds text, not numbers (単位の定義)
    required: bool = False  # a sheet whose table lacks it gets SE004

    @field_validator("label", "group")
    @classmethod
    def _patterns(cls, value: str | None) -> str | None:
        return value if value is None else _pattern(value)


class RelationSpec(_Strict):
    """A relation between rows, as a formula over field names."""

    formula: str
    rule: str | None = None  # the rule its findings go under (default: by its shape)
    text: str | None = None  # how messages write it (default: from the rows' letters or names)
    text_en: str | None = None


class Template(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    name_en: str | None = None
    description: str = ""
    sheet: SheetSpec | None = None  # a printed sheet …
    records: RecordSpec | None = None  # … or records of a data file
    header: dict[str, Literal[HEADER_ATTRIBUTES]] = Field(default_factory=dict)  # type: ignore[valid-type]
    sections: dict[str, Literal["remarks", "evaluation", "direction"]] = Field(default_factory=dict)
    unknown_rows: Literal["report", "keep"] = "keep"  # rows outside every table
    tables: list[TableSpec] = Field(default_factory=list, alias="table")
    rows: list[RowSpec] = Field(default_factory=list, alias="row")
    relations: list[RelationSpec] = Field(default_factory=list, alias="relation")
    path: str = ""  # where it was read from (set by the loader)

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        if (self.sheet is None) == (self.records is None):
            _problem("template_layout", ("sheet",))
        tables = {t.name for t in self.tables}
        for index, row in enumerate(self.rows):
            if row.table not in tables:
                _problem("template_table", ("row", index, "table"), value=row.table)
        for index, relation in enumerate(self.relations):
            at = ("relation", index, "formula")
            try:
                formula = parse_template_formula(relation.formula)
            except FormulaError as error:
                _problem("template_formula", at, value=relation.formula, detail=str(error))
            for name in (formula.result, *formula.expression.operands):
                if not self.knows(name):
                    _problem("template_field", at, value=name)
            if relation.rule is not None:
                from shakyo_eval.rules import get_rule  # the registry imports the rule modules

                if get_rule(relation.rule) is None:
                    _problem("template_rule", ("relation", index, "rule"), value=relation.rule)
        return self

    def knows(self, field: str) -> bool:
        """Whether a formula's field names a row of the template (or one of its items, or
        of its detail rows: ``budget.details[*].initial`` or ``[#]``, each detail's)."""
        if any(row.field == field for row in self.rows):
            return True
        if any(field == r.field.replace("[#]", "[*]") for r in self.rows):
            return True
        families = {t.items for t in self.tables if t.items}
        return any(field.startswith(f"{family}[") and field.endswith("]") for family in families)

    @cached_property
    def table_titles(self) -> dict[str, tuple[str, str]]:
        """How messages name each table: (Japanese, English), by table name."""
        return {t.name: (t.title, t.title_en or t.title) for t in self.tables if t.title}

    @cached_property
    def formulas(self) -> list[tuple[RelationSpec, Formula]]:
        """The relations with their formulas read (once: the template reads many sheets)."""
        return [(r, parse_template_formula(r.formula)) for r in self.relations]

    def rows_of(self, table: str) -> list[RowSpec]:
        return [r for r in self.rows if r.table == table]


def _problem(message_id: str, at: tuple, **params: Any) -> NoReturn:
    """A problem the whole template shows, placed at the key it lies in."""
    raise PydanticCustomError(message_id, message_id, {"at": at, **params})


def load(path: Path) -> Template:
    """A template file, validated; ConfigError naming the file, its line and the key."""
    data = read_toml(path, template=True)
    try:
        template = Template.model_validate(data)
    except ValidationError as error:
        source = path.read_text(encoding="utf-8")
        raise first_problem(error, str(path), source=source) from None
    return template.model_copy(update={"path": str(path)})


@cache
def built_in() -> tuple[Template, ...]:
    """The templates shipped with the tool, the generic reader last."""
    templates = [load(path) for path in sorted(BUILT_IN.glob("*.toml"))]
    return tuple(sorted(templates, key=lambda t: t.id == "generic"))


def templates(extra: Iterable[Path] = ()) -> tuple[Template, ...]:
    """The templates a run uses: the user's own first (they win over a built-in one that
    would also recognise the sheet), then the built-in ones."""
    own = tuple(load(path) for path in extra)
    ids = {t.id for t in own}
    return own + tuple(t for t in built_in() if t.id not in ids)
