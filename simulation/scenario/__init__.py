"""The scenario language: schema, located errors, loading and building the world."""

from .build import build_world
from .errors import InputFileError, Problem
from .load import load_scenario
from .schema import Scenario

__all__ = ["InputFileError", "Problem", "Scenario", "build_world", "load_scenario"]
