"""Whether one record leads to another along stored links (a new link must not close a loop)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def leads_to(start: Node, goal: Node, onward: Callable[[Node], Iterable[Node]]) -> bool:
    """True if `goal` is reached from `start` by following `onward` (a node's next nodes)."""
    seen, frontier = {start}, [start]
    while frontier:
        for node in onward(frontier.pop()):
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                frontier.append(node)
    return False
