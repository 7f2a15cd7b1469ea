"""Located errors for input files: which file, where inside it, what was expected and what was found."""

from __future__ import annotations

import difflib
import reprlib
from dataclasses import dataclass
from typing import Any

_SHORT = reprlib.Repr()
MAX_SHOWN = 50  # problems printed per file; the rest are counted
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 3, 60, 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    path: str  # e.g. "states[3].democracy"; "" for the file as a whole
    expected: str
    found: str
    line: int | None = None  # 1-based line in the file, when known
    hint: str = ""

    def render(self, file: str) -> str:
        where = file + (f", line {self.line}" if self.line else "")
        head = f"{where}: {self.path}" if self.path else where
        text = f"{head}\n    expected: {self.expected}\n    found:    {self.found}"
        return text + (f"\n    hint:     {self.hint}" if self.hint else "")


class UserError(Exception):
    """Something the user can put right (a bad file, an output folder in the way, a sweep that cannot resume):
    the command line shows :meth:`render` and exits with code 2, never a traceback."""

    def render(self) -> str:
        return f"error: {self}"


class InputFileError(UserError):
    """An input file (scenario or experiment) that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = str(file)
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"error: {self.file} is not a valid input file ({n} problem{'s' if n != 1 else ''})"
        shown = [p.render(self.file) for p in self.problems[:MAX_SHOWN]]
        rest = [f"... and {n - MAX_SHOWN} more problems"] if n > MAX_SHOWN else []
        return "\n".join([head] + shown + rest)


def describe(value: Any) -> str:
    """A short, bounded description of a value found in a file (never the repr of a huge or deep value)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, (dict, list, tuple, str)) and not value:
        return {dict: "an empty mapping", str: "empty text"}.get(type(value), "an empty list")
    if isinstance(value, dict):
        return "a mapping" if len(value) > 3 else f"the mapping {_SHORT.repr(value)}"
    if isinstance(value, (list, tuple)) and len(value) > 4:
        return f"a list of {len(value)} items"
    return _SHORT.repr(value)


def closest(word: Any, choices: list[str]) -> str | None:
    """The choice closest in spelling to ``word``, or None if none is close."""
    return next(iter(difflib.get_close_matches(str(word), choices, n=1)), None)


def did_you_mean(word: Any, choices: list[str]) -> str:
    """A 'did you mean ...?' hint naming the choice closest to ``word``, or '' if none is close."""
    close = closest(word, choices)
    return f"did you mean {close!r}?" if close else ""
