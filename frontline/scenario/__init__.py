"""The scenario format: reports and scenarios as data, reading and validation, the front."""

from frontline.scenario.front import Front
from frontline.scenario.load import load_scenario, scenario_inputs
from frontline.scenario.model import (
    FRONT_KINDS,
    REPORT_KINDS,
    BaselineSettlement,
    Evidence,
    Report,
    ReportKind,
    Scenario,
    Side,
    Source,
)

__all__ = [
    "FRONT_KINDS",
    "REPORT_KINDS",
    "BaselineSettlement",
    "Evidence",
    "Front",
    "Report",
    "ReportKind",
    "Scenario",
    "Side",
    "Source",
    "load_scenario",
    "scenario_inputs",
]
