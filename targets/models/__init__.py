"""The filing and everything filed in it, mirroring the official tables."""
from .deadline import Deadline
from .filing import Filing, FilingStatus
from .indicator import Indicator
from .project import Project, SpendingCheckpoint

__all__ = ["Deadline", "Filing", "FilingStatus", "Project", "SpendingCheckpoint", "Indicator"]
