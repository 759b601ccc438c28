"""A reviewer's comments stay on their project and indicator row when the
unit replaces the filing's content (a workbook upload, a JSON import): the
import keeps the items it matches, so their ids and URLs stay too, and the
upload's preview says where each comment goes."""
import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.comments import FilingComments, add_comment, comments_through_import
from reviews.models import Comment
from reviews.transitions import transition
from targets.interchange import export_document, load_filing
from targets.interchange.diff import diff_documents
from targets.models import Indicator, Project
from targets.services.filing_import import replace_content
from targets.tables import workbook_bytes

from ..targets.workbook_editing import open_workbook, saved
from .conftest import client_for, submitted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def returned_with_comments(world):
    """The home filing returned after the reviewer commented on its project
    and on the project's second indicator row."""
    filing = submitted(world.home.filing, world.home.staff)
    project = filing.projects.get()
    reviewer = world.home.reviewer
    on_project = add_comment(filing.pk, reviewer, "资金用途写得太笼统", project_id=project.pk)
    on_row = add_comment(filing.pk, reviewer, "计划完成率应量化", project_id=project.pk, indicator_index=1)
    transition(filing.pk, reviewer, "return", comment="请按意见修改", conclusion="中")
    filing.refresh_from_db()
    return filing, project, on_project, on_row


def workbook_with_value(filing, old, new):
    """The filing's workbook with the cell holding `old` set to `new`."""
    workbook = open_workbook(workbook_bytes(export_document(load_filing(filing.pk))))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value == old]
    assert len(cells) == 1, cells
    cells[0].value = new
    return saved(workbook)


def test_workbook_import_keeps_comments_rows_and_project_url(world, returned_with_comments):
    filing, project, on_project, on_row = returned_with_comments
    row = on_row.indicator
    staff = client_for(world.home.staff)
    data = workbook_with_value(filing, row.value, "会议按计划完成率100%")

    preview = staff.post(reverse("targets:workbook_upload", args=[filing.pk]),
                         {"workbook": SimpleUploadedFile("改.xlsx", data, content_type=XLSX)})
    assert [(c.field, c.new) for c in preview.context["changes"]] == [("指标值", "会议按计划完成率100%")]
    assert [(c.pk, stays_on) for c, stays_on in preview.context["comment_fates"]] == [
        (on_project.pk, f"项目“{project.name}”"),
        (on_row.pk, f"项目“{project.name}”的指标“计划完成率”"),
    ]
    assert "导入后仍针对" in preview.content.decode()

    staff.post(reverse("targets:workbook_upload_confirm", args=[filing.pk]),
               {"token": preview.context["token"]})
    row.refresh_from_db()
    assert row.value == "会议按计划完成率100%" and row.value_kind == "quantitative"
    assert Comment.objects.get(pk=on_row.pk).indicator_id == row.pk
    assert Comment.objects.get(pk=on_project.pk).project_id == project.pk
    assert list(filing.projects.values_list("pk", flat=True)) == [project.pk]
    assert FilingComments(filing).orphaned() == []
    assert staff.get(reverse("targets:project", args=[filing.pk, project.pk])).status_code == 200
    # The reviewer reads the comment beside its row, not among removed items.
    transition(filing.pk, world.home.staff, "submit")
    page = client_for(world.home.reviewer).get(reverse("reviews:filing", args=[filing.pk])).content.decode()
    assert "计划完成率应量化" in page and "针对已删除内容的意见" not in page


def test_preview_names_comments_whose_row_the_workbook_removes(world, returned_with_comments):
    filing, project, on_project, on_row = returned_with_comments
    document = export_document(load_filing(filing.pk))
    del document["projects"][0]["indicators"][1]

    assert [(c.pk, stays_on) for c, stays_on in comments_through_import(filing, document)] == [
        (on_project.pk, f"项目“{project.name}”"), (on_row.pk, None)]
    replace_content(filing.pk, document, world.home.staff, "导入")
    assert Comment.objects.get(pk=on_row.pk).is_orphaned
    assert [c.pk for c in FilingComments(filing).orphaned()] == [on_row.pk]


def test_json_replace_matches_projects_and_rows_by_content(world, returned_with_comments):
    filing, project, on_project, on_row = returned_with_comments
    row_ids = list(project.indicators.order_by("order", "id").values_list("pk", flat=True))
    document = export_document(load_filing(filing.pk))
    first = document["projects"][0]
    second = dict(copy.deepcopy(first), code="SECOND-001", name="第二个项目")
    document["projects"].append(second)
    replace_content(filing.pk, document, world.home.staff, "导入")
    second_pk = Project.objects.get(filing=filing, code="SECOND-001").pk

    # The projects swap places, the first is renamed (its code stays), a row
    # is inserted at its top, its plan changes; a third project is new.
    document = copy.deepcopy(document)
    first, second = document["projects"]
    first["name"] = "改名后的项目"
    first["indicators"].insert(0, dict(first["indicators"][0], name="新插入的指标"))
    first["indicators"][2]["value"] = "≥95%"
    first["spending_plan"] = [{"month": 6, "percent": "40"}, {"month": 12, "percent": "100"}]
    third = dict(copy.deepcopy(second), code="THIRD-001", name="第三个项目")
    document["projects"] = [second, first, third]
    replace_content(filing.pk, document, world.home.staff, "导入")

    assert diff_documents(document, export_document(load_filing(filing.pk))) == []
    projects = list(filing.projects.order_by("order", "id"))
    assert [p.pk for p in projects[:2]] == [second_pk, project.pk]
    assert projects[2].pk not in (second_pk, project.pk)
    rows = list(Indicator.objects.filter(project=project).order_by("order", "id").values_list("pk", flat=True))
    assert rows[1:] == row_ids and rows[0] not in row_ids
    moved = Comment.objects.get(pk=on_row.pk)
    assert moved.indicator_id == row_ids[1] and moved.indicator.value == "≥95%"
    assert Comment.objects.get(pk=on_project.pk).project.name == "改名后的项目"

    # Without the first project its comments point at removed items.
    document["projects"] = [second, third]
    replace_content(filing.pk, document, world.home.staff, "导入")
    assert {c.pk for c in FilingComments(filing).orphaned()} == {on_project.pk, on_row.pk}
    assert diff_documents(document, export_document(load_filing(filing.pk))) == []


def test_import_bumps_the_version_of_a_changed_project_only(world, returned_with_comments):
    filing, project, _, _ = returned_with_comments
    document = export_document(load_filing(filing.pk))
    document["projects"].append(dict(copy.deepcopy(document["projects"][0]), code="SECOND-001", name="第二个"))
    replace_content(filing.pk, document, world.home.staff, "导入")
    versions = dict(filing.projects.values_list("pk", "version"))
    document["projects"][1]["annual_goal"] = "新的年度目标"
    replace_content(filing.pk, document, world.home.staff, "导入")
    after = dict(filing.projects.values_list("pk", "version"))
    second = Project.objects.get(filing=filing, code="SECOND-001").pk
    # An editor page opened on the changed project before the import is refused on save.
    assert after[second] == versions[second] + 1 and after[project.pk] == versions[project.pk]
