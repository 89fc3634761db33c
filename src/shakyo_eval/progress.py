"""The progress bar of a run over many files: on stderr, and only where someone watches it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def progress_bar(
    total: int, stream: TextIO, quiet: bool = False
) -> Iterator[Callable[[Path], None]]:
    """A function to call once per file checked. The bar shows only when ``stream`` is a
    terminal, there is more than one file, and the run is not quiet; it is gone when done."""
    if quiet or total < 2 or not stream.isatty():
        yield lambda _path: None
        return
    # imported here: rich takes a tenth of the start-up time, and most runs show no bar
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[last]}", style="dim"),
    )
    console = Console(file=stream)
    # Redrawn when a file is done, not by rich's refresh thread: the PDF reader forks worker
    # processes, and forking while another thread runs is unsafe (so it would read alone).
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("shakyo-eval", total=total, last="")
        progress.refresh()
        yield lambda path: progress.update(task, advance=1, last=path.name, refresh=True)
