"""The Solara page of ``trifecta app``: Mesa's SolaraViz around DashboardModel with the dashboard's panels.

Serve it with ``trifecta app [SCENARIO]`` (or ``solara run simulation.faces.dashboard.app``).
"""

from __future__ import annotations

from mesa.visualization import SolaraViz, solara_viz

from .controls import model_params
from .model import DashboardModel, catalog
from .panels import COMPONENTS, grid_layout

# Mesa 3.3 gives every panel the same half-width cell and offers no option to change it; the world view and
# the plots need room, so the initial layout (still draggable and resizable) is ours.
solara_viz.make_initial_grid_layout = grid_layout

_names = list(catalog())
model = DashboardModel(scenario=_names[0])
page = SolaraViz(model, components=[(c, 0) for c in COMPONENTS], model_params=model_params(_names, _names[0]),
                 name="trifecta: interests, values and the trifecta of pressure")
