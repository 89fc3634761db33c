"""The test renderer writes what the extractor reads: a round trip through the text export."""

from render import render_document
from shakyo_eval.checker import read_document

from conftest import SEED, SEED_CORRECTED
from records import document_view


def test_round_trip_through_the_text_export(tmp_path):
    for source in (SEED, SEED_CORRECTED):
        document = read_document(source)
        path = tmp_path / source.name
        path.write_text(render_document(document), encoding="utf-8")
        again = read_document(path)
        assert document_view(again) == document_view(document)
        assert [s.header.activities.text for s in again.sheets] == [
            s.header.activities.text for s in document.sheets
        ]
