"""The educator's dashboard: a Solara page with one run per browser session, live controls, an interactive
Vega-Lite map and charts, interventions and a side-by-side "what if" (``trifecta app``), and the front-end
assets it needs offline (``trifecta assets``)."""
