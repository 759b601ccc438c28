"""Saving what the editor pages send: projects, indicator rows, the
department part, new filings. Each save runs in one transaction, refuses an
edit based on an outdated version, and logs what changed."""
from django.db import transaction
from django.db.models import Max

from targets import field_catalogue as catalogue
from targets.checks import run_checks
from targets.frameworks import framework_for
from targets.interchange import export_document, export_project, filings_for_export, import_document, load_filing
from targets.interchange.diff import ADDED, Change, diff_documents, diff_project
from targets.models import Filing, Indicator, Project, SpendingCheckpoint


class EditConflict(Exception):
    """Someone saved the same thing since this user opened it."""

    def __init__(self, current):
        self.current = current
        super().__init__("conflict")


class NotEditable(Exception):
    def __init__(self, filing):
        self.filing = filing
        super().__init__(f"申报当前状态为“{filing.get_status_display()}”，不能修改。")


def _snapshot(filing_id):
    return export_document(filings_for_export(Filing.objects.filter(pk=filing_id)).get())


def _record(filing, user, action, summary, changes=()):
    # Imported here: the review app's log builds on the targets models.
    from reviews.log import record

    record(filing, user, action, summary, changes)


def _log(filing, user, summary, before):
    changes = diff_documents(before, _snapshot(filing.pk))
    if changes:
        _record(filing, user, "edit", summary, changes)
    return changes


def _lock_filing(filing_id):
    filing = Filing.objects.select_for_update().get(pk=filing_id)
    if not filing.is_editable:
        raise NotEditable(filing)
    return filing


class _TrialSave(Exception):
    """Leaves the trial save's transaction, undoing everything it wrote."""


def checks_as_if_saved(filing, save, project_place=None):
    """(the filing/1 document, its problems) as they would be after
    `save()`: the save runs through the one save path and is rolled back,
    so the live checks of the editor judge exactly what 保存 would store
    and nothing is kept. With project_place, only that project is checked
    (it is projects[0] of the document returned): a project's rules look at
    the project alone, and checking the other nineteen of a large filing at
    every pause in typing would take most of the answer's time."""
    result = {}
    try:
        with transaction.atomic():
            save()
            result["document"] = export_document(load_filing(filing.pk))
            raise _TrialSave
    except _TrialSave:
        pass
    document = result["document"]
    if project_place is not None:
        document = {**document, "projects": [document["projects"][project_place]]}
    return document, run_checks(document)


@transaction.atomic
def save_project(filing, project, form, plan_form, row_formsets, user, trial=False):
    """Save a project's fields, spending plan and indicator rows.

    `project` is None for a new project. Refuses with EditConflict when the
    project was saved by someone else after `form` was rendered. A trial
    save (for the live checks, rolled back by checks_as_if_saved) neither
    asks for the version nor writes the history.
    """
    locked_filing = _lock_filing(filing.pk)
    before = None
    if project is not None:
        before = None if trial else export_project(project.pk)[1]
        current = Project.objects.select_for_update().get(pk=project.pk)
        if not trial and current.version != form.cleaned_data.get("version_seen"):
            raise EditConflict(current)
        project = form.save(commit=False)
        project.version = current.version + 1
    else:
        project = form.save(commit=False)
        project.filing = locked_filing
        last = locked_filing.projects.aggregate(last=Max("order"))["last"]
        project.order = 0 if last is None else last + 1
    project.save()

    if plan_form is not None:
        project.spending_plan.all().delete()
        SpendingCheckpoint.objects.bulk_create(
            SpendingCheckpoint(project=project, order=i, month=month, percent=percent)
            for i, (month, percent) in enumerate(plan_form.points())
        )
    _save_rows(locked_filing, project, row_formsets)
    _touch(locked_filing)
    if not trial:
        _log_project(locked_filing, user, project, before)
    return project


def _log_project(filing, user, project, before):
    """Log a project's save with the changes diff_documents() would find
    between the whole filing before and after: only this project changed,
    so only it is exported and compared."""
    place, after = export_project(project.pk)
    location, subject = f"projects[{place}]", f"项目“{after.get('name')}”"
    if before is None:
        changes = [Change(ADDED, location, subject)]
    else:
        changes = diff_project(before, after, location, subject, filing.layout)
    if changes:
        _record(filing, user, "edit", f"保存项目“{project.name}”", changes)


@transaction.atomic
def save_department(filing, form, row_formsets, user, trial=False):
    return _save_filing_form(filing, form, user, "保存单位整体部分", row_formsets=row_formsets, trial=trial)


@transaction.atomic
def save_settings(filing, form, user):
    return _save_filing_form(filing, form, user, "修改版式或金额单位",
                             update_fields=["layout", "amount_unit", "version", "updated_at"])


