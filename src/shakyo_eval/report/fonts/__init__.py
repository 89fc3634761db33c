"""The Japanese font the HTML report embeds, so that it reads on a machine with none installed.

``ipaexg.ttf`` is IPAexGothic 004.01, unmodified, under the IPA Font License v1.0 (the
agreement ships beside it, as the licence requires of a redistributed copy). A report embeds
only a subset of it: the glyphs of the characters that report itself prints, as a WOFF
``@font-face``. The licence counts such an embedded font as part of the document
(Article 2.5), with no further obligation.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from importlib.resources import files

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "shakyo-eval-gothic"
_FONT = "ipaexg.ttf"


@cache
def _font_bytes() -> bytes:
    return files(__package__).joinpath(_FONT).read_bytes()


def subset_woff(characters: str) -> bytes:
    """A WOFF font with the glyphs of ``characters`` (and the name table, which names the
    licence); WOFF's zlib compression needs nothing outside the standard library."""
    font = TTFont(io.BytesIO(_font_bytes()), lazy=True)
    options = subset.Options()
    options.hinting = False  # the report is read on screens and printers that smooth anyway
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters})
    subsetter.subset(font)
    font.flavor = "woff"
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def font_face(characters: str) -> str:
    """The CSS ``@font-face`` rule that carries the glyphs of ``characters``."""
    data = base64.b64encode(subset_woff(characters)).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";'
        f'src:url(data:font/woff;base64,{data}) format("woff");}}'
    )
