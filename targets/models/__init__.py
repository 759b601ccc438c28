"""The filing and everything filed in it, mirroring the official tables."""
from .bulk_export import BulkExport
from .deadline import Deadline
from .filing import Filing, FilingStatus
from .indicator import Indicator
from .project import Project, SpendingCheckpoint

__all__ = ["BulkExport", "Deadline", "Filing", "FilingStatus", "Project", "SpendingCheckpoint", "Indicator"]
