"""No import circle between modules of tambon_desktop: a module that needs another at run time
(at the top or inside a function) never needs itself back through any chain. Imports under
`if TYPE_CHECKING:` do not count (they never run). The import graph comes from grimp (the
library behind import-linter); the circles are its strongly connected components.

A circle may stay only when it is named in ALLOWED with the reason it cannot be cut."""

from __future__ import annotations

import grimp
import pytest

PACKAGE = "tambon_desktop"
# frozenset of the modules of one circle -> why it stays. None today: the recursive form
# structure (a repeat holds a group of fields that may hold a repeat) is built by a factory
# handed down at run time (ui/editor/factory.make_field), not by modules importing each other.
ALLOWED: dict[frozenset[str], str] = {}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_no_import_circle_inside_the_package():
    graph = import_graph()
    assert len(graph) > 100  # the whole package was read
    found = [c for c in circles(graph) if frozenset(c) not in ALLOWED]
    detail = "\n".join(" <-> ".join(c) for c in found)
    assert not found, f"import circles (cut them, or name one in ALLOWED with a reason):\n{detail}"


def test_every_allowed_circle_still_exists():
    """An exception whose circle is gone is stale: remove it."""
    present = {frozenset(c) for c in circles(import_graph())}
    assert not [sorted(c) for c in ALLOWED if c not in present]


@pytest.mark.parametrize(("edges", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [["a", "b", "c"]]),
    ({"p": {"p.x"}, "p.x": {"p.y"}, "p.y": {"p"}, "q": {"q.z"}, "q.z": {"q"}},
     [["p", "p.x", "p.y"], ["q", "q.z"]]),
])
def test_the_circle_finder_finds_circles(edges, expected):
    assert sorted(circles(edges)) == expected
