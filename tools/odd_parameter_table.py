"""Regenerate the parameters table of docs/ODD.md from the code (tests/test_docs.py checks they agree)."""

from __future__ import annotations

import re
from pathlib import Path

from simulation.lab.votes.calibrate import how_set
from simulation.model.params import BRIEF, FORUM, parameter_table

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"
BEGIN, END = "<!-- parameters-table:begin (tools/odd_parameter_table.py) -->", "<!-- parameters-table:end -->"


def table() -> str:
    """The Markdown table of every parameter: name, default, range, meaning, source, and how the default was set."""
    rows = ["| name | default | range | meaning | source | default set by |", "|---|---|---|---|---|---|"]
    for r in parameter_table():
        src = r["source"].replace(BRIEF, "Brief").replace(FORUM, "Forum")
        rows.append(f"| `{r['name']}` | {float(r['default'])!r} | [{float(r['min'])!r}, {float(r['max'])!r}] "
                    f"| {r['meaning']} | {src} | {how_set(r['name'])} |")
    return "\n".join(rows)


def main() -> None:
    text = ODD.read_text(encoding="utf-8")
    block = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    ODD.write_text(block.sub(lambda _: f"{BEGIN}\n{table()}\n{END}", text), encoding="utf-8")


if __name__ == "__main__":
    main()
