"""The filing/1 interchange format: validation, import and export."""
from .documents import (
    FORMAT,
    DocumentRefused,
    FilingExists,
    apply_document,
    export_document,
    export_project,
    filings_for_export,
    import_document,
    load_filing,
    parse_json,
    read_document,
    with_rows,
)
from .schema import Problem, validate_document

__all__ = [
    "FORMAT",
    "DocumentRefused",
    "FilingExists",
    "Problem",
    "apply_document",
    "export_document",
    "export_project",
    "filings_for_export",
    "import_document",
    "load_filing",
    "parse_json",
    "read_document",
    "validate_document",
    "with_rows",
]
