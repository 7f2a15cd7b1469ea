"""The Solara page of ``trifecta app``: one session's runs, its controls, the map and charts, and the "what if".

Served as ``simulation.faces.dashboard.page.app:Page``; Solara reads the page's HTML template from
``simulation/faces/dashboard/templates/`` (the folder beside this package).
"""
