"""The fuzzing harness in `make test`: every reproducer fuzzing found, replayed, and a short
smoke of mutated samples over every target (the long run is `make fuzz`)."""

import random

import pytest

import harness

TARGETS = harness.targets()
# inputs per target: a few seconds in all
SMOKE_INPUTS = 12


@pytest.fixture(scope="module")
def workspace():
    folder = harness.Workspace()
    yield folder.path
    folder.close()


def test_every_extractor_of_the_registry_is_a_target():
    from shakyo_eval.extract import EXTRACTORS

    assert {m.rsplit(".", 1)[-1] for m in EXTRACTORS} | {"check"} == set(TARGETS)
    for name in TARGETS:
        assert harness.seeds(name, corpus=False), name


@pytest.mark.parametrize(
    "name, reproducer",
    [(name, path) for name in TARGETS for path in harness.regressions(name)],
    ids=lambda value: getattr(value, "name", value),
)
def test_what_fuzzing_found_stays_fixed(name, reproducer, workspace):
    TARGETS[name](reproducer.read_bytes(), workspace)


@pytest.mark.parametrize("name", TARGETS)
def test_smoke(name, workspace):
    pool = harness.seeds(name, corpus=False)
    rng = random.Random(f"smoke-{name}")
    for _ in range(SMOKE_INPUTS):
        TARGETS[name](harness.mutate(rng.choice(pool), rng, pool), workspace)
