"""The dashboard's interactive charts: Vega-Lite templates built with Altair, and the data a model gives them.

A chart is a *template* (the Vega-Lite spec, built once per scenario and cached: the map's shapes, scales,
encodings, tooltips) and this tick's *data* (small named datasets: the states' stances, the counts so far).
The page embeds a template once and then only swaps its data, so a step costs a data update, not a new chart.

The world view is a map of the states in play (Natural Earth 1:110m shapes, and a dot at the capital of each
state too small for a shape) or, for stylised states, their bloc network; both coloured by stance, with a
tooltip (name, stance, strongest pulls) and a click that selects a state. The other charts: the stances over
time, the selected state's terms, its three legs against the tipping point, and the "what if" comparison.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import altair as alt
import numpy as np

from ...model.decision import BENEFIT_TERMS, TERMS
from ...model.stance import ACTING, STANCE_LABELS
from ..network import bloc_layout
from ..plots import STANCE_COLOURS
from ..tipping import LEG_WORDS, Tipping
from ..worldmap import use_map
from .texts import top_terms

STANCE_SCALE = alt.Scale(domain=list(STANCE_LABELS), range=list(STANCE_COLOURS))
LEGEND = alt.Legend(orient="bottom", title=None, labelFontSize=13, symbolSize=180, direction="horizontal")
CONFIG = {"axis": {"labelFontSize": 12, "titleFontSize": 13}, "view": {"stroke": None}}
BENEFIT, COST = "pulls toward acting", "pulls against acting"
STATE_FIELDS = ("name", "stance", "toward", "against", "selected")
TOOLTIP_FIELDS = (("name", "state"), ("stance", "stance"), ("toward", BENEFIT), ("against", COST))
LEG_COLOURS = ("#e66101", "#5e3c99", "#1b7837")
RUN_COLOURS = ("#1f78b4", "#ff7f00")
TICK_AXIS = alt.Axis(tickMinStep=1, format="d")


@dataclass(frozen=True, eq=False)
class Template:
    """A Vega-Lite spec whose dynamic datasets are filled in by the page (compared by identity: cache it)."""

    spec: dict


@dataclass(frozen=True)
class ChartData:
    """A template and the named datasets it shows now; ``revision`` names the data (the page marks it when drawn)."""

    template: Template
    data: dict[str, list] = field(default_factory=dict)
    revision: str = ""


def template(chart, **static: list) -> Template:
    """The chart as a Template, its static datasets (e.g. shapes) included, the rest filled in per tick."""
    spec = chart.to_dict(validate=False)
    spec.setdefault("config", {}).update(CONFIG)
    spec["datasets"] = static
    # vega-embed's options: SVG (each mark an element with an accessible label), no export menu
    spec["usermeta"] = {"embedOptions": {"renderer": "svg", "actions": False}}
    return Template(spec)


def data(name: str) -> alt.NamedData:
    """A named dataset: in the template (static) or filled in per tick."""
    return alt.NamedData(name=name)


def tooltip(prefix: str = "") -> list:
    """The state tooltip: name, stance and strongest pulls."""
    return [alt.Tooltip(f"{prefix}{f}:N", title=title) for f, title in TOOLTIP_FIELDS]


def with_states(chart, key: str):
    """The chart's items joined by ``key`` to this tick's ``states`` rows (name, stance, pulls, selected)."""
    return chart.transform_lookup(lookup=key, from_=alt.LookupData(data=data("states"), key="code",
                                                                   fields=list(STATE_FIELDS)))


@cache
def map_features() -> tuple[dict, ...]:
    """The country shapes as GeoJSON features with only their ISO3 code, coordinates rounded to 0.01 degrees."""
    text = resources.files("simulation").joinpath("data/world_110m.geojson").read_text(encoding="utf-8")

    def rounded(x):
        return round(x, 2) if isinstance(x, float) else [rounded(v) for v in x]

    return tuple({"type": "Feature", "properties": {"code": f["properties"]["iso3"]},
                  "geometry": {"type": f["geometry"]["type"], "coordinates": rounded(f["geometry"]["coordinates"])}}
                 for f in json.loads(text)["features"])


@cache
def capitals() -> dict[str, tuple[float, float]]:
    """ISO3 code -> (longitude, latitude) of the capital, for the states without a shape on the map."""
    text = resources.files("simulation").joinpath("data/capitals.csv").read_text(encoding="utf-8")
    return {r["iso3"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(text.splitlines())
            if r["has_polygon_110m"] == "0"}


def state_rows(model, selected: int) -> list[dict]:
    """One row per state: code, name, stance, strongest pulls, and whether it is selected."""
    w, s = model.world, model.state
    rows = []
    for i, (code, name) in enumerate(zip(w.codes, w.names)):
        toward, against = top_terms(model, i)
        rows.append({"code": code, "name": name, "stance": STANCE_LABELS[int(s.stance[0, i])], "toward": toward,
                     "against": against, "selected": i == selected})
    return rows


def _stance_marks(chart, prefix: str = ""):
    """Colour by stance, black outline for the selected state, the state tooltip."""
    return chart.encode(
        color=alt.Color("stance:N", scale=STANCE_SCALE, legend=LEGEND, title="stance"),
        stroke=alt.condition("datum.selected", alt.value("black"), alt.value("#616161")),
        strokeWidth=alt.condition("datum.selected", alt.value(2.5), alt.value(0.4)),
        tooltip=tooltip(prefix),
    )


@cache
def map_template(codes: tuple[str, ...], height: int = 440) -> Template:
    """The map of ``codes``: their shapes, and dots at the capitals of those without one."""
    wanted = set(codes)
    shapes = [f for f in map_features() if f["properties"]["code"] in wanted]
    on_map = {f["properties"]["code"] for f in shapes}
    dots = [{"code": c, "lon": capitals()[c][0], "lat": capitals()[c][1]} for c in codes
            if c not in on_map and c in capitals()]
    land = _stance_marks(with_states(alt.Chart(data("shapes")).mark_geoshape(), "properties.code"))
    layers = [land.project("equalEarth")]
    if dots:
        dot = with_states(alt.Chart(data("dots")).mark_circle(size=45, opacity=1), "code").encode(
            longitude="lon:Q", latitude="lat:Q")
        layers.append(_stance_marks(dot).project("equalEarth"))
    return template(alt.layer(*layers).properties(width="container", height=height), shapes=shapes, dots=dots)


@cache
def network_template(codes: tuple[str, ...], membership: tuple[tuple[bool, ...], ...], height: int = 440) -> Template:
    """The bloc network: states as labelled dots in clusters by first bloc, ties between states sharing a bloc."""
    m = np.array(membership, dtype=float).reshape(len(codes), -1)
    pos = bloc_layout(m)
    nodes = [{"code": c, "x": round(float(x), 4), "y": round(float(y), 4)} for c, (x, y) in zip(codes, pos)]
    shared = m @ m.T
    ties = [{"x": nodes[i]["x"], "y": nodes[i]["y"], "x2": nodes[j]["x"], "y2": nodes[j]["y"]}
            for i in range(len(codes)) for j in range(i + 1, len(codes)) if shared[i, j]]
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[pos[:, 0].min() - 0.5, pos[:, 0].max() + 0.5]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[pos[:, 1].min() - 0.5, pos[:, 1].max() + 0.5]))
    edges = alt.Chart(data("ties")).mark_rule(color="#bdbdbd").encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    base = with_states(alt.Chart(data("nodes")), "code").encode(x=x, y=y)
    dots = _stance_marks(base.mark_circle(size=420, opacity=1))
    labels = base.mark_text(dy=20, fontSize=12).encode(text="name:N")
    layers = [edges, dots, labels] if ties else [dots, labels]
    return template(alt.layer(*layers).properties(width="container", height=height), ties=ties, nodes=nodes)


def world_chart(model, selected: int) -> ChartData:
    """The map (or bloc network) of the states in play, coloured by stance; tooltips; click to select."""
    w = model.world
    if use_map(w.codes):
        tmpl = map_template(tuple(w.codes))
    else:
        tmpl = network_template(tuple(w.codes), tuple(map(tuple, w.membership.astype(bool).tolist())))
    return ChartData(tmpl, {"states": state_rows(model, selected)}, f"tick {model.steps}, {w.codes[selected]}")


@cache
def stances_template(n_states: int, steps: int, height: int = 240) -> Template:
    """Stacked areas of the stance counts over ``steps`` ticks, with a tooltip per tick and stance."""
    tip = [alt.Tooltip("tick:Q"), alt.Tooltip("stance:N"), alt.Tooltip("states:Q")]
    x = alt.X("tick:Q", title="tick (month)", scale=alt.Scale(domain=[0, steps], nice=False), axis=TICK_AXIS)
    y = alt.Y("states:Q", title="states", stack="zero", scale=alt.Scale(domain=[0, n_states]))
    areas = alt.Chart(data("counts")).mark_area(opacity=0.9).encode(
        x=x, y=y, color=alt.Color("stance:N", scale=STANCE_SCALE, legend=LEGEND), order=alt.Order("order:Q"),
        tooltip=tip)
    points = alt.Chart(data("counts")).mark_point(opacity=0, size=120).encode(x=x, y=y, order=alt.Order("order:Q"),
                                                                               tooltip=tip)
    return template(alt.layer(areas, points).properties(width="container", height=height))


def stances_chart(model) -> ChartData:
    """How many states hold each stance, tick by tick so far."""
    counts = model.history["stance_counts"][:, 0, :]
    rows = [{"tick": t, "stance": label, "order": k, "states": int(counts[t, k])}
            for t in range(len(counts)) for k, label in enumerate(STANCE_LABELS)]
    steps = max(model.max_steps or 1, len(counts) - 1)
    return ChartData(stances_template(model.world.n_states, steps), {"counts": rows}, f"tick {model.steps}")


@cache
def terms_template(height: int = 300) -> Template:
    """Bars of each term's signed contribution, benefits green and costs red."""
    chart = alt.Chart(data("terms")).mark_bar().encode(
        y=alt.Y("term:N", sort=list(TERMS), title=None, axis=alt.Axis(labelFontSize=12)),
        x=alt.X("value:Q", title="contribution to the net benefit of acting"),
        color=alt.Color("side:N", scale=alt.Scale(domain=[BENEFIT, COST], range=["#1b7837", "#b2182b"]),
                        legend=LEGEND),
        tooltip=[alt.Tooltip("term:N"), alt.Tooltip("value:Q", format="+.3f"), alt.Tooltip("side:N")],
    )
    return template(chart.properties(width="container", height=height))


