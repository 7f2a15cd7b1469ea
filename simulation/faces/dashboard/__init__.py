"""The educator's dashboard: a Mesa SolaraViz page of the model, with a world view, controls, plots and panels."""

import warnings

# Mesa 3.3's ComponentsView trips Solara's rules-of-hooks check on import; harmless, and not ours to fix.
warnings.filterwarnings("ignore", message=r"(?s).*ComponentsView: `use_state` found despite early return",
                        category=UserWarning)
