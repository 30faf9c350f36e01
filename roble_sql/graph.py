"""The revision graph: ordering, heads, targets and plans. Pure: no files, no database.

Built from ``(id, depends)`` pairs in file-name order. Ordering is topological
with ties broken by that input order, so the same files always give the same plan.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple, Protocol

from roble_sql.errors import RevisionFileError, UsageError

BASE = "base"
HEAD = "head"
HEADS = "heads"
MIN_PREFIX = 4  # a shorter prefix would too easily name the wrong revision


class Target(NamedTuple):
    """What a command was asked to move to, in Alembic's forms."""

    revision: str | None = None  # a full id (resolved), BASE, or None for "all" / "the last"
    steps: int | None = None  # +N / -N: this many revisions, counted from where the database is


def parse_target(graph: RevisionGraph, text: str | None, *, relative: str) -> Target:
    """``head``, ``heads``, ``base``, ``+N`` (with ``relative="+"``), ``-N`` (``"-"``), an id
    or a prefix of one (at least :data:`MIN_PREFIX` characters, or the id part before ``_``)."""
    if text is None or text == HEADS:
        return Target()
    if text == BASE:
        return Target(BASE)
    if text[:1] in "+-" and text[1:].isdigit():
        if text[0] != relative:
            raise UsageError(
                f"'{text}' goes the wrong way for this command",
                hint="upgrade takes +N (the next N revisions), downgrade -N (the last N)",
            )
        if int(text[1:]) < 1:
            raise UsageError(f"'{text}' moves no revision", hint="give a count of 1 or more")
        return Target(steps=int(text[1:]))
    return Target(graph.lookup(text))


