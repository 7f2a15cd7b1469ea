"""Reading YAML input files safely, keeping line numbers so errors can point into the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError, Problem


class YamlDocument:
    """A parsed YAML mapping plus its node tree, to find the line of any path inside it."""

    def __init__(self, file: str, data: dict, root: yaml.Node | None):
        self.file = file
        self.data = data
        self._root = root

    def line_of(self, loc: tuple) -> int | None:
        """The 1-based line of the deepest node of ``loc`` that exists in the file."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
                if nxt is not None:
                    line = next(k for k, v in node.value if v is nxt).start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                nxt = node.value[part]
                line = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return line


def read_yaml(path: str | Path, what: str = "scenario") -> YamlDocument:
    """Read a YAML file that must hold a mapping; any failure is an :class:`InputFileError` with a location."""
    file = str(path)
    p = Path(path)
    if not p.exists():
        raise InputFileError(file, [Problem("", f"an existing {what} file", "no such file")])
    if p.is_dir():
        raise InputFileError(file, [Problem("", f"a {what} file", "a directory")])
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(file, [Problem("", "a UTF-8 text file", f"undecodable bytes ({exc.reason})")]) from None
    except OSError as exc:
        raise InputFileError(file, [Problem("", "a readable file", exc.strerror or str(exc))]) from None
    return parse_yaml(text, file, what)


def parse_yaml(text: str, file: str, what: str = "scenario") -> YamlDocument:
    """Parse YAML text (``yaml.safe_load`` rules) into a mapping with line lookup."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        col = f", column {mark.column + 1}" if mark is not None else ""
        raise InputFileError(file, [Problem("", "well-formed YAML", f"{problem}{col}", line=line)]) from None
    if data is None:
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys", "an empty file")])
    if not isinstance(data, dict):
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys at the top level",
                                            f"a {type(data).__name__}", line=1)])
    return YamlDocument(file, data, root)
