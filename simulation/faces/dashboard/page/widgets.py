"""The page's building blocks beyond Solara's own: a labelled slider that shows its value, and a Vega-Lite view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipyvuetify as v
import solara
import traitlets

from ..charts import ChartData


@solara.component_vue("slider.vue", vuetify=False)
def LabelledSlider(label: str, value: float, min: float, max: float, step: float, digits: int = 1,  # noqa: A002
                   left: str = "", right: str = "", prefix: str = "", suffix: str = "", disabled: bool = False,
                   on_value: Callable[[float], None] | None = None):
    """A native range input named by its label (its accessible name), its value shown beside the label.

    It sets ``value`` when released (``change``), so a drag rebuilds the run once, not at every pixel.
    """


class VegaView(v.VuetifyTemplate):
    """A Vega-Lite view embedded once per template, its named datasets replaced in place when the data change."""

    template_file = str(Path(__file__).with_name("vega_view.vue"))
    # the template goes to the browser as JSON, but stays an opaque object for reacton (which would otherwise walk
    # the map's every coordinate at each render to look for elements)
    spec = traitlets.Any(None, allow_none=True).tag(sync=True, to_json=lambda t, _: None if t is None else t.spec)
    datasets = traitlets.Dict().tag(sync=True)
    revision = traitlets.Unicode("").tag(sync=True)
    listen_to_click = traitlets.Bool(False).tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    on_click = traitlets.Callable(None, allow_none=True)

    @traitlets.default("cdn")
    def _cdn(self):
        import solara.settings

        return None if solara.settings.assets.proxy else solara.settings.assets.cdn

    def vue_clicked(self, datum: Any) -> None:
        if self.on_click is not None:
            self.on_click(datum)


def code_of(datum: Any) -> str | None:
    """The state code in a clicked map or network item (a GeoJSON feature keeps it under ``properties``)."""
    if not isinstance(datum, dict):
        return None
    code = datum.get("code") or (datum.get("properties") or {}).get("code")
    return code if isinstance(code, str) else None


@solara.component
def Chart(chart: ChartData, on_click: Callable[[Any], None] | None = None, classes: list[str] | None = None):
    """A chart of the page: its template, this tick's data, and optionally the items a click picks."""
    with solara.Div(classes=classes or []):
        VegaView.element(spec=chart.template, datasets=chart.data, revision=chart.revision, on_click=on_click,
                         listen_to_click=on_click is not None)

