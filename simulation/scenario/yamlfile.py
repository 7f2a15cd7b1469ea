"""Reading YAML input files safely, keeping line numbers so errors can point into the file."""

from __future__ import annotations

import contextlib
import gc
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError, Problem
from .paths import format_loc

MAX_VALUES = 1_000_000  # values in a file once aliases are expanded: more is an alias bomb, not a scenario
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same rules, about 10x faster
MAX_DEPTH = 50  # levels of nesting; a scenario needs fewer than ten
MAX_BYTES = 20_000_000  # size of an input file; the largest world scenario is a few kilobytes
MAX_INT = 2**63 - 1  # whole numbers in a file fit in 64 bits (seeds, ticks, counts are bounded far lower)
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
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
        self._index: dict[int, dict] = {}  # mapping node -> its keys (see ``_keys``)

    def line_of(self, loc: tuple) -> int | None:
        """The 1-based line of the deepest node of ``loc`` that exists in the file."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                key = self._keys(node).get(str(part))
                nxt = key[1] if key is not None else None
                if key is not None:
                    line = key[0].start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                nxt = node.value[part]
                line = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return line

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The mapping node's text keys -> (key node, value node), the first of each, built once per node."""
        found = self._index.get(id(node))
        if found is None:
            found = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    found.setdefault(k.value, (k, v))
            self._index[id(node)] = found
        return found


def read_yaml(path: str | Path, what: str = "scenario") -> YamlDocument:
    """Read a YAML file that must hold a mapping; any failure is an :class:`InputFileError` with a location."""
    file = str(path)
    raw = read_input(path, what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        raise InputFileError(file, [Problem(
            "", "a UTF-8 text file", f"the byte 0x{raw[exc.start]:02x}, column {exc.start - line_start + 1}",
            line=raw.count(b"\n", 0, exc.start) + 1, hint="save the file with UTF-8 encoding")]) from None
    return parse_yaml(text, file, what)


def read_input(path: str | Path, what: str = "input", max_bytes: int | None = None) -> bytes:
    """The bytes of an input file: a regular file (not a folder, a pipe or a device) of at most ``max_bytes``
    (default ``MAX_BYTES``); anything else is an :class:`InputFileError` that says what was found."""
    file = str(path)
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes

    def refuse(expected: str, found: str) -> InputFileError:
        return InputFileError(file, [Problem("", expected, found)])

    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise refuse(f"an existing {what} file", "no such file") from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a loop of links, no permission
        raise refuse(f"a readable {what} file", getattr(exc, "strerror", None) or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse(f"a {what} file", "a directory")
    if not stat.S_ISREG(info.st_mode):
        raise refuse(f"a {what} file (a regular file)", "a pipe, socket or device")
    if info.st_size > max_bytes:
        raise refuse(f"a {what} file of at most {max_bytes:,} bytes", f"{info.st_size:,} bytes")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise refuse(f"a readable {what} file", exc.strerror or str(exc)) from None
    if len(raw) > max_bytes:  # it grew while being read
        raise refuse(f"a {what} file of at most {max_bytes:,} bytes", "a file that keeps growing")
    return raw


def parse_yaml(text: str, file: str, what: str = "scenario") -> YamlDocument:
    """Parse YAML text (``yaml.safe_load`` rules) into a mapping with line lookup."""
    root, data = _parsed(text, file)
    if data is None:
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys", "an empty file")])
    if not isinstance(data, dict):  # say what it is, never quote it (the file may be anything a path named)
        found = "a list" if isinstance(data, list) else "a single value, not key: value lines"
        raise InputFileError(file, [Problem("", f"a mapping of {what} keys at the top level (key: value lines)",
                                            found, line=root.start_mark.line + 1)])
    return YamlDocument(file, data, root)


def parse_value(text: str, file: str, where: str) -> Any:
    """One value written in YAML (a ``--set`` value): the same checks as a file's (depth, size, numbers),
    problems located at ``where``; text that is not YAML is taken as it stands."""
    try:
        return _parsed(text, file)[1]
    except InputFileError as exc:
        if any(p.expected == "well-formed YAML" for p in exc.problems):
            return text
        raise InputFileError(file, [Problem(where, p.expected, p.found, None, p.hint) for p in exc.problems]) from None


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused inside the block: parsing allocates a node and a value per scalar, none of
    them in a cycle, and the collector's passes over the growing tree made refusing a large file superlinear (20,000
    factors took 38 times as long as 2,000; ``benchmarks/run.py``'s ``refusal_time_is_linear``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parsed(text: str, file: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of YAML text, checked by ``_check_tree``."""
    with _no_cycle_collection():
        loader = LOADER(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _check_tree(root, file, loader)
            data: Any = loader.construct_document(root) if root is not None else None
        except yaml.YAMLError as exc:
            raise InputFileError(file, [_syntax_problem(exc, text)]) from None
        except RecursionError:
            raise InputFileError(file, [Problem("", f"at most {MAX_DEPTH} levels of nesting", "far deeper nesting",
                                                loader.get_mark().line + 1)]) from None
        finally:
            loader.dispose()
    return root, data


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """A YAML parser error as a located problem, with its context and a hint for the usual mistakes."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow: locate its offset
        at = max(0, min(exc.position, len(text)))
        line_start = text.rfind("\n", 0, at) + 1
        return Problem("", "printable text (no control characters)",
                       f"the character #x{exc.character:04x}, column {at - line_start + 1}",
                       text.count("\n", 0, at) + 1, "delete it, or write it as an escape inside double quotes")
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


def _check_tree(root: yaml.Node, file: str, loader: Any) -> None:
    """Reject what ``safe_load`` accepts but no input file needs: duplicate keys, deep nesting, alias bombs,
    whole numbers beyond 64 bits and numbers that are not finite (``.nan``, ``.inf``)."""
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
                if k.tag in (_INT_TAG, _FLOAT_TAG):
                    number_problem(k, loc + (key,))
                total += size(v, loc + (key,))
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(v, loc + (i,)) for i, v in enumerate(node.value))
        elif node.tag in (_INT_TAG, _FLOAT_TAG):
            number_problem(node, loc)
        if total > MAX_VALUES:
            fail(node, loc, f"at most {MAX_VALUES:,} values once aliases (*name) are expanded",
                 f"{total:,} or more: an alias bomb")
        sizes[id(node)] = total
        return total

    def number_problem(node: yaml.ScalarNode, loc: tuple) -> None:
        if node.tag == _INT_TAG:
            digits = sum(c.isdigit() for c in node.value)
            if digits > 19 or abs(loader.construct_yaml_int(node)) > MAX_INT:
                fail(node, loc, f"a whole number of at most 19 digits (|n| <= {MAX_INT})",
                     f"a whole number of {digits} digits")
        elif not math.isfinite(loader.construct_yaml_float(node)):
            fail(node, loc, "a finite number", repr(node.value))

    size(root, ())
