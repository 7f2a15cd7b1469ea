"""Reading YAML input files safely, keeping line numbers so errors can point into the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError, Problem, describe
from .paths import format_loc

MAX_VALUES = 1_000_000  # values in a file once aliases are expanded: more is an alias bomb, not a scenario
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same rules, about 10x faster
MAX_DEPTH = 50  # levels of nesting; a scenario needs fewer than ten
_HINTS = {  # parser message fragment -> what the user most likely did
    "'\\t'": "indent with spaces: YAML does not allow tab characters there",
    "tab character": "indent with spaces: YAML does not allow tab characters there",  # libyaml's wording
    "mapping values are not allowed": "check this line's indentation against the lines above, "
                                      "or quote a value that contains ': '",
}


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
        raw = p.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        raise InputFileError(file, [Problem(
            "", "a UTF-8 text file", f"the byte 0x{raw[exc.start]:02x}, column {exc.start - line_start + 1}",
            line=raw.count(b"\n", 0, exc.start) + 1, hint="save the file with UTF-8 encoding")]) from None
    except OSError as exc:
        raise InputFileError(file, [Problem("", "a readable file", exc.strerror or str(exc))]) from None
    return parse_yaml(text, file, what)


def parse_yaml(text: str, file: str, what: str = "scenario") -> YamlDocument:
    """Parse YAML text (``yaml.safe_load`` rules) into a mapping with line lookup."""
    loader = LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_tree(root, file)
        data: Any = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise InputFileError(file, [_syntax_problem(exc)]) from None
    except RecursionError:
        raise InputFileError(file, [Problem("", f"at most {MAX_DEPTH} levels of nesting", "far deeper nesting",
                                            loader.get_mark().line + 1)]) from None
    finally:
        loader.dispose()
    if data is None:
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys", "an empty file")])
    if not isinstance(data, dict):
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys at the top level (key: value lines)",
                                            describe(data), line=root.start_mark.line + 1)])
    return YamlDocument(file, data, root)


def _syntax_problem(exc: yaml.YAMLError) -> Problem:
    """A YAML parser error as a located problem, with its context and a hint for the usual mistakes."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, context_mark = getattr(exc, "context", None) or "", getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    expected, hint = "well-formed YAML", ""
    if "the tag" in problem:  # safe_load refuses a tag it has no constructor for, e.g. !!python/object
        expected = "plain YAML data (no language-specific tags such as !!python/...)"
        problem = problem[problem.index("the tag"):].replace("tag:yaml.org,2002:", "!!")
    elif context.startswith("expected "):
        expected = context.removeprefix("expected ")
    elif context and context_mark is not None and context_mark.line + 1 != line:
        hint = f"{context} at line {context_mark.line + 1}"
    hint = next((h for fragment, h in _HINTS.items() if fragment in problem), hint)
    problem = problem.removeprefix("but ").removeprefix("found ")
    col = f", column {mark.column + 1}" if mark is not None else ""
    return Problem("", expected, problem + col, line, hint)


def _check_tree(root: yaml.Node, file: str) -> None:
    """Reject what ``safe_load`` accepts but no input file needs: duplicate keys, deep nesting, alias bombs."""
    sizes: dict[int, int] = {}  # expanded size of each node already counted; -1 while it is being counted

    def fail(node: yaml.Node, loc: tuple, expected: str, found: str) -> None:
        raise InputFileError(file, [Problem(format_loc(loc), expected, found, node.start_mark.line + 1)])

    def size(node: yaml.Node, loc: tuple) -> int:
        if sizes.get(id(node)) == -1:
            fail(node, loc, "aliases that do not contain themselves", "a recursive alias")
        if id(node) in sizes:
            return sizes[id(node)]
        if len(loc) > MAX_DEPTH:
            fail(node, (), f"at most {MAX_DEPTH} levels of nesting", "deeper nesting")
        sizes[id(node)] = -1
        total = 1
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                if key in first and key != "<<":
                    fail(k, loc + (key,), "each key at most once in a mapping",
                         f"{key!r} again (first at line {first[key]})")
                first[key] = k.start_mark.line + 1
                total += size(v, loc + (key,))
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(v, loc + (i,)) for i, v in enumerate(node.value))
        if total > MAX_VALUES:
            fail(node, loc, f"at most {MAX_VALUES:,} values once aliases (*name) are expanded",
                 f"{total:,} or more: an alias bomb")
        sizes[id(node)] = total
        return total

    size(root, ())
