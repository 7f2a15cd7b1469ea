"""trifecta: how states decide foreign policy on human rights when interests and values conflict.

The package is laid out by architecture:

- ``simulation.model``    the mechanism: stances, parameters, pure rule functions, the step kernel,
                          and the Mesa model whose agents are views onto the kernel's arrays;
- ``simulation.scenario`` the scenario language: YAML schema, located errors, loading, building;
- ``simulation.lab``      running scenarios and storing results with provenance;
- ``simulation.faces``    what people touch: the command line, plots and plain-language reports.
"""

from .compiler import configure

__version__ = "0.1.0"

configure()  # before any module imports numba