def terms_chart(model, row: int) -> ChartData:
    """The selected state's terms at the last decision (all zero before the first)."""
    values = np.zeros(len(TERMS)) if model.last_terms is None else model.last_terms[0, row]
    rows = [{"term": t, "value": round(float(v), 3), "side": BENEFIT if t in BENEFIT_TERMS else COST}
            for t, v in zip(TERMS, values)]
    return ChartData(terms_template(), {"terms": rows}, f"tick {model.steps}, {model.world.codes[row]}")


@cache
def legs_template(height: int = 150) -> Template:
    """The three legs' levels (bars) and the level each alone would need to tip the state (black ticks)."""
    order = [LEG_WORDS[leg] for leg in LEG_WORDS]
    tip = [alt.Tooltip("leg:N"), alt.Tooltip("level:Q", format=".2f"), alt.Tooltip("reading:N", title="to tip alone")]
    y = alt.Y("leg:N", sort=order, title=None, axis=alt.Axis(labelFontSize=12))
    bars = alt.Chart(data("legs")).mark_bar(height=22).encode(
        y=y, x=alt.X("level:Q", title="level (0 to 1); black tick: the level that alone would tip it",
                     scale=alt.Scale(domain=[0, 1.1])),
        color=alt.Color("leg:N", scale=alt.Scale(domain=order, range=list(LEG_COLOURS)), legend=None), tooltip=tip)
    marks = alt.Chart(data("legs")).transform_filter("isValid(datum.needed)").mark_tick(
        thickness=4, size=30, color="black").encode(y=y, x="needed:Q", tooltip=tip)
    return template(alt.layer(bars, marks).properties(width="container", height=height))


