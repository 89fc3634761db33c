"""--format github: one workflow command per finding, escaped as the Actions toolkit does."""

import re

from shakyo_eval.checker import Options, SheetIgnore, check
from shakyo_eval.report import render

from conftest import ROOT, SEED

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line as GitHub reads it: the command, its properties, the message."""
    commands = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, line
        name, properties, message = match.groups()
        pairs = dict(pair.split("=", 1) for pair in properties.split(","))
        commands.append((name, {k: unescape(v) for k, v in pairs.items()}, unescape(message)))
    return commands


def test_seed_annotations_parse_one_per_finding():
    report = check([SEED])
    commands = parse(render(report, "github", "en", root=ROOT))
    (document,) = report.documents
    assert len(commands) == len(document.all_findings()) == 17
    names = [c[0] for c in commands]
    assert (names.count("error"), names.count("warning"), names.count("notice")) == (8, 7, 2)
    name, properties, message = next(c for c in commands if c[1]["title"].startswith("SE103"))
    assert name == "error"
    assert properties == {
        "file": "samples/seed.txt",
        "line": "221",
        "title": "SE103 sheet 5 重層的支援体制整備事業 R4",
    }
    assert "688,670" in message and "a dropped digit" in message


def test_properties_and_messages_are_escaped(tmp_path):
    odd = tmp_path / "100%, part: 2.txt"
    odd.write_bytes(SEED.read_bytes())
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\xff\xfe garbage")
    output = render(check([odd, broken]), "github", "ja", root=tmp_path)
    assert "\r" not in output and output.count("\n") == len(output.splitlines())
    commands = parse(output)
    assert {c[1]["file"] for c in commands} == {"100%, part: 2.txt", "broken.txt"}
    unreadable = next(c for c in commands if c[1]["file"] == "broken.txt")
    assert unreadable[0] == "error" and "バイナリ" in unreadable[2]


def test_accepted_findings_become_notices_with_their_reason():
    reason = "比率は小数で公表する方針（監査済み）"
    report = check([SEED], Options(sheet_ignores=[SheetIgnore(4, ("SE203",), reason)]))
    commands = parse(render(report, "github", "ja", root=ROOT))
    accepted = [c for c in commands if c[1]["title"].startswith("SE203")]
    assert [c[0] for c in accepted] == ["notice", "notice"]
    assert all(reason in c[2] for c in accepted)
