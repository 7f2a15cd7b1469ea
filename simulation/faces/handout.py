"""A printable handout: sections of paragraphs, lists and figures, written as Markdown and as one HTML file."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

CSS = """body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.45;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
img{max-width:100%;page-break-inside:avoid}li{margin:.3em 0}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}"""


@dataclass
class Section:
    """One section: a heading, paragraphs, a bulleted or numbered list, and figures (file names)."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    numbered: bool = False
    figures: list[str] = field(default_factory=list)


def markdown(title: str, sections: list[Section]) -> str:
    """The handout as Markdown, figures linked by file name."""
    out = [f"# {title}", ""]
    for s in sections:
        out += [f"## {s.heading}", ""]
        for p in s.paragraphs:
            out += [p, ""]
        for k, item in enumerate(s.items, start=1):
            out.append(f"{k}. {item}" if s.numbered else f"- {item}")
        if s.items:
            out.append("")
        out += [f"![{s.heading}]({f})\n" for f in s.figures]
    return "\n".join(out)


def html_page(title: str, sections: list[Section], folder: Path) -> str:
    """The handout as one self-contained HTML page, figures from ``folder`` embedded as PNG data."""
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
           f"<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>"]
    for s in sections:
        out.append(f"<h2>{html.escape(s.heading)}</h2>")
        out += [f"<p>{html.escape(p)}</p>" for p in s.paragraphs]
        if s.items:
            tag = "ol" if s.numbered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in s.items) + f"</{tag}>")
        for f in s.figures:
            data = base64.b64encode((folder / f).read_bytes()).decode("ascii")
            out.append(f"<img alt='{html.escape(s.heading)}' src='data:image/png;base64,{data}'>")
    out.append("</body></html>")
    return "\n".join(out)
