"""Plain-language sentences about a state's decision, built from its term contributions."""

from __future__ import annotations

from ..model.decision import TERM_INFO
from ..model.stance import Stance

#: Each term in plain words, from the registry of terms (``simulation.model.decision.TERM_INFO``).
TERM_WORDS = {name: term.words for name, term in TERM_INFO.items()}

VERBS = {Stance.OPPOSE: "opposes", Stance.ABSTAIN: "abstains", Stance.SUPPORT: "supports the response",
         Stance.SANCTION: "joins sanctions", Stance.INTERVENE: "joins the intervention"}


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def why(name: str, stance: Stance, contributions: dict[str, float], top: int = 3) -> str:
    """One sentence on why the state holds its stance: its largest pulls toward and against acting."""
    pros = sorted(((v, k) for k, v in contributions.items() if v > 0.005), reverse=True)[:top]
    cons = sorted((v, k) for k, v in contributions.items() if v < -0.005)[:top]
    net = sum(contributions.values())
    pro_text = _listing([f"{TERM_WORDS[k]} ({v:+.2f})" for v, k in pros]) if pros else "nothing"
    con_text = _listing([f"{TERM_WORDS[k]} ({v:+.2f})" for v, k in cons]) if cons else "nothing"
    if net >= 0:
        return f"{name} {VERBS[stance]}: {pro_text} outweigh {con_text} (net {net:+.2f})."
    return f"{name} {VERBS[stance]}: {con_text} outweigh {pro_text} (net {net:+.2f})."


_LEVEL_WORDS = {
    "activism": ("absent", "faint", "building", "strong", "intense"),
    "legislature": ("silent", "quiet", "stirring", "pressing", "loud"),
    "officials": ("unconvinced", "sceptical", "wavering", "convinced", "firmly convinced"),
}
_LEVEL_CUTS = (0.02, 0.15, 0.35, 0.6)


def level_word(leg: str, level: float) -> str:
    """A plain word for a leg's level in [0, 1]: e.g. the legislature is 'quiet' or 'loud'."""
    return _LEVEL_WORDS[leg][sum(level >= c for c in _LEVEL_CUTS)]


def why_paragraph(name: str, stance: Stance, contributions: dict[str, float],
                  levels: tuple[float, float, float], tipped_tick: int | None, outlook: str = "") -> str:
    """One paragraph for a class: why the state holds its stance, how the three legs stand, when (if) it tipped."""
    act, leg, conv = levels
    legs = (f"Activism reaching it is {level_word('activism', act)} ({act:.2f}), its legislature is "
            f"{level_word('legislature', leg)} ({leg:.2f}) and its officials are {level_word('officials', conv)} "
            f"({conv:.2f}).")
    when = ("It acted from the start." if tipped_tick == 0 else
            f"It tipped toward action at tick {tipped_tick}." if tipped_tick is not None else
            "It has not acted so far.")
    return " ".join(part for part in (why(name, stance, contributions), legs, when, outlook) if part)
