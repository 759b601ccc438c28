"""Replacing a draft's content with a filled-in workbook: read it against
the draft (what the tables do not show is kept) and show what would change;
the upload page then applies it through services.filing_import (one
transaction with a history entry), as `import_filing PATH.xlsx` does here."""
from targets.interchange import DocumentRefused, FilingExists, Problem
from targets.interchange.diff import diff_documents
from targets.models import Filing
from targets.workbook_reader import read_workbook
from targets.workbook_reader.loading import load
from units import permissions
from units.models import BudgetUnit, Region

from .filing_import import current_document, import_new, not_replaceable, replace_guarded


def read_for_filing(filing, data):
    """(WorkbookReading, [Change]) of a workbook against the filing as it is
    now; DocumentRefused with every problem otherwise. Writes nothing."""
    base = current_document(filing.pk)
    reading = read_workbook(data, base=base)
    return reading, diff_documents(base, reading.document)


def read_upload(filing, data, user):
    """read_for_filing() of a workbook a user uploads. For one who may not
    import for any unit (a unit's staff) the unit name stays the roster's,
    as the API keeps it: the printed name reaches the reviewers' queue, the
    tables and the bulk export's manifest, and only an admin names units."""
    reading, changes = read_for_filing(filing, data)
    if not permissions.may(user, permissions.IMPORT_FOR_ANY_UNIT) and keep_roster_name(reading, filing.unit.name):
        changes = diff_documents(current_document(filing.pk), reading.document)
    return reading, changes


def keep_roster_name(reading, roster_name):
    """Put the roster's unit name into the reading, with a warning naming
    the cell whose other name was not taken; whether it changed anything."""
    unit = reading.document["unit"]
    if unit.get("name") == roster_name:
        return False
    where = reading.locations.get("unit.name")
    reading.warnings.append(f"{where + '：' if where else ''}单位名称“{unit.get('name')}”未导入，"
                            f"单位名称以管理员维护的名册为准（{roster_name}）")
    unit["name"] = roster_name
    return True


def import_workbook_file(data, name, filing_pk=None, replace=False, user=None, adjust=""):
    """(filing, changes) of `import_filing PATH.xlsx`. With filing_pk the
    workbook replaces that editable filing's content (unit and year stay);
    without, the workbook's properties name the unit and year, found or
    created as a JSON import does (an existing filing needs replace=True and
    must be editable). `adjust` reopens an approved filing first, as
    filing_import.replace_content does. DocumentRefused for every problem;
    all or nothing."""
    summary = f"从工作簿“{name}”导入"
    if filing_pk is not None:
        filing = Filing.objects.filter(pk=filing_pk).first()
        if filing is None:
            raise DocumentRefused([Problem("", f"找不到编号为 {filing_pk} 的申报")])
        return _replace(filing, data, summary, user, adjust)
    _, metadata = load(data)  # the unit and year it names
    if not metadata.get("unit_name") or not metadata.get("year"):
        raise DocumentRefused([Problem("", "工作簿中没有单位和年度信息（不是本系统导出的工作簿），"
                                           "请用 --filing 指定要替换内容的申报")])
    existing = _existing_filing(metadata)
    if existing is not None:
        if not replace:
            raise FilingExists(existing)
        return _replace(existing, data, summary, user, adjust)
    return import_new(read_workbook(data).document, user, f"{summary}：新建申报"), []


def _replace(filing, data, summary, user, adjust):
    if not filing.is_editable and not adjust:
        raise not_replaceable(filing)  # before reading: the workbook's problems do not matter then
    reading, _ = read_for_filing(filing, data)
    changes = replace_guarded(filing, reading.document, user, summary, expected_version=filing.version,
                              adjust=adjust)
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
