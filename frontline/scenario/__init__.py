"""The scenario format: reports and scenarios as data, reading and validation, the front."""

from frontline.scenario.front import Front
from frontline.scenario.load import load_scenario, scenario_inputs
from frontline.scenario.model import (
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
