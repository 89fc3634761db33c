"""A long PDF's pages read by several processes at once, the rows still coming in page order.

The pages are cut into chunks; worker ``w`` of ``n`` reads chunks ``w``, ``w + n``, … with its
own copy of the document, through the same reader and cell finder as sequential reading, and
sends each chunk's rows through its own pipe. The main process takes the chunks in turn from
the pipes, so it yields exactly the rows sequential reading yields, and assembles them while
the workers read on. A pipe holds about one chunk: a worker that is ahead waits, so memory
stays flat in every process.

Workers are forked (Linux only), and only from a process that runs no other thread (a fork
could catch one holding a lock): they start in milliseconds with every module imported.
They ignore Ctrl-C; the main process ends them whenever it stops reading (the last chunk, an
error, Ctrl-C, an assembler that stops early), and a worker whose main process is gone fails
on its next send and exits.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Generator
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

from shakyo_eval.extract.pdf.cells import PlainRows, grid_rows, plain_rows
from shakyo_eval.grid import ExtractError, Row

CHUNK = 8  # pages per message
# Fewer pages than two chunks leave nothing to share (measured: from 12 pages on, two
# processes are already a little faster than one).
MIN_PAGES = 2 * CHUNK
# A worker reads a page in about 4 ms, the main process assembles and checks it in about
# 1.4 ms (measured on the benchmark's sheets): beyond three or four workers, the main
# process is what everyone waits for.
MAX_WORKERS = 4

# A chunk as sent: each page's number and rows as plain values (pickling the grid's pydantic
# Locations would cost more than making them anew, here).
Chunk = list[tuple[int, PlainRows]]


def worker_count(pages: int, wanted: int | None = None) -> int:
    """How many processes should read ``pages`` pages: ``wanted`` (from the environment), or
    one per processor up to :data:`MAX_WORKERS`; 1 means sequentially, in this process."""
    if not sys.platform.startswith("linux") or pages < MIN_PAGES:
        return 1
    if threading.active_count() > 1:  # forking a process that runs threads can deadlock
        return 1
    if multiprocessing.current_process().daemon:  # (a pool's worker) may not start processes
        return 1
    wanted = wanted or min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    return min(wanted, math.ceil(pages / CHUNK))


def read_pages(
    reader: ModuleType, path: Path, password: str | None, pages: int, workers: int
) -> Generator[tuple[list[Row], int]]:
    """Each chunk's rows and its count of text runs, in page order."""
    chunks = [(start, min(start + CHUNK, pages)) for start in range(0, pages, CHUNK)]
    context = multiprocessing.get_context("fork")
    pipes = [context.Pipe(duplex=False) for _ in range(workers)]
    processes = []
    try:
        for index, (_, writer) in enumerate(pipes):
            # a worker closes every pipe end but its own writer, so that each pipe breaks
            # as soon as its one reader (here) or its one writer is gone
            others = [end for pipe in pipes for end in pipe if end is not writer]
            process = context.Process(
                target=_work,
                args=(reader, path, password, chunks[index::workers], writer, others),
                name=f"shakyo-eval pages {index + 1}/{workers}",
                daemon=True,
            )
            process.start()
            processes.append(process)
        for _, writer in pipes:
            writer.close()
        for index in range(len(chunks)):
            reader_end = pipes[index % workers][0]
            try:
                pages, text_runs, error = reader_end.recv()
            except EOFError:
                raise ExtractError("pdf.worker_died") from None
            yield [row for number, plain in pages for row in grid_rows(plain, number)], text_runs
            if error is not None:
                message_id, params = error
                raise ExtractError(message_id, **params)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for reader_end, _ in pipes:
            reader_end.close()


def _work(
    reader: ModuleType,
    path: Path,
    password: str | None,
    chunks: list[tuple[int, int]],
    writer: Connection,
    others: list[Connection],
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in others:
        end.close()
    pages: Chunk = []
    text_runs = 0
    try:
        document = reader.Document(path, password)
        try:
            for start, stop in chunks:
                pages, text_runs = [], 0
                for page in document.pages(start, stop):
                    text_runs += len(page.runs)
                    pages.append((page.number, plain_rows(page)))
                writer.send((pages, text_runs, None))
        finally:
            document.close()
    except BrokenPipeError:
        pass  # the main process is gone
    except Exception as error:
        # the rows before the failing page first, as sequential reading yields them
        with contextlib.suppress(OSError):  # (unless the main process is gone)
            writer.send((pages, text_runs, _portable(error)))
    finally:
        writer.close()


def _portable(error: Exception) -> tuple[str, dict[str, Any]]:
    """The error as the main process can receive it and raise again: its message and
    parameters (those that do not pickle as their text). A reader's bug comes as the
    ``unexpected`` error the checker makes of it when reading in one process."""
    if not isinstance(error, ExtractError):
        return "unexpected", {"kind": type(error).__name__, "detail": str(error)}
    params = {}
    for name, value in error.params.items():
        try:
            pickle.dumps(value)
        except Exception:
            value = str(value)
        params[name] = value
    return error.message_id, params
