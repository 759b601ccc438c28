"""The checks engine (审核规则): run_checks(document) applies every rule to a
filing/1 document, so a filing in the database and a JSON file are checked
alike. Rule families live in money, spending, indicators, indicator_values
and texts; registry lists them."""
from .problems import ERROR, WARNING, Problem
from .registry import RULES, run_checks

__all__ = ["ERROR", "RULES", "WARNING", "Problem", "run_checks"]
