"""The answer sets the bake tier bakes: curated sets plus every pair of values."""

import itertools

from matrix import (
    BAKE_TIER_SETS,
    PRE_GEN,
    allowed_pairs,
    covering_array,
    curated_sets,
    needs_redis,
    option_values,
    pairs_of,
    refused,
)


def test_every_allowed_pair_of_option_values_is_baked():
    """Each pair of two options' values that the hook accepts appears in a bake."""
    allowed = allowed_pairs(option_values())
    assert ("database", "none", "use_jwt", False) in allowed
    assert ("database", "none", "use_jwt", True) not in allowed
    baked = set().union(*map(pairs_of, BAKE_TIER_SETS))
    assert not allowed - baked


def test_each_ci_and_compose_file_meets_every_mix_of_services():
    """GitHub, GitLab and compose files are baked with each database, with and
    without Redis: the three answers that decide the services they start."""
    for ci, database, redis in itertools.product(
        ["github", "gitlab"], option_values()["database"], [False, True]
    ):
        assert [
            answers
            for answers in BAKE_TIER_SETS
            if (answers["ci"], answers["database"], needs_redis(answers))
            == (ci, database, redis)
            and answers["use_docker"]
        ], (ci, database, redis)


def test_every_option_value_is_baked():
    """Each value of each option appears in at least one bake."""
    for name, values in option_values().items():
        assert {answers[name] for answers in BAKE_TIER_SETS} == set(values), name


def test_no_baked_set_is_one_the_hook_refuses():
    """The refused combinations are the hook's own table, and none is baked."""
    assert PRE_GEN.REFUSED
    assert not refused({})
    for conflict, _ in PRE_GEN.REFUSED:
        assert refused(conflict)
        assert not [a for a in BAKE_TIER_SETS if conflict.items() <= a.items()]


def test_the_curated_sets_come_first():
    """Defaults, everything off, everything on per database, each switch alone."""
    names = set(curated_sets())
    databases = option_values()["database"]
    assert {"defaults", "everything-off"} <= names
    assert {f"everything-on-{database}" for database in databases} <= names
    switches = [name for name, values in option_values().items() if True in values]
    assert {f"{name}-alone" for name in switches} <= names
    assert curated_sets()["use_jwt-alone"]["database"] != "none"
    assert BAKE_TIER_SETS[0] == {k: v[0] for k, v in option_values().items()}
    unique = {tuple(sorted(answers.items())) for answers in BAKE_TIER_SETS}
    assert len(unique) == len(BAKE_TIER_SETS)


def test_a_new_option_adds_a_few_bakes_instead_of_doubling_them():
    """Another yes/no or three-way option grows the array by a handful of sets."""
    values = option_values()
    base = len(covering_array(values, []))
    with_switch = covering_array(values | {"use_extra": [False, True]}, [])
    with_choice = covering_array(values | {"extra": ["a", "b", "c"]}, [])
    assert len(with_switch) <= base + 4
    assert len(with_choice) <= base + 6


def test_the_array_covers_pairs_under_a_constraint_and_is_deterministic():
    """A small space with a refused pair: every other pair covered, same result twice."""
    values = {"database": ["sqlite", "none"], "use_jwt": [True, False], "x": [1, 2]}
    first = covering_array(values, [])
    assert first == covering_array(values, [])
    assert not [answers for answers in first if refused(answers)]
    covered = set().union(*map(pairs_of, first))
    assert covered == {
        ("database", "sqlite", "use_jwt", True),
        ("database", "sqlite", "use_jwt", False),
        ("database", "none", "use_jwt", False),
        ("database", "sqlite", "x", 1),
        ("database", "sqlite", "x", 2),
        ("database", "none", "x", 1),
        ("database", "none", "x", 2),
        ("use_jwt", True, "x", 1),
        ("use_jwt", True, "x", 2),
        ("use_jwt", False, "x", 1),
        ("use_jwt", False, "x", 2),
    }
