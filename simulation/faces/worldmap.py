"""The world map: country shapes shipped with the package (Natural Earth 1:110m), drawn with matplotlib."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

LAND = "#eeeeee"
BORDER = "#9e9e9e"


@cache
def shapes() -> dict[str, list[np.ndarray]]:
    """Each ISO3 code's outer rings (lon, lat arrays), read once from ``simulation/data/world_110m.geojson``."""
    text = resources.files("simulation").joinpath("data/world_110m.geojson").read_text(encoding="utf-8")
    out: dict[str, list[np.ndarray]] = {}
    for feature in json.loads(text)["features"]:
        geom = feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        out.setdefault(feature["properties"]["iso3"], []).extend(np.asarray(p[0]) for p in polygons)
    return out


def mappable(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The codes that have a shape on the map."""
    known = shapes()
    return [c for c in codes if c in known]


def use_map(codes: list[str] | tuple[str, ...]) -> bool:
    """Draw a map when at least three states, and at least half of them, have a shape; else a network."""
    hits = len(mappable(codes))
    return hits >= 3 and 2 * hits >= len(codes)


def draw_map(ax: Axes, colours: dict[str, str], outline: str | None = None) -> None:
    """Draw every country, fill those in ``colours`` by code, outline ``outline``, and zoom to the coloured ones."""
    known = shapes()
    rings = [r for rings in known.values() for r in rings]
    ax.add_collection(PolyCollection(rings, facecolors=LAND, edgecolors=BORDER, linewidths=0.3))
    coloured = [c for c in colours if c in known]
    for code in coloured:
        ax.add_collection(PolyCollection(known[code], facecolors=colours[code], edgecolors="#424242",
                                         linewidths=1.8 if code == outline else 0.4))
    pts = np.concatenate([r for c in coloured for r in known[c]]) if coloured else np.array([[-180, -60], [180, 85]])
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    pad_x, pad_y = max(10.0, 0.1 * (x1 - x0)), max(8.0, 0.1 * (y1 - y0))
    ax.set_xlim(max(-180, x0 - pad_x), min(180, x1 + pad_x))
    ax.set_ylim(max(-60, y0 - pad_y), min(85, y1 + pad_y))
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
