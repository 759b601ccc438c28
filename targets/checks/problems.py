"""What a check reports: one Problem per finding, with a stable code and the
JSON path of the offending place in the filing/1 document."""
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    code: str  # stable dotted code, e.g. "spending_plan.final_not_100"
    location: str  # JSON path, e.g. "projects[1].indicators[3].value"
    message: str  # Chinese, for the unit and the reviewer

    @property
    def is_error(self):
        return self.severity == ERROR


def error(code, location, message):
    return Problem(ERROR, code, location, message)


def warning(code, location, message):
    return Problem(WARNING, code, location, message)
