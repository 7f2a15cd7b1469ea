"""Reports rendered from templates (jinja2, ``simulation/faces/templates/``): Markdown, and its HTML version with
the figures embedded, so one file can be mailed or opened anywhere."""

from __future__ import annotations

import base64
import functools
import math
import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined


def fmt(value, digits: int = 3) -> str:
    """A number for a table: rounded, NaN as a dash, integers without decimals."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def md_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame as a Markdown table (pipes inside cells escaped)."""
    def cell(v) -> str:
        return fmt(v, digits).replace("|", "\\|")

    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


@functools.cache
def environment() -> Environment:
    """The templates' environment: Markdown out (no HTML escaping), undefined names are errors, ``fmt`` and
    ``table`` filters."""
    env = Environment(loader=PackageLoader("simulation.faces", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["fmt"] = fmt
    env.filters["table"] = md_table
    return env


def render(template: str, **values) -> str:
    """The named template rendered with ``values``, runs of blank lines squeezed to one."""
    text = environment().get_template(template).render(**values)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }}
th {{ background: #f2f2f2; }} img {{ max-width: 100%; }} code {{ background: #f5f5f5; padding: 0 0.2rem; }}
blockquote {{ border-left: 4px solid #c33; margin: 0; padding: 0.2rem 1rem; background: #fff4f4; }}
</style></head><body>
{body}
</body></html>
"""


def to_html(markdown_text: str, folder: Path) -> str:
    """The report as one HTML page: tables rendered, each linked PNG in ``folder`` embedded as a data URI."""
    import markdown

    body = markdown.markdown(markdown_text, extensions=["tables", "fenced_code"], output_format="html")

    def embed(match: re.Match) -> str:
        path = folder / match.group(2)
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}data:image/png;base64,{data}"'

    body = re.sub(r'(<img [^>]*src=")([^":]+\.png)"', embed, body)
    title = next(iter(re.findall(r"^# (.+)$", markdown_text, flags=re.M)), "report")
    return HTML_PAGE.format(title=title.replace("<", "&lt;"), body=body)


def write_report(folder: Path, markdown_text: str, name: str = "report") -> list[Path]:
    """Write ``name``.md and its HTML version (figures embedded) into ``folder``; both paths."""
    md, html = folder / f"{name}.md", folder / f"{name}.html"
    md.write_text(markdown_text.rstrip("\n") + "\n", encoding="utf-8")
    html.write_text(to_html(markdown_text, folder), encoding="utf-8")
    return [md, html]