def legs_chart(tipping: Tipping, revision: str) -> ChartData:
    """The selected state's three legs against what it would take to tip."""
    rows = [{"leg": LEG_WORDS[r.leg], "level": round(r.level, 3),
             "needed": None if r.needed is None or tipping.acting else round(min(r.needed, 1.05), 3),
             "reading": ("acting" if tipping.acting else "no grip" if r.needed is None
                         else f"needs {r.needed:.2f}" if r.reachable else f"out of reach ({r.needed:.2f})")}
            for r in tipping.legs]
    return ChartData(legs_template(), {"legs": rows}, revision)


@cache
def compare_template(label: str, steps: int, measure: str, height: int = 130) -> Template:
    """Lines of ``measure`` tick by tick for this run (solid) and the 'what if' run (dashed)."""
    runs = ["this run", label]
    chart = alt.Chart(data("runs")).mark_line(point=True).encode(
        x=alt.X("tick:Q", title="tick (month)", scale=alt.Scale(domain=[0, steps], nice=False), axis=TICK_AXIS),
        y=alt.Y(f"{measure}:Q", title=None),
        color=alt.Color("run:N", scale=alt.Scale(domain=runs, range=list(RUN_COLOURS)), legend=LEGEND),
        strokeDash=alt.StrokeDash("run:N", scale=alt.Scale(domain=runs, range=[[1, 0], [6, 3]]), legend=None),
        tooltip=[alt.Tooltip("run:N"), alt.Tooltip("tick:Q"), alt.Tooltip(f"{measure}:Q")],
    )
    return template(chart.properties(width="container", height=height))


def compare_chart(model, other, row: int, label: str, measure: str) -> ChartData:
    """This run against the 'what if' run, tick by tick: ``measure`` "acting" (states acting) or "net" (the
    selected state's net benefit of acting)."""
    rows = []
    for run, m in (("this run", model), (label, other)):
        counts = m.history["stance_counts"][:, 0, ACTING:].sum(axis=1)
        net = m.history["net"][:, 0, row]
        rows += [{"tick": t, "run": run, "acting": int(counts[t]),
                  "net": None if np.isnan(net[t]) else round(float(net[t]), 3)} for t in range(len(counts))]
    steps = max(model.max_steps or 1, model.steps)
    return ChartData(compare_template(label, steps, measure), {"runs": rows},
                     f"tick {model.steps}, {model.world.codes[row]}")
