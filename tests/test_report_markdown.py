"""--format markdown: a table per document that holds every finding."""

from shakyo_eval.checker import Options, SheetIgnore, check
from shakyo_eval.report import render
from shakyo_eval.report.markdown import cell

from conftest import SEED, SEED_CORRECTED


def rows(markdown: str) -> list[list[str]]:
    """The body rows of the tables, split into cells (escaped pipes kept inside a cell)."""
    body: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("| ---"):
            body.pop()  # the header row above the separator
        elif line.startswith("| "):
            body.append(line)
    return [
        [c.strip().replace("\0", "|") for c in line[2:-2].replace("\\|", "\0").split(" | ")]
        for line in body
    ]


def test_seed_table_holds_every_finding():
    report = check([SEED])
    markdown = render(report, "markdown", "en")
    assert markdown.startswith(f"## {SEED} (text, 5 sheets)\n")
    table = rows(markdown)
    (document,) = report.documents
    findings = document.all_findings()
    assert len(table) == len(findings) == 17
    for row, finding in zip(table, findings, strict=True):
        assert row[1].removeprefix("↳ ") == finding.rule
        assert row[7] == f"[{finding.severity.value}] {finding.text('en')}"
        assert len(row) == 9
    se103 = next(row for row in table if row[1] == "SE103")
    assert se103[:7] == [
        "sheet 5 重層的支援体制整備事業",
        "SE103",
        "R4",
        "contract staff cost",
        "688,670",
        "6,886,700",
        "-6,198,030",
    ]
    assert se103[8] == "L221"
    assert "↳ SE205" in [row[1] for row in table]
    assert markdown.rstrip().endswith("**1 documents, 5 sheets: 8 errors, 6 warnings, 1 infos**")


def test_clean_and_unreadable_documents(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\xff\xfe garbage")
    markdown = render(check([SEED_CORRECTED, broken]), "markdown", "ja")
    assert "問題は見つかりませんでした" in markdown
    assert f"## {broken}\n\n**読めません**: " in markdown


def test_accepted_rows_are_marked_with_the_reason():
    reason = "the | council's choice"
    report = check([SEED], Options(sheet_ignores=[SheetIgnore(5, ("SE103",), reason)]))
    table = rows(render(report, "markdown", "en"))
    # the cell's finding that still counts (SE405, a warning) now heads it
    se405 = table.index(next(row for row in table if row[1] == "SE405"))
    se103 = table[se405 + 1]
    assert se103[1] == "↳ SE103"
    assert se103[7].startswith("[error] contract staff cost 688,670")
    assert se103[7].endswith(f"[accepted: {reason}]")


def test_cells_stay_in_their_cell():
    assert cell("a|b\nc\\d") == "a\\|b<br>c\\\\d"
