"""Steps between events, kept as arrays, and their strongly connected components.

The rules of time walk graphs whose nodes are the positions of events in a
:class:`~timeline.dated_events.DatedEvents` and whose steps are relations. A million events
kept as a dictionary of lists of tuples took some 200 bytes a step; :class:`StepGraph` keeps
compressed rows instead (where each node's steps start, then each step's node and relation:
12 bytes a step, 4 a node), and :meth:`StepGraph.components` finds the strongly connected
components without recursion and without a list per component.
"""

from __future__ import annotations

from array import array
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = ["Components", "StepGraph"]

#: A step: the node it leaves, the node it reaches, and the relation that makes it.
Step = tuple[int, int, int]


class StepGraph:
    """The steps from each of ``size`` nodes, in the order ``steps`` gives them (it is
    called twice: once to count the steps of each node, once to place them)."""

    def __init__(self, size: int, steps: Callable[[], Iterable[Step]]) -> None:
        counts = array("i", bytes(4 * (size + 1)))
        for u, _, _ in steps():
            counts[u + 1] += 1
        self.starts = array("i", accumulate(counts))  # node u's steps: starts[u]:starts[u+1]
        total = self.starts[size]
        self.to = array("i", bytes(4 * total))  # the node each step reaches
        self.via = array("i", bytes(4 * total))  # the relation that makes it
        place = array("i", self.starts)
        del counts
        for u, v, relation in steps():
            at = place[u]
            self.to[at] = v
            self.via[at] = relation
            place[u] = at + 1
        self.size = size

    def out(self, u: int) -> range:
        """Where the steps from ``u`` stand in :attr:`to` and :attr:`via`."""
        return range(self.starts[u], self.starts[u + 1])

    def steps(self, u: int) -> Iterator[tuple[int, int]]:
        """Each step from ``u``: the node it reaches and its relation."""
        to, via = self.to, self.via
        for at in range(self.starts[u], self.starts[u + 1]):
            yield to[at], via[at]

    def components(self) -> Components:
        """The strongly connected components of the nodes that have steps (Tarjan's
        algorithm, without recursion), each after every component it has a step to. A node
        without steps is a component of its own that leads nowhere: it is left out, and the
        walk costs O(nodes + steps) in machine integers."""
        size, starts, to = self.size, self.starts, self.to
        index = array("i", [-1]) * size
        low = array("i", bytes(4 * size))
        on_stack = bytearray(size)
        stack = array("i")
        work_node, work_step = array("i"), array("i")  # the walk: each node, its next step
        found = Components()
        counter = 0

        def enter(v: int) -> None:  # number v, and walk its steps next
            nonlocal counter
            index[v] = low[v] = counter
            counter += 1
            stack.append(v)
            on_stack[v] = 1
            work_node.append(v)
            work_step.append(starts[v])

        for root in range(size):
            if starts[root] == starts[root + 1] or index[root] >= 0:
                continue
            enter(root)
            while work_node:
                u, at = work_node[-1], work_step[-1]
                if at < starts[u + 1]:
                    work_step[-1] = at + 1
                    v = to[at]
                    if starts[v] == starts[v + 1]:
                        continue  # a component of its own, which leads nowhere
                    if index[v] < 0:
                        enter(v)
                    elif on_stack[v] and index[v] < low[u]:
                        low[u] = index[v]
                    continue
                work_node.pop()
                work_step.pop()
                if work_node:
                    parent = work_node[-1]
                    if low[u] < low[parent]:
                        low[parent] = low[u]
                if low[u] == index[u]:
                    while True:
                        w = stack.pop()
                        on_stack[w] = 0
                        found.order.append(w)
                        if w == u:
                            break
                    found.ends.append(len(found.order))
        return found


class Components:
    """Strongly connected components, one after another in :attr:`order`, each ending where
    :attr:`ends` says; each comes after every component it has a step to."""

    def __init__(self) -> None:
        self.order = array("i")
        self.ends = array("i")

    def __len__(self) -> int:
        return len(self.ends)

    def __iter__(self) -> Iterator[array[int]]:
        start = 0
        for end in self.ends:
            yield self.order[start:end]
            start = end

    def topological(self) -> Iterator[array[int]]:
        """The components, each before every component it has a step to."""
        ends = self.ends
        for at in range(len(ends) - 1, -1, -1):
            yield self.order[ends[at - 1] if at else 0 : ends[at]]
