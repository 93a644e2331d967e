"""Unique names for the nodes of a traced graph: the one naming that listings
(``print(trace(y))``), diagrams, player captions, quiz and gate view all use.

A node is named by its label, or by ``%id`` (its id in the listing); a label several nodes
share is qualified by each one's scope, so an MLP's weights read ``layer0.neuron1.w1``,
not ``w1`` three times.

>>> from autograd import Value, scope, trace
>>> w = [Value(1.0, label="w") for _ in range(2)]
>>> with scope("mlp"):
...     with scope("n0"): a = w[0] * 2
...     with scope("n1"): b = w[1] * 3
>>> sorted(names(trace(a + b)).values())
['%2', '%3', '%4', 'n0.w', 'n1.w']
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["names", "display_scopes"]


def display_scopes(graph) -> dict[int, str]:
    """Each node's scope as diagrams show it: its own, except that an unscoped leaf (a
    parameter, made outside any scope) used only inside one scope is shown in that scope."""
    users: dict[int, set[str]] = {}
    for n in graph:
        for a in n.parents:
            users.setdefault(a, set()).add(n.scope)
    shown = {n.id: n.scope for n in graph}
    for n in graph.inputs:
        scopes = users.get(n.id, set())
        if not n.scope and len(scopes) == 1:
            shown[n.id] = next(iter(scopes))
    return shown


def names(graph, shown: Callable[[str], str] = str) -> dict[int, str]:
    """Every node's name in ``graph`` (by id), unique: its label, or ``%id``, except that a
    label several nodes share is qualified by each one's scope (as :func:`display_scopes`),
    without the scope parts they all share: an MLP's three ``w1`` are
    ``layer0.neuron1.w1``, ... Still-equal names (same scope, or none) get their listing
    id: ``x%3``. ``shown`` makes a label or scope displayable (``viz`` escapes and cuts)."""
    plain = {n.id: shown(n.label) if n.label else f"%{n.id}" for n in graph}
    shared: dict[str, list[int]] = {}
    for n in graph:
        if n.label:
            shared.setdefault(plain[n.id], []).append(n.id)
    out = dict(plain)
    scopes = None
    for ids in shared.values():
        if len(ids) < 2:
            continue
        scopes = scopes or display_scopes(graph)
        parts = [scopes[i].split(".") if scopes[i] else [] for i in ids]
        common = 0
        while all(len(p) > common and p[common] == parts[0][common] for p in parts):
            common += 1
        for i, p in zip(ids, parts):
            if p[common:]:
                out[i] = f"{shown('.'.join(p[common:]))}.{plain[i]}"
    seen: dict[str, int] = {}
    for name in out.values():
        seen[name] = seen.get(name, 0) + 1
    for i, name in out.items():
        if seen[name] > 1:
            out[i] = f"{name}%{i}"
    return out
