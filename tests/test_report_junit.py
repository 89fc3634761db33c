"""--format junit: one test case per sheet, failed when it has an error-level finding."""

import xml.etree.ElementTree as ET

from shakyo_eval.checker import Options, SheetIgnore, check
from shakyo_eval.report import render

from conftest import SEED, SEED_CORRECTED


def junit(paths, options=None, lang="en") -> ET.Element:
    return ET.fromstring(render(check(paths, options), "junit", lang))


def failed(suite: ET.Element) -> list[str]:
    return [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]


def test_seed_fails_the_sheets_with_errors():
    root = junit([SEED])
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == str(SEED)
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases][:2] == [
        "sheet 1 ボランティア推進事業",
        "sheet 2 支部育成・支部活動助成事業",
    ]
    assert len(cases) == 5 and suite.get("tests") == "5"
    # sheet 1 (SE201), sheet 4 (SE203, SE301) and sheet 5 (SE103, SE301); 2 and 3 have none
    assert failed(suite) == [cases[0].get("name"), cases[3].get("name"), cases[4].get("name")]
    assert (suite.get("failures"), root.get("failures"), root.get("errors")) == ("3", "3", "0")
    sheet4 = cases[3].find("failure")
    assert sheet4.get("type") == "SE203 SE301"
    assert sheet4.text.count("SE203 [error]") == sheet4.text.count("SE301 [error]") == 2
    assert sheet4.get("message").startswith("4 error: ")
    # warnings do not fail a sheet, but they are there to read
    assert cases[1].find("system-out").text.startswith("SE204 [warning] R5")
    assert cases[2].find("system-out").text.startswith("SE404 [warning] R5")


def test_a_repeated_sheet_number_is_a_case_of_its_own(tmp_path):
    three = tmp_path / "three.txt"
    three.write_text("\n".join([SEED.read_text(encoding="utf-8")] * 3), encoding="utf-8")
    (suite,) = junit([three]).findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("15", "9")


def test_corrected_seed_passes_every_sheet():
    (suite,) = junit([SEED_CORRECTED]).findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("5", "0")


def test_an_accepted_error_does_not_fail_its_sheet():
    reason = "fraction agreed with the auditor"
    ignore = SheetIgnore(4, ("SE2", "SE3"), reason)
    (suite,) = junit([SEED], Options(sheet_ignores=[ignore])).iter("testsuite")
    assert suite.get("failures") == "2"
    sheet4 = suite.findall("testcase")[3]
    assert sheet4.find("failure") is None
    assert f"[accepted: {reason}]" in sheet4.find("system-out").text


def test_an_unreadable_file_is_an_error_case(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("会議メモ\t2024年\n", encoding="utf-8")
    root = junit([notes, SEED])
    bad, good = root.findall("testsuite")
    (case,) = bad.findall("testcase")
    assert "no evaluation sheet" in case.find("error").get("message")
    assert (bad.get("errors"), good.get("failures")) == ("1", "3")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "3", "1")
