"""A run over folders: every readable file checked, every bad one named, exit code 2."""

import io
import json
from pathlib import Path

import pytest

from shakyo_eval.checker import check, documents_in
from shakyo_eval.extract import SUPPORTED_SUFFIXES
from shakyo_eval.progress import progress_bar

from conftest import SEED, SEED_CORRECTED


@pytest.fixture
def inbox(tmp_path):
    """A folder of incoming documents: two good ones (one in a subfolder), a corrupt file,
    a text file that holds no sheet, and files the walk must pass over."""
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "corrected.txt").write_bytes(SEED_CORRECTED.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x00\xff\xfe\x00 not text at all")
    (tmp_path / "notes.txt").write_text("会議メモ\t2024年\n出席者\t5名\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# inbox\n")  # not a suffix we read
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "seed.txt").write_bytes(SEED.read_bytes())  # hidden: skipped
    return tmp_path


def test_documents_in_walks_folders_sorted_by_the_registry_suffixes(inbox):
    files = documents_in([inbox])
    assert [f.relative_to(inbox).as_posix() for f in files] == [
        "2024/seed.txt",
        "broken.txt",
        "corrected.txt",
        "notes.txt",
    ]
    assert all(f.suffix in SUPPORTED_SUFFIXES for f in files)
    # a file named on the command line is checked whatever it is, and order is kept
    assert documents_in([inbox / "README.md", inbox / "2024"]) == [
        inbox / "README.md",
        inbox / "2024" / "seed.txt",
    ]


def test_check_from_python_walks_a_folder_too(inbox):
    report = check([inbox])
    assert [Path(d.path).name for d in report.documents] == [
        "seed.txt",
        "broken.txt",
        "corrected.txt",
        "notes.txt",
    ]
    assert report.exit_code() == 2


def test_batch_reports_every_good_file_and_names_the_bad_ones(run, inbox):
    result = run("check", inbox, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    documents = {d["path"].removeprefix(f"{inbox}/"): d for d in data["documents"]}
    assert list(documents) == ["2024/seed.txt", "broken.txt", "corrected.txt", "notes.txt"]
    seed = documents["2024/seed.txt"]
    assert seed["error"] is None and seed["sheets"] == 5
    assert {f["rule"] for f in seed["findings"]} >= {"SE103", "SE201", "SE203"}
    assert documents["corrected.txt"]["error"] is None
    assert documents["corrected.txt"]["findings"] == []
    assert "バイナリ" in documents["broken.txt"]["error"]
    assert "事務事業評価表が見つかりません" in documents["notes.txt"]["error"]
    assert data["summary"] | {"errors": 8, "sheets": 10, "documents": 4} == data["summary"]
    # each bad file: one line on stderr with its reason; no progress bar off a terminal
    assert sorted(result.stderr.strip().split("\n")) == [
        f"shakyo-eval: {inbox / 'broken.txt'}: {documents['broken.txt']['error']}",
        f"shakyo-eval: {inbox / 'notes.txt'}: {documents['notes.txt']['error']}",
    ]


def test_batch_in_every_format_still_shows_the_good_files(run, inbox):
    for output_format in ("terminal", "markdown", "github", "junit", "sarif"):
        result = run("check", inbox, "--format", output_format, "--lang", "en")
        assert result.exit_code == 2, output_format
        assert "688,670" in result.stdout, output_format
        assert "binary" in result.stdout, output_format


def test_a_folder_with_nothing_to_read(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", tmp_path / "empty", SEED, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"shakyo-eval: {tmp_path / 'empty'}: folder holds no {'/'.join(SUPPORTED_SUFFIXES)} file"
    )
    assert "688,670" in result.stdout


@pytest.mark.skipif(".pdf" not in SUPPORTED_SUFFIXES, reason="no PDF reader registered")
def test_a_truncated_pdf_counts_as_unreadable(run, inbox):
    (inbox / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    result = run("check", inbox, "--format", "json")
    assert result.exit_code == 2
    documents = {d["path"]: d for d in json.loads(result.stdout)["documents"]}
    assert documents[str(inbox / "cut.pdf")]["error"]
    assert documents[str(inbox / "2024" / "seed.txt")]["error"] is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_with_many_files_and_not_quiet():
    files = [SEED, SEED_CORRECTED, SEED]
    terminal = Terminal()
    with progress_bar(len(files), terminal) as advance:
        for path in files:
            advance(path)
    assert "shakyo-eval" in terminal.getvalue() and "3/3" in terminal.getvalue()
    for total, stream, quiet in (
        (3, io.StringIO(), False),
        (3, Terminal(), True),
        (1, Terminal(), False),
    ):
        with progress_bar(total, stream, quiet) as advance:
            for path in files[:total]:
                advance(path)
        assert stream.getvalue() == "", (total, quiet)
