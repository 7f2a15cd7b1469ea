"""The model: stances, parameters, pure rule functions, the step kernel and the Mesa model around it."""

from .agents import ActivistAgent, LegislatureAgent, OfficialAgent, StateAgent
from .decision import TERMS
from .params import Parameters
from .policy_model import PolicyModel
from .simulate import simulate
from .stance import Stance

__all__ = ["ActivistAgent", "LegislatureAgent", "OfficialAgent", "Parameters", "PolicyModel", "StateAgent",
           "Stance", "TERMS", "simulate"]
