"""``make fuzz SECONDS=600``: every target of harness.py fuzzed in turn, the time shared.

With atheris (libFuzzer for Python: coverage-guided mutation), each target runs in a
process of its own, seeded with every sample and the corpus files; libFuzzer's timer calls an
input that runs longer than ``--hang`` seconds a hang and its memory limit an input beyond
``--rss-mb`` a blow-up. Where atheris does not install, a plain mutation loop does the same
(harness.mutate, a wall-clock alarm, an address-space limit). Either way every input that
breaks the rule is written to ``tests/fuzz/regressions/<target>/`` (``crash-…``,
``timeout-…``, ``oom-…``), where ``make test`` replays it: each one found is a failing
regression test until it is fixed.

At the end: per target the inputs run, what was found, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import random
import re
import resource
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

KINDS = ("crash", "timeout", "oom")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="in all, shared by targets")
    parser.add_argument("--targets", help="comma-separated (default: every target)")
    parser.add_argument("--hang", type=int, default=30, help="seconds that make an input a hang")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory that is a blow-up")
    parser.add_argument("--plain", action="store_true", help="the plain loop even with atheris")
    parser.add_argument(
        "--work", type=Path, default=HERE.parents[1] / ".fuzz", help=argparse.SUPPRESS
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one target under atheris
    args, rest = parser.parse_known_args()
    if args.child:
        return _atheris_child(args.child, rest)

    import harness

    names = args.targets.split(",") if args.targets else list(harness.targets())
    plain = args.plain or not _has_atheris()
    engine = "plain mutation loop" if plain else "atheris (libFuzzer)"
    print(f"fuzzing {', '.join(names)} for {args.seconds:g} s with {engine}", flush=True)
    results = []
    for index, name in enumerate(names):
        seconds = args.seconds / len(names)
        before = _found(harness, name)
        started = time.monotonic()
        if plain:
            runs, peak = _plain(harness, name, seconds, args.hang, args.rss_mb)
        else:
            runs, peak = _atheris(name, seconds, args, index)
        new = sorted(set(_found(harness, name)) - set(before))
        results.append((name, runs, time.monotonic() - started, new, peak))
    return _summary(results)


def _found(harness, name: str) -> list[str]:
    return [p.name for p in harness.regressions(name)]


def _summary(results) -> int:
    print("\ntarget      inputs    seconds  crashes  hangs  memory  peak RSS")
    totals = dict.fromkeys(KINDS, 0)
    for name, runs, seconds, new, peak in results:
        counts = {kind: sum(n.startswith(kind) for n in new) for kind in KINDS}
        for kind in KINDS:
            totals[kind] += counts[kind]
        print(
            f"{name:<10} {runs:>7} {seconds:>10.0f} {counts['crash']:>8} {counts['timeout']:>6}"
            f" {counts['oom']:>7} {peak / 1024:>6.0f} MB"
        )
        for found in new:
            print(f"  new reproducer: tests/fuzz/regressions/{name}/{found}")
    peak = max((r[4] for r in results), default=0)
    print(
        f"\n{totals['crash']} crashes, {totals['timeout']} hangs, {totals['oom']} memory"
        f" blow-ups; peak memory {peak / 1024:.0f} MB"
    )
    return 1 if any(totals.values()) else 0


def _has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


# --- atheris ---------------------------------------------------------------------------------


def _atheris(name: str, seconds: float, args, index: int) -> tuple[int, int]:
    """Runs the target in child processes (libFuzzer stops at the first crash: the next child
    goes on with the time left); the inputs run and the peak RSS of the children (KB)."""
    import harness

    corpus = args.work / name
    if not corpus.is_dir():  # the corpus grows from run to run; seeds are added once
        corpus.mkdir(parents=True)
        for seed in harness.seeds(name):
            (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    artifacts = harness.REGRESSIONS / name
    artifacts.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + seconds
    runs = 0
    while (left := deadline - time.monotonic()) > 5:
        command = [
            sys.executable,
            __file__,
            f"--child={name}",
            str(corpus),
            f"-max_total_time={int(left)}",
            f"-timeout={args.hang}",
            f"-rss_limit_mb={args.rss_mb}",
            f"-artifact_prefix={artifacts}/",
            f"-seed={index + 1 + runs}",
            "-len_control=0",  # whole files at once, not first a few hundred bytes of each
            "-print_final_stats=1",
        ]
        child = subprocess.run(command, capture_output=True, text=True, errors="replace")
        log = child.stderr
        (args.work / f"{name}.log").write_text(log)
        runs += sum(int(n) for n in re.findall(r"stat::number_of_executed_units:\s+(\d+)", log))
        if child.returncode == 0:
            break
        print(f"  {name}: the fuzzer stopped (exit {child.returncode}); going on", flush=True)
        print("    " + "\n    ".join(log.strip().splitlines()[-12:]), flush=True)
    return runs, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _atheris_child(name: str, libfuzzer_args: list[str]) -> int:
    import atheris

    with atheris.instrument_imports(include=["shakyo_eval"]):
        # modules imported later, when first needed, would stay uninstrumented (no coverage)
        from shakyo_eval.extract.pdf import READERS

        import harness

        for module in [*harness.EXTRACTORS, *harness.FORMATS.values(), *READERS.values()]:
            importlib.import_module(module)

    target = harness.targets()[name]
    workspace = harness.Workspace()

    def one_input(data: bytes) -> None:
        target(data, workspace.path)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()
    return 0


# --- the plain loop --------------------------------------------------------------------------


class _Hang(BaseException):
    pass


def _plain(harness, name: str, seconds: float, hang: int, rss_mb: int) -> tuple[int, int]:
    """Mutates the seeds in this process until ``seconds`` have passed; the inputs run and the
    peak RSS (KB)."""
    limits = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (rss_mb * 1024 * 1024, limits[1]))
    target = harness.targets()[name]
    pool = harness.seeds(name)
    rng = random.Random(name)
    workspace = harness.Workspace()

    def expire(_signum, _frame):
        raise _Hang

    signal.signal(signal.SIGALRM, expire)
    deadline = time.monotonic() + seconds
    runs = 0
    try:
        while time.monotonic() < deadline:
            data = harness.mutate(rng.choice(pool), rng, pool)
            runs += 1
            signal.alarm(hang)
            try:
                target(data, workspace.path)
            except _Hang:
                _reproducer(harness, name, "timeout", data)
            except MemoryError:
                _reproducer(harness, name, "oom", data)
            except Exception:
                _reproducer(harness, name, "crash", data)
                traceback.print_exc(limit=-3)
            finally:
                signal.alarm(0)
    finally:
        workspace.close()
        resource.setrlimit(resource.RLIMIT_AS, limits)
    return runs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reproducer(harness, name: str, kind: str, data: bytes) -> None:
    folder = harness.REGRESSIONS / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}-{hashlib.sha1(data).hexdigest()}").write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