def _save_filing_form(filing, form, user, summary, row_formsets=(), update_fields=None, trial=False):
    """Save a form of the filing's own fields (and department rows), refused
    when the filing changed since the form was rendered (a trial save: see
    save_project)."""
    locked = _lock_filing(filing.pk)
    if not trial and locked.version != form.cleaned_data.get("version_seen"):
        raise EditConflict(locked)
    before = None if trial else _snapshot(filing.pk)
    updated = form.save(commit=False)
    updated.version = locked.version + 1
    updated.save(update_fields=update_fields)
    _save_rows(updated, None, row_formsets)
    if not trial:
        _log(updated, user, summary, before)
    return updated


# Every column a row edit may change: the catalogue's, its place, and what
# is derived from its value.
ROW_FIELDS = [f.column for f in catalogue.fields_of("indicator")] + ["order", *Indicator.PARSED_VALUE_COLUMNS]


def _save_rows(filing, project, row_formsets):
    """Write indicator rows in the order the user arranged them; period comes
    from the formset (中期 and 年度 are edited side by side). A constant
    number of queries however many rows a table has."""
    removed, changed, added = [], [], []
    order = 0
    for period, formset in row_formsets:
        removed += [form.instance.pk for form in formset.deleted_forms if form.instance.pk]
        for form in formset.kept_forms():
            # The instance still holds the stored place; the form's fields
            # hold what was posted. A row left as it was is not written.
            unchanged = (form.instance.pk and not form.has_changed() and form.instance.order == order
                         and (period is None or form.instance.period == period))
            if unchanged:
                order += 1
                continue
            row = form.save(commit=False)
            row.filing = filing
            row.project = project
            if period is not None:
                row.period = period
            row.order = order
            order += 1
            row.refresh_parsed_value()  # bulk writes skip save()
            (changed if row.pk else added).append(row)
    if removed:
        Indicator.objects.filter(filing=filing, pk__in=removed).delete()
    Indicator.objects.bulk_update(changed, ROW_FIELDS, batch_size=500)
    Indicator.objects.bulk_create(added, batch_size=500)


def _touch(filing):
    """A change to any project is a change to the filing: bump its version
    so stale department or settings forms are refused too."""
    Filing.objects.filter(pk=filing.pk).update(version=filing.version + 1)
    filing.version += 1


@transaction.atomic
def move_project(filing, project_id, step, user):
    locked = _lock_filing(filing.pk)
    projects = list(locked.projects.order_by("order", "id"))
    index = next((i for i, p in enumerate(projects) if p.pk == project_id), None)
    target = None if index is None else index + step
    if target is None or not 0 <= target < len(projects):
        return False
    projects[index], projects[target] = projects[target], projects[index]
    for order, project in enumerate(projects):
        project.order = order
    Project.objects.bulk_update(projects, ["order"])
    _touch(locked)
    _record(locked, user, "edit", f"调整项目“{projects[target].name}”的顺序：移至第 {target + 1} 位")
    return True


@transaction.atomic
def delete_project(filing, project_id, user):
    locked = _lock_filing(filing.pk)
    project = locked.projects.get(pk=project_id)
    before = _snapshot(filing.pk)
    name = project.name
    project.delete()
    for order, remaining in enumerate(locked.projects.order_by("order", "id")):
        if remaining.order != order:
            remaining.order = order
            remaining.save(update_fields=["order"])
    _touch(locked)
    _log(locked, user, f"删除项目“{name}”", before)


def start_filing(unit, year, layout, amount_unit, copy_from, user):
    """A new draft: empty in the chosen layout, or a copy of an earlier
    filing through the interchange format (the copy is independent)."""
    if copy_from is not None:
        document = export_document(filings_for_export(Filing.objects.filter(pk=copy_from.pk)).get())
        document["year"] = year
        document["layout"] = layout
        document["unit"]["name"] = unit.name
        with transaction.atomic():
            filing = import_document(document, user=user, unit=unit)
            _record(filing, user, "create", f"复制 {copy_from.year} 年度申报创建")
        return filing
    framework = framework_for(layout)
    with transaction.atomic():
        filing = Filing.objects.create(
            unit=unit,
            unit_name=unit.name,
            year=year,
            layout=layout,
            amount_unit=amount_unit,
            has_department=bool(framework.department_fields),
            has_budget="budget" in framework.department_fields,
            has_contact="contact" in framework.department_fields,
            created_by=user,
        )
        _record(filing, user, "create", "新建空白申报")
    return filing


def unit_indicator_names(unit, limit=500):
    """三级指标 names this unit used before, for suggestions."""
    return list(
        Indicator.objects.filter(filing__unit=unit)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:limit]
    )
