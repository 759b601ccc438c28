"""export_report and import_report: a report's monitoring/1 document out to
a file and back in (the round trip gives the same JSON), validated, the
approved part unchangeable, saved with history through save_report and
nothing written on any problem (named by its JSON path, in Chinese)."""
import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.models import ReportStatus
from reports.opening import open_monitoring
from reviews.models import LogEntry

from .core_support import DEADLINE, lagging, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def report(world):
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    return exercise.reports.get()


def export(report, path):
    call_command("export_report", str(report.pk), "-o", str(path), stdout=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def import_(report, path, *extra):
    out = io.StringIO()
    call_command("import_report", str(path), "--report", str(report.pk), *extra, stdout=out)
    return out.getvalue()


def write(path, document):
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def filled(document):
    p, i = lagging(document)
    project = document["projects"][p]
    project["goal_progress"] = "截至7月底完成年度目标的55%。"
    project["budget"]["total"]["executed"] = "10"
    item = project["indicators"][i]
    item.update(reasons=["经费保障", "其他"], reason_text="资金拨付滞后", likelihood="有可能",
                measures="下半年集中组织", note="已报主管部门")
    return document


def test_export_then_import_gives_the_same_json(world, report, tmp_path):
    path = tmp_path / "report.json"
    exported = export(report, path)
    assert exported == report.document and exported["format"] == "monitoring/1"

    document = filled(copy.deepcopy(exported))
    write(path, document)
    assert import_(report, path, "--user", world.admin.username) == f"已导入监控报告 {report.pk}（版本 2）\n"
    report.refresh_from_db()
    assert report.document == document and report.version == 2
    entry = LogEntry.objects.get(report_id=report.pk, action="edit")
    assert entry.user == world.admin and len(entry.changes) == 8

    again = tmp_path / "again.json"
    assert export(report, again) == document
    assert again.read_text(encoding="utf-8") == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # The lights the overview lists follow the imported entries.
    assert report.red >= 1


def test_a_wrong_document_writes_nothing_and_names_each_path(world, report, tmp_path):
    path = tmp_path / "report.json"
    document = export(report, path)
    document["projects"][0]["indicators"][0]["likelihood"] = "也许"
    document["projects"][0]["goal_progress"] = "这一处本可写入"
    write(path, document)
    with pytest.raises(CommandError) as refused:
        import_(report, path)
    assert str(refused.value) == ("导入失败，未写入任何数据。report.json 有 1 处问题：\n"
                                  "  projects[0].indicators[0].likelihood：应为 “确定能”、“有可能”、“完全不可能” 之一，实际是“也许”")
    report.refresh_from_db()
    assert report.version == 1 and report.document["projects"][0]["goal_progress"] is None
    assert not LogEntry.objects.filter(report_id=report.pk, action="edit").exists()


def test_approved_values_must_match(world, report, tmp_path):
    path = tmp_path / "report.json"
    document = export(report, path)
    name = document["projects"][0]["name"]
    document["projects"][0]["name"] = "改过的项目名称"
    document["projects"][0]["indicators"][1]["value"] = "≥999"
    old_value = report.document["projects"][0]["indicators"][1]["value"]
    write(path, document)
    with pytest.raises(CommandError) as refused:
        import_(report, path)
    assert str(refused.value) == (
        "导入失败，未写入任何数据。report.json 有 2 处问题：\n"
        f"  projects[0].name：项目名称是审核通过的内容，不能修改（应为“{name}”）\n"
        f"  projects[0].indicators[1].value：年度指标值是审核通过的内容，不能修改（应为“{old_value}”）")
    report.refresh_from_db()
    assert report.version == 1


def test_a_submitted_report_or_bad_input_is_refused(world, report, tmp_path):
    path = tmp_path / "report.json"
    document = export(report, path)
    type(report).objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    with pytest.raises(CommandError, match="^导入失败，未写入任何数据。此报告已提交，不能修改。$"):
        import_(report, path)
    path.write_text("{不是 JSON", encoding="utf-8")
    with pytest.raises(CommandError, match="report.json 不是有效的 JSON"):
        import_(report, path)
    with pytest.raises(CommandError, match="找不到编号为 987654 的监控报告"):
        call_command("export_report", "987654", "-o", str(path))
    write(path, document)
    with pytest.raises(CommandError, match="找不到账号“nobody”"):
        import_(type(report).objects.get(pk=report.pk), path, "--user", "nobody")
    report.refresh_from_db()
    assert report.version == 1
