"""Located errors for input files: which file, where inside it, what was expected and what was found."""

from __future__ import annotations

from dataclasses import dataclass


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


class InputFileError(Exception):
    """An input file (scenario or experiment) that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = str(file)
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"error: {self.file} is not a valid input file ({n} problem{'s' if n != 1 else ''})"
        return "\n".join([head] + [p.render(self.file) for p in self.problems])
