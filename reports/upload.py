"""A filled workbook of a report's official table (执行监控表 or 自评表,
read by its kind's reader: reports.kinds) uploaded into the unit's report,
as a filing's workbook is (targets/services/workbook_replace.py): read against
the report as it is now and shown as a list of changes, field by field;
written only on confirmation, through reports.replacement (validation,
the approved part kept, then reports.saving's version guard and history).

    read_upload(report, data) -> (document, [Change])   or replacement.DocumentRefused
    apply_upload(report, document, version_seen, user) -> (report, [Change])

The problems of a workbook name their sheet and cell in Chinese
("项目1!F12：1–7月执行数“abc”不是金额"); with any of them nothing is
written. A self-evaluation workbook's reviewer cells (复核得分, 复核理由)
must show what the report holds, and saving keeps them as they are."""
from .kinds import kind_of
from .replacement import DocumentRefused, replace_document
from .saving import document_changes


def read_upload(report, data):
    """(document, changes) of a workbook's bytes against the report as it
    stands; DocumentRefused with every problem. Writes nothing."""
    document, problems = kind_of(report.document).read_workbook(data, report.document)
    if problems:
        raise DocumentRefused(problems)
    return document, document_changes(report.document, document)


def apply_upload(report, document, version_seen, user):
    """Write a document read by read_upload into the report, if the report
    is still at `version_seen` (the version the preview was made against).
    Returns (the saved report, its changes). Raises
    reports.replacement.DocumentRefused, reports.saving.NotEditable or
    EditConflict: nothing is written then."""
    changes = document_changes(report.document, document)
    return replace_document(report, document, version_seen, user), changes
