"""The filing and everything filed in it, mirroring the official tables."""
from .filing import Filing, FilingStatus
from .indicator import Indicator
from .project import Project, SpendingCheckpoint

__all__ = ["Filing", "FilingStatus", "Project", "SpendingCheckpoint", "Indicator"]
