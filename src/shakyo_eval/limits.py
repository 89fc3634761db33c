"""Limits on hostile files. Beyond any of them a file is refused with one line (exit code 2)
and the run goes on with the next file: a file that would take the machine's memory, or
hours, is no sheet an auditor needs checked.

Each limit is far above what a real document needs (measured on the samples and the corpus
of foreign PDFs: at most 1,644 objects and 9,880 characters on a page, a few MB of content).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from shakyo_eval.grid import ExtractError

# A city's yearly set is 50 to 200 sheets of one or two pages.
MAX_PAGES = 10_000
# Objects drawn on one page (those inside form XObjects counted too: a form drawn many
# times, each drawing forms, grows exponentially) and characters of its text.
MAX_PAGE_OBJECTS = 100_000
MAX_PAGE_CHARS = 200_000
# What one stream of a PDF may decompress to (a page's content, a font), and all of them
# together: a few kilobytes of zip bomb decompress to gigabytes.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECODED_BYTES = 1024 * 1024 * 1024
# What a workbook, or a zip of CSV files, may decompress to: all its parts together.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
# A text export or an HTML page (read whole): a 200-sheet page is about 2 MB. A PDF.
MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024
MAX_PDF_FILE_BYTES = 1024 * 1024 * 1024
# Elements inside elements (real pages nest a few dozen deep).
MAX_HTML_DEPTH = 256
# The text of one cell (the longest 実施内容 of the samples is under 1,000 characters).
MAX_CELL_CHARS = 100_000
# Seconds to read and check one file (config key ``timeout``, option ``--timeout``; 0: none).
DEFAULT_TIMEOUT = 60.0


def check(value: int, limit: int, message_id: str, **params) -> None:
    """ExtractError ``message_id`` when ``value`` is beyond ``limit``."""
    if value > limit:
        raise ExtractError(message_id, value=value, limit=limit, **params)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raises ``ExtractError("limit.time")`` in the block once it has run ``seconds``.

    A wall-clock timer (SIGALRM) interrupts the Python code wherever it is; PDFium's own
    calls are bounded by the size limits above. It needs the main thread and a SIGALRM that
    nobody else uses: elsewhere (a thread, Windows, a fuzzer's own timer) there is no limit.
    """
    if not seconds or not _alarm_free():
        yield
        return

    def expire(_signum, _frame):
        raise ExtractError("limit.time", seconds=f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alarm_free() -> bool:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return False
    # None: a handler installed outside Python (it could not be put back); a running timer:
    # someone else's
    handler = signal.getsignal(signal.SIGALRM)
    return (
        handler in (signal.SIG_DFL, signal.SIG_IGN) and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
