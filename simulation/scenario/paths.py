"""Addressing a field of a scenario by path, e.g. ``states[EMD].legislature.strength`` or ``activists[0].resources``.

A bracket holds a list index or, for lists of named items, the item's ``code`` or ``name``. Variants,
``--set`` overrides and experiment factors all use these paths.
"""

from __future__ import annotations

import copy
import re
from typing import Any

_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]+)\]")


class PathError(ValueError):
    """A path that does not name a field of the scenario."""


def parse_path(path: str) -> list[str | int]:
    """Split a path into keys (str) and selectors; a bracketed integer is an index, other brackets name an item."""
    tokens: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m or (pos == 0 and path.startswith(".")):
            raise PathError(f"cannot read path {path!r} at character {pos + 1}")
        key, sel = m.groups()
        if key is not None:
            tokens.append(key)
        else:
            tokens.append(int(sel) if sel.lstrip("-").isdigit() else f"[{sel}]")
        pos = m.end()
    if not tokens:
        raise PathError("empty path")
    return tokens


def _select(items: list, token: str | int, where: str) -> int:
    if isinstance(token, int):
        if not -len(items) <= token < len(items):
            raise PathError(f"{where}: index {token} is out of range (the list has {len(items)} items)")
        return token % len(items)
    wanted = token[1:-1]
    for i, item in enumerate(items):
        if isinstance(item, dict) and wanted in (item.get("code"), item.get("name")):
            return i
    known = [str(item.get("code", item.get("name"))) for item in items if isinstance(item, dict)]
    raise PathError(f"{where}: no item with code or name {wanted!r} (known: {', '.join(known) or 'none'})")


def set_path(data: dict, path: str, value: Any) -> dict:
    """A deep copy of ``data`` with the field at ``path`` set to ``value`` (missing mapping keys are created)."""
    out = copy.deepcopy(data)
    assign(out, path, value)
    return out


def assign(out: dict, path: str, value: Any) -> None:
    """Set the field at ``path`` of ``out`` to ``value`` in place (missing mapping keys are created)."""
    tokens = parse_path(path)
    node: Any = out
    where = ""
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        if isinstance(token, str) and not token.startswith("["):
            if not isinstance(node, dict):
                raise PathError(f"{where or 'the scenario'} is not a mapping, so it has no key {token!r}")
            if last:
                node[token] = value
            else:
                node = node.setdefault(token, {})
            where = f"{where}.{token}" if where else token
        else:
            if not isinstance(node, list):
                raise PathError(f"{where} is not a list, so it cannot be indexed with {token}")
            idx = _select(node, token, where)
            if last:
                node[idx] = value
            else:
                node = node[idx]
            where = f"{where}[{token if isinstance(token, int) else token[1:-1]}]"


def parse_loc(path: str) -> tuple:
    """A path such as ``states[3].democracy`` as a location tuple; the inverse of ``format_loc``."""
    out: list = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return tuple(out)


def format_loc(loc: tuple) -> str:
    """A location tuple as a path: ``('states', 3, 'democracy')`` -> ``states[3].democracy``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
