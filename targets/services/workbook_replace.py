"""Replacing a draft's content with a filled-in workbook: read it against
the draft (what the tables do not show is kept), show what would change,
and apply it in one transaction with a history entry. Used by the upload
page and by `import_filing PATH.xlsx --filing ID`."""
from django.db import transaction

from targets.interchange import (
    DocumentRefused,
    FilingExists,
    Problem,
    apply_document,
    export_document,
    filings_for_export,
    import_document,
)
from targets.interchange.diff import diff_documents
from targets.models import Filing
from targets.workbook_reader import read_workbook
from targets.workbook_reader.loading import load
from units.models import BudgetUnit, Region

from .editing import EditConflict, NotEditable


def current_document(filing_pk):
    return export_document(filings_for_export(Filing.objects.filter(pk=filing_pk)).get())


def read_for_filing(filing, data):
    """(WorkbookReading, [Change]) of a workbook against the filing as it is
    now; DocumentRefused with every problem otherwise. Writes nothing."""
    base = current_document(filing.pk)
    reading = read_workbook(data, base=base)
    return reading, diff_documents(base, reading.document)


@transaction.atomic
def apply_workbook(filing_pk, document, user, summary, expected_version=None):
    """Write the document into the filing and log the changes; refuses a
    filing that is no longer editable (NotEditable) or was saved since the
    preview was made (EditConflict). Returns the changes."""
    filing = Filing.objects.select_for_update().get(pk=filing_pk)
    if not filing.is_editable:
        raise NotEditable(filing)
    if expected_version is not None and filing.version != expected_version:
        raise EditConflict(filing)
    before = current_document(filing_pk)
    apply_document(filing, document)
    changes = diff_documents(before, current_document(filing_pk))
    # Imported here: the review app's log builds on the targets models.
    from reviews.log import record

    record(filing, user, "import", f"{summary}：{len(changes)} 处修改" if changes else f"{summary}：没有修改", changes)
    return changes


def import_workbook_file(data, name, filing_pk=None, replace=False, user=None):
    """(filing, changes) of `import_filing PATH.xlsx`. With filing_pk the
    workbook replaces that editable filing's content (unit and year stay);
    without, the workbook's properties name the unit and year, found or
    created as a JSON import does (an existing filing needs replace=True and
    must be editable). DocumentRefused for every problem; all or nothing."""
    summary = f"从工作簿“{name}”导入"
    if filing_pk is not None:
        filing = Filing.objects.filter(pk=filing_pk).first()
        if filing is None:
            raise DocumentRefused([Problem("", f"找不到编号为 {filing_pk} 的申报")])
        return _replace(filing, data, summary, user)
    _, metadata = load(data)  # the unit and year it names
    if not metadata.get("unit_name") or not metadata.get("year"):
        raise DocumentRefused([Problem("", "工作簿中没有单位和年度信息（不是本系统导出的工作簿），"
                                           "请用 --filing 指定要替换内容的申报")])
    existing = _existing_filing(metadata)
    if existing is not None:
        if not replace:
            raise FilingExists(existing)
        return _replace(existing, data, summary, user)
    document = read_workbook(data).document
    with transaction.atomic():
        filing = import_document(document, user=user)
        from reviews.log import record

        record(filing, user, "import", f"{summary}：新建申报")
    return filing, []


def _replace(filing, data, summary, user):
    if not filing.is_editable:
        raise DocumentRefused([Problem("", f"申报（编号 {filing.pk}）当前状态为“{filing.get_status_display()}”，"
                                           "只有草稿或已退回的申报可以用工作簿替换")])
    reading, _ = read_for_filing(filing, data)
    try:
        changes = apply_workbook(filing.pk, reading.document, user, summary, expected_version=filing.version)
    except (NotEditable, EditConflict):
        raise DocumentRefused([Problem("", "申报在导入过程中被修改或提交，未导入，请重试")]) from None
    filing.refresh_from_db()
    return filing, changes


def _existing_filing(metadata):
    """The filing for the unit and year a workbook names, without creating
    anything (matched as targets.interchange matches a unit on import)."""
    if metadata.get("region_code"):
        region = Region.objects.filter(code=metadata["region_code"]).first()
    else:
        region = Region.objects.filter(name=metadata.get("region_name") or "").order_by("pk").first()
    if region is None:
        return None
    units = BudgetUnit.objects.filter(region=region)
    code = metadata.get("unit_code")
    unit = (units.filter(code=code).first() if code else None) or units.filter(name=metadata["unit_name"]).first()
    if unit is None or not metadata["year"].isdigit():
        return None
    return Filing.objects.filter(unit=unit, year=int(metadata["year"])).first()
