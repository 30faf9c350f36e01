"""Tests for roble_sql.graph: order, heads, targets and upgrade/downgrade/stamp plans."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from roble_sql.errors import RevisionFileError, UsageError, exit_code_for
from roble_sql.graph import BASE, HEAD, Edge, RevisionGraph, Target, dangling_depends, parse_target

Pairs = list[tuple[str, Sequence[str]]]

LINEAR: Pairs = [("a1_init", []), ("b2_colors", ["a1_init"]), ("c3_sizes", ["b2_colors"])]

#   a1_init <- b2_left  <- d4_merge   (d4_merge depends on b2_left and c3_right)
#   a1_init <- c3_right <- d4_merge
#              b2_left  <- e5_extra   (so there are two heads: d4_merge and e5_extra)
BRANCHED: Pairs = [
    ("a1_init", []),
    ("b2_left", ["a1_init"]),
    ("c3_right", ["a1_init"]),
    ("d4_merge", ["b2_left", "c3_right"]),
    ("e5_extra", ["b2_left"]),
]


def _graph(pairs: Pairs) -> RevisionGraph:
    return RevisionGraph.from_pairs(pairs)


# --- order and shape ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "order"),
    [
        ([], []),
        (LINEAR, ["a1_init", "b2_colors", "c3_sizes"]),
        # input order need not be dependency order
        ([("c", ["b"]), ("b", ["a"]), ("a", [])], ["a", "b", "c"]),
        # independent revisions keep the input order, not alphabetical order
        ([("z", []), ("m", []), ("a", [])], ["z", "m", "a"]),
        # ties between ready branches are broken by input position
        ([("a", []), ("y", ["a"]), ("x", ["a"]), ("m", ["x", "y"])], ["a", "y", "x", "m"]),
        ([("a", []), ("c", ["b"]), ("b", ["a"]), ("d", ["a"])], ["a", "b", "c", "d"]),
        (BRANCHED, ["a1_init", "b2_left", "c3_right", "d4_merge", "e5_extra"]),
        # a repeated dependency counts once
        ([("a", []), ("b", ["a", "a"])], ["a", "b"]),
    ],
)
def test_order(pairs: Pairs, order: list[str]) -> None:
    graph = _graph(pairs)
    assert graph.order() == order
    assert len(graph) == len(order)


def test_order_is_a_copy() -> None:
    graph = _graph(LINEAR)
    graph.order().clear()
    assert graph.order() == ["a1_init", "b2_colors", "c3_sizes"]


@pytest.mark.parametrize(
    ("pairs", "heads"),
    [
        ([], []),
        (LINEAR, ["c3_sizes"]),
        (BRANCHED, ["d4_merge", "e5_extra"]),
        ([("a", []), ("b", [])], ["a", "b"]),
    ],
)
def test_heads(pairs: Pairs, heads: list[str]) -> None:
    assert _graph(pairs).heads() == heads


def test_membership_depends_children() -> None:
    graph = _graph(BRANCHED)
    assert "b2_left" in graph
    assert "b2" not in graph
    assert graph.depends("d4_merge") == ("b2_left", "c3_right")
    assert graph.children("a1_init") == ("b2_left", "c3_right")
    assert graph.children("b2_left") == ("d4_merge", "e5_extra")
    assert graph.children("d4_merge") == ()


@pytest.mark.parametrize(
    ("revision", "ancestors", "descendants"),
    [
        ("a1_init", set(), {"b2_left", "c3_right", "d4_merge", "e5_extra"}),
        ("b2_left", {"a1_init"}, {"d4_merge", "e5_extra"}),
        ("c3_right", {"a1_init"}, {"d4_merge"}),
        ("d4_merge", {"a1_init", "b2_left", "c3_right"}, set()),
        ("e5_extra", {"a1_init", "b2_left"}, set()),
    ],
)
def test_ancestors_and_descendants(
    revision: str, ancestors: set[str], descendants: set[str]
) -> None:
    graph = _graph(BRANCHED)
    assert graph.ancestors(revision) == ancestors
    assert graph.descendants(revision) == descendants


# --- invalid graphs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "where", "missing", "hint"),
    [
        (
            [("a1_init", []), ("b2_x", ["zz_gone"])],
            "b2_x",
            "zz_gone",
            "fix the id, or restore the missing revision file",
        ),
        # a short id is not enough in '-- depends:'; the hint gives the full one
        (
            [("a1_init", []), ("b2_x", ["a1"])],
            "b2_x",
            "a1",
            "write the full id: '-- depends: a1_init'",
        ),
    ],
)
def test_unknown_dependency(pairs: Pairs, where: str, missing: str, hint: str) -> None:
    with pytest.raises(RevisionFileError) as info:
        _graph(pairs)
    assert info.value.where == where
    assert info.value.message == (
        f"'-- depends: {missing}' names no revision in the migrations folder"
    )
    assert info.value.hint == hint
    assert exit_code_for(info.value) == 1


@pytest.mark.parametrize(
    ("pairs", "cycle"),
    [
        ([("a", ["a"])], "a -> a"),
        ([("a", ["b"]), ("b", ["a"])], "a -> b -> a"),
        ([("a", ["c"]), ("b", ["a"]), ("c", ["b"])], "a -> c -> b -> a"),
        # a revision that merely depends on the cycle is not named in it
        ([("root", []), ("x", ["a"]), ("a", ["b"]), ("b", ["a", "root"])], "a -> b -> a"),
    ],
)
def test_cycles(pairs: Pairs, cycle: str) -> None:
    with pytest.raises(RevisionFileError) as info:
        _graph(pairs)
    assert info.value.message == f"revisions depend on each other in a cycle: {cycle}"
    assert info.value.where == cycle.split(" -> ")[0]


# --- resolving targets ---------------------------------------------------------------------


RESOLVABLE: Pairs = [
    ("5aa5020316c5_create_colors", []),
    ("5ab0000000ff_add_sizes", ["5aa5020316c5_create_colors"]),
    ("abc", ["5ab0000000ff_add_sizes"]),
    ("abc1_more", ["abc"]),
]


@pytest.mark.parametrize(
    ("target", "resolved"),
    [
        ("5aa5020316c5_create_colors", "5aa5020316c5_create_colors"),
        ("5aa5020316c5", "5aa5020316c5_create_colors"),  # the id part before '_'
        ("5aa5", "5aa5020316c5_create_colors"),  # a unique prefix of 4 characters
        ("5ab0", "5ab0000000ff_add_sizes"),
        ("5aa5020316c5_cr", "5aa5020316c5_create_colors"),
        # an exact id part wins over longer ids that start with it
        ("abc", "abc"),
        ("abc1", "abc1_more"),
        (HEAD, "abc1_more"),
    ],
)
def test_lookup(target: str, resolved: str) -> None:
    assert _graph(RESOLVABLE).lookup(target) == resolved


def test_id_part_wins_over_prefix() -> None:
    graph = _graph([("ab_first", []), ("abc_second", ["ab_first"])])
    assert graph.lookup("ab") == "ab_first"


def test_lookup_ambiguous_prefix_lists_candidates() -> None:
    graph = _graph([("5aa50_a", []), ("5aa51_b", ["5aa50_a"])])
    with pytest.raises(UsageError) as info:
        graph.lookup("5aa5")
    assert info.value.message == "revision '5aa5' is ambiguous: 5aa50_a, 5aa51_b"
    assert exit_code_for(info.value) == 2


@pytest.mark.parametrize("short", ["5", "5a", "5aa"])
def test_a_prefix_needs_four_characters(short: str) -> None:
    with pytest.raises(UsageError) as info:
        _graph(RESOLVABLE).lookup(short)
    assert info.value.message == f"'{short}' is too short to name a revision"
    assert exit_code_for(info.value) == 2


def test_yoyo_names_sharing_a_date_resolve_by_a_longer_prefix() -> None:
    graph = _graph(
        [
            ("20261201_01_gonsK-create-colors-table", []),
            ("20261201_02_Hk3aP-create-roles-table", ["20261201_01_gonsK-create-colors-table"]),
        ]
    )
    with pytest.raises(UsageError) as info:
        graph.lookup("20261201")
    assert "20261201_01_gonsK-create-colors-table, 20261201_02_Hk3aP" in info.value.message
    assert graph.lookup("20261201_02") == "20261201_02_Hk3aP-create-roles-table"


def test_alembic_target_forms() -> None:
    graph = _graph([("a1_x", []), ("b2_y", ["a1_x"]), ("c3_z", ["b2_y"])])
    assert parse_target(graph, None, relative="+") == Target()
    assert parse_target(graph, "heads", relative="+") == Target()
    assert parse_target(graph, "base", relative="-") == Target(BASE)
    assert parse_target(graph, "+2", relative="+") == Target(steps=2)
    assert parse_target(graph, "-1", relative="-") == Target(steps=1)
    assert parse_target(graph, "head", relative="+") == Target("c3_z")
    with pytest.raises(UsageError):
        parse_target(graph, "-1", relative="+")
    assert graph.plan_upgrade(set(), steps=2) == ["a1_x", "b2_y"]
    assert graph.plan_upgrade({"a1_x"}, steps=5) == ["b2_y", "c3_z"]
    applied = ["a1_x", "b2_y", "c3_z"]
    assert graph.plan_downgrade(set(applied), None, applied, steps=2) == ["c3_z", "b2_y"]


def test_graph_lines_mark_heads_branch_and_merge_points() -> None:
    graph = _graph([("a", []), ("b", ["a"]), ("c", ["a"]), ("d", ["b", "c"])])
    rendered = [line.as_text() for line in graph.graph_lines({"d": "join"})]
    assert rendered == [
        "b, c -> d (head) (mergepoint), join",
        "a -> c",
        "a -> b",
        "<base> -> a (branchpoint)",
    ]


def test_lookup_unknown() -> None:
    with pytest.raises(UsageError) as info:
        _graph(RESOLVABLE).lookup("ffff")
    assert info.value.message == "unknown revision 'ffff'"
    assert exit_code_for(info.value) == 2


def test_lookup_head_with_two_heads() -> None:
    with pytest.raises(UsageError) as info:
        _graph(BRANCHED).lookup(HEAD)
    assert info.value.message == "'head' is ambiguous: there are 2 heads (d4_merge, e5_extra)"
    assert "merge" in (info.value.hint or "")


def test_a_revision_named_head_wins() -> None:
    assert _graph([("x", []), ("head", []), ("y", [])]).lookup(HEAD) == "head"


# --- plans -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("applied", "target", "plan"),
    [
        (set(), None, ["a1_init", "b2_left", "c3_right", "d4_merge", "e5_extra"]),
        ({"a1_init", "c3_right"}, None, ["b2_left", "d4_merge", "e5_extra"]),
        (set(), "e5_extra", ["a1_init", "b2_left", "e5_extra"]),
        (set(), "c3_right", ["a1_init", "c3_right"]),
        ({"a1_init"}, "d4_merge", ["b2_left", "c3_right", "d4_merge"]),
        ({"a1_init", "b2_left", "c3_right", "d4_merge", "e5_extra"}, None, []),
        ({"a1_init", "b2_left"}, "b2_left", []),
        # unknown applied ids (from the database) are ignored
        ({"zz_gone"}, "b2_left", ["a1_init", "b2_left"]),
    ],
)
def test_plan_upgrade(applied: set[str], target: str | None, plan: list[str]) -> None:
    assert _graph(BRANCHED).plan_upgrade(applied, target) == plan


@pytest.mark.parametrize(
    ("applied", "target", "plan"),
    [
        (set(), "d4_merge", ["a1_init", "b2_left", "c3_right", "d4_merge"]),
        ({"a1_init", "b2_left"}, "e5_extra", ["e5_extra"]),
        ({"a1_init"}, "a1_init", []),
    ],
)
def test_plan_stamp(applied: set[str], target: str, plan: list[str]) -> None:
    assert _graph(BRANCHED).plan_stamp(applied, target) == plan


ALL_BRANCHED = ["a1_init", "b2_left", "c3_right", "d4_merge", "e5_extra"]


@pytest.mark.parametrize(
    ("applied", "applied_order", "plan"),
    [
        # the most recently applied revision
        (ALL_BRANCHED, ALL_BRANCHED, ["e5_extra"]),
        (ALL_BRANCHED, ["a1_init", "b2_left", "e5_extra", "c3_right", "d4_merge"], ["d4_merge"]),
        # the newest applied revision has applied dependants: take the newest one that has none
        (
            ["a1_init", "b2_left", "c3_right", "e5_extra"],
            ["a1_init", "c3_right", "e5_extra", "b2_left"],
            ["e5_extra"],
        ),
        (["a1_init", "b2_left", "c3_right"], ["a1_init", "c3_right", "b2_left"], ["b2_left"]),
        (["a1_init", "b2_left", "c3_right"], ["a1_init", "b2_left", "c3_right"], ["c3_right"]),
        # without an applied order, the last in graph order among the removable ones
        (["a1_init", "b2_left", "c3_right"], [], ["c3_right"]),
        (["a1_init"], ["a1_init"], ["a1_init"]),
        ([], [], []),
        # unknown applied ids are ignored
        (["a1_init", "zz_gone"], ["a1_init", "zz_gone"], ["a1_init"]),
    ],
)
def test_plan_downgrade_last(applied: list[str], applied_order: list[str], plan: list[str]) -> None:
    assert _graph(BRANCHED).plan_downgrade(set(applied), None, applied_order) == plan


def test_plan_downgrade_never_breaks_a_dependency() -> None:
    graph = _graph(BRANCHED)
    for size in range(1, len(ALL_BRANCHED) + 1):
        applied = set(ALL_BRANCHED[:size])
        # claim the root was applied last: it still must not be rolled back first
        order = [*sorted(applied - {"a1_init"}), "a1_init"]
        (chosen,) = graph.plan_downgrade(applied, None, order)
        assert not graph.descendants(chosen) & applied


@pytest.mark.parametrize(
    ("applied", "plan"),
    [
        (ALL_BRANCHED, ["e5_extra", "d4_merge", "c3_right", "b2_left", "a1_init"]),
        (["a1_init", "c3_right"], ["c3_right", "a1_init"]),
        ([], []),
        (["a1_init", "zz_gone"], ["a1_init"]),
    ],
)
def test_plan_downgrade_base(applied: list[str], plan: list[str]) -> None:
    assert _graph(BRANCHED).plan_downgrade(set(applied), BASE, applied) == plan


@pytest.mark.parametrize(
    ("applied", "target", "plan"),
    [
        (ALL_BRANCHED, "a1_init", ["e5_extra", "d4_merge", "c3_right", "b2_left"]),
        (ALL_BRANCHED, "b2_left", ["e5_extra", "d4_merge"]),
        (ALL_BRANCHED, "c3_right", ["d4_merge"]),
        (ALL_BRANCHED, "e5_extra", []),
        (["a1_init", "b2_left", "c3_right"], "a1_init", ["c3_right", "b2_left"]),
    ],
)
def test_plan_downgrade_to_target(applied: list[str], target: str, plan: list[str]) -> None:
    assert _graph(BRANCHED).plan_downgrade(set(applied), target, applied) == plan


def test_plan_downgrade_to_unapplied_target() -> None:
    with pytest.raises(UsageError) as info:
        _graph(BRANCHED).plan_downgrade({"a1_init"}, "b2_left", ["a1_init"])
    assert info.value.message == (
        "revision 'b2_left' is not applied, so there is nothing after it to roll back"
    )
    assert exit_code_for(info.value) == 2


@pytest.mark.parametrize(
    ("pairs", "dangling"),
    [
        (BRANCHED, []),
        ([], []),
        (
            [("a1", ["zz"]), ("b2", ["a1", "yy", "zz"]), ("c3", ["b2"])],
            [("a1", "zz"), ("b2", "yy"), ("b2", "zz")],
        ),
        # a cycle is not a dangling dependency
        ([("a", ["b"]), ("b", ["a"])], []),
    ],
)
def test_dangling_depends(pairs: Pairs, dangling: list[tuple[str, str]]) -> None:
    assert dangling_depends(Edge(rid, tuple(deps)) for rid, deps in pairs) == dangling