class Node(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def depends(self) -> Sequence[str]: ...


class GraphLine(NamedTuple):
    id: str
    revises: tuple[str, ...]  # () for a revision at the base
    marks: tuple[str, ...]  # head, branchpoint, mergepoint

    message: str = ""

    def as_text(self) -> str:
        down = ", ".join(self.revises) or "<base>"
        marks = "".join(f" ({mark})" for mark in self.marks)
        return f"{down} -> {self.id}{marks}, {self.message}".rstrip(", ")


class Edge(NamedTuple):
    id: str
    depends: tuple[str, ...]


def dangling_depends(nodes: Iterable[Node]) -> list[tuple[str, str]]:
    """Every ``(revision, dependency)`` whose dependency names no revision (all, not the first)."""
    listed = list(nodes)
    known = {node.id for node in listed}
    return [(node.id, dep) for node in listed for dep in node.depends if dep not in known]


class RevisionGraph:
    """Revisions and their ``depends`` edges, validated (no unknown ids, no cycles)."""

    def __init__(self, nodes: Iterable[Node]):
        self._position: dict[str, int] = {}
        self._depends: dict[str, tuple[str, ...]] = {}
        for node in nodes:
            self._position[node.id] = len(self._position)
            self._depends[node.id] = tuple(node.depends)
        self._children: dict[str, list[str]] = {rid: [] for rid in self._depends}
        self._check_depends()
        self._order = self._topological_order()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Sequence[str]]]) -> RevisionGraph:
        return cls(Edge(rid, tuple(deps)) for rid, deps in pairs)

    def __contains__(self, revision_id: object) -> bool:
        return revision_id in self._depends

    def __len__(self) -> int:
        return len(self._depends)

    def depends(self, revision_id: str) -> tuple[str, ...]:
        return self._depends[revision_id]

    def children(self, revision_id: str) -> tuple[str, ...]:
        return tuple(self._children[revision_id])

    def order(self) -> list[str]:
        """Every revision, dependencies first."""
        return list(self._order)

    def heads(self) -> list[str]:
        """Revisions nothing depends on, in order."""
        return [rid for rid in self._order if not self._children[rid]]

    def ancestors(self, revision_id: str) -> set[str]:
        return self._walk(revision_id, self._depends)

    def descendants(self, revision_id: str) -> set[str]:
        return self._walk(revision_id, self._children)

    def lookup(self, target: str) -> str:
        """A full id from a full id, the id part before ``_``, or a unique prefix of at
        least :data:`MIN_PREFIX` characters; ``head`` when there is one."""
        if target in self._depends:
            return target
        if target == HEAD:
            heads = self.heads()
            if len(heads) == 1:
                return heads[0]
            if not heads:
                raise UsageError(
                    "there are no revisions yet", hint="write one with 'roble new -m ...'"
                )
            raise UsageError(
                f"'head' is ambiguous: there are {len(heads)} heads ({', '.join(heads)})",
                hint="name one revision, or run 'roble merge -m ...' to join the heads",
            )
        matches = [rid for rid in self._order if rid.split("_", 1)[0] == target]
        if not matches and len(target) >= MIN_PREFIX:
            matches = [rid for rid in self._order if rid.startswith(target)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UsageError(
                f"revision '{target}' is ambiguous: {', '.join(matches)}",
                hint="give more characters of the id",
            )
        if len(target) < MIN_PREFIX and any(rid.startswith(target) for rid in self._order):
            raise UsageError(
                f"'{target}' is too short to name a revision",
                hint=f"give at least {MIN_PREFIX} characters of its id, or the whole id",
            )
        raise UsageError(
            f"unknown revision '{target}'",
            hint="run 'roble status' to list the revisions",
        )

    def plan_upgrade(
        self, applied: Collection[str], target: str | None = None, steps: int | None = None
    ) -> list[str]:
        """Pending revisions to apply, in order: all, ``target`` and its ancestors, or the
        next ``steps`` of them (each one's dependencies come before it in the order)."""
        wanted = self._order
        if target is not None:
            scope = self.ancestors(target) | {target}
            wanted = [rid for rid in self._order if rid in scope]
        pending = [rid for rid in wanted if rid not in applied]
        return pending if steps is None else pending[:steps]

    def plan_downgrade(
        self,
        applied: Collection[str],
        target: str | None,
        applied_order: Sequence[str] = (),
        steps: int = 1,
    ) -> list[str]:
        """Applied revisions to roll back, in rollback order (dependants first).

        ``target`` None rolls back the last ``steps`` applied revisions (by
        ``applied_order``, oldest first), ``base`` everything, and a revision id everything
        after it.
        """
        known_applied = [rid for rid in self._order if rid in applied]
        if target == BASE:
            return known_applied[::-1]
        if target is None:
            plan: list[str] = []
            left = set(known_applied)
            for _ in range(steps):
                last = self._last_applied(left, applied_order)
                plan += last
                left -= set(last)
            return plan
        if target not in applied:
            raise UsageError(
                f"revision '{target}' is not applied, so there is nothing after it to roll back",
                hint="run 'roble current' to see what is applied",
            )
        after = self.descendants(target)
        return [rid for rid in known_applied if rid in after][::-1]

    def plan_stamp(self, applied: Collection[str], target: str | None) -> list[str]:
        """Revisions to mark as applied so that ``target`` and its ancestors are (all of
        them for None: ``heads``)."""
        return self.plan_upgrade(applied, target)

    def _last_applied(self, applied: set[str], applied_order: Sequence[str]) -> list[str]:
        # Only a revision with no applied dependants can come off without breaking the graph.
        removable = [rid for rid in applied if not (self.descendants(rid) & applied)]
        if not removable:
            return []
        rank = {rid: index for index, rid in enumerate(applied_order)}
        return [max(removable, key=lambda rid: (rank.get(rid, -1), self._position[rid]))]

    def graph_lines(self, messages: dict[str, str] | None = None) -> list[GraphLine]:
        """The history as Alembic's ``history`` lists it, newest first: each revision with
        what it revises, and whether it is a head, a branch point or a merge point."""
        lines = []
        for rid in reversed(self._order):
            marks = []
            if not self._children[rid]:
                marks.append("head")
            if len(set(self._children[rid])) > 1:
                marks.append("branchpoint")
            if len(self._depends[rid]) > 1:
                marks.append("mergepoint")
            message = (messages or {}).get(rid, "")
            lines.append(GraphLine(rid, self._depends[rid], tuple(marks), message))
        return lines

    def _walk(
        self, start: str, edges: dict[str, tuple[str, ...]] | dict[str, list[str]]
    ) -> set[str]:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            rid = stack.pop()
            if rid not in seen:
                seen.add(rid)
                stack.extend(edges[rid])
        return seen

    def _check_depends(self) -> None:
        for rid, deps in self._depends.items():
            for dep in deps:
                if dep not in self._depends:
                    raise RevisionFileError(
                        f"'-- depends: {dep}' names no revision in the migrations folder",
                        where=rid,
                        hint=self._depends_hint(dep),
                    )
                self._children[dep].append(rid)

    def _depends_hint(self, dep: str) -> str:
        similar = [rid for rid in self._depends if rid.startswith(dep.split("_", 1)[0])]
        if similar:
            return f"write the full id: '-- depends: {similar[0]}'"
        return "fix the id, or restore the missing revision file"

    def _topological_order(self) -> list[str]:
        waiting = {rid: len(set(deps)) for rid, deps in self._depends.items()}
        ready = [(self._position[rid], rid) for rid, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        order: list[str] = []
        while ready:
            _, rid = heapq.heappop(ready)
            order.append(rid)
            for child in dict.fromkeys(self._children[rid]):
                waiting[child] -= 1
                if waiting[child] == 0:
                    heapq.heappush(ready, (self._position[child], child))
        if len(order) < len(self._depends):
            raise self._cycle_error(set(self._depends) - set(order))
        return order

    def _cycle_error(self, stuck: set[str]) -> RevisionFileError:
        cycle = self._find_cycle(stuck)
        return RevisionFileError(
            f"revisions depend on each other in a cycle: {' -> '.join(cycle)}",
            where=cycle[0],
            hint="remove one of these '-- depends:' lines so the history runs one way",
        )

    def _find_cycle(self, stuck: set[str]) -> list[str]:
        start = min(stuck, key=self._position.__getitem__)
        path, index = [start], {start: 0}
        while True:
            nxt = next(d for d in self._depends[path[-1]] if d in stuck)
            if nxt in index:
                return [*path[index[nxt] :], nxt]
            index[nxt] = len(path)
            path.append(nxt)
