"""export_report and import_report with a self-evaluation report: its
evaluation/1 document out to a file and back in (the round trip gives the
same JSON, the computed 得分 as the rules give them), the format chosen by
the report's kind (a monitoring/1 document is refused for it), the approved
part unchangeable and the reviewer's 复核 keys the report's own; nothing
written on any problem, each named by its JSON path in Chinese."""
import copy
import json

import pytest
from django.core.management.base import CommandError

from reports.models import Report
from reports.opening import open_evaluation, open_monitoring
from reviews.models import LogEntry

from .core_support import DEADLINE, make_world
from .test_evaluation_api import filled
from .test_report_commands import export, import_, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def report(world):
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    return exercise.reports.get()


def test_export_then_import_gives_the_same_json(world, report, tmp_path):
    path = tmp_path / "evaluation.json"
    exported = export(report, path)
    assert exported == report.document and exported["format"] == "evaluation/1"

    document = filled(copy.deepcopy(exported))
    document["projects"][0]["problems"] = "部分会议延期。"
    write(path, document)
    assert import_(report, path, "--user", world.admin.username) == f"已导入自评报告 {report.pk}（版本 2）\n"
    report = Report.objects.get(pk=report.pk)
    assert report.version == 2 and report.grade == "优"
    entry = LogEntry.objects.get(report_id=report.pk, action="edit")
    assert entry.user == world.admin and entry.summary.startswith("保存自评报告（")

    # What was imported comes out again, 得分 included (the rules' for the
    # quantitative rows, the unit's for the qualitative ones).
    again = tmp_path / "again.json"
    out = export(report, again)
    assert out == report.document
    assert [item["score"] for item in out["projects"][0]["indicators"]] == [
        item["score"] for item in report.document["projects"][0]["indicators"]]
    assert all(item["score"] is not None for item in out["projects"][0]["indicators"])
    assert again.read_text(encoding="utf-8") == json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    # The exported document imports back unchanged: a second round trip is the same JSON.
    import_(report, again)
    assert export(Report.objects.get(pk=report.pk), tmp_path / "third.json") == out


def test_the_format_follows_the_reports_kind(world, report, tmp_path):
    monitoring = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a).reports.get()
    path = tmp_path / "monitoring.json"
    assert export(monitoring, path)["format"] == "monitoring/1"
    with pytest.raises(CommandError) as refused:
        import_(report, path)
    assert str(refused.value).startswith("导入失败，未写入任何数据。monitoring.json 有 ")
    assert "format：" in str(refused.value)
    report.refresh_from_db()
    assert report.version == 1


def test_a_wrong_or_changed_document_writes_nothing_and_names_each_path(world, report, tmp_path):
    path = tmp_path / "evaluation.json"
    document = filled(export(report, path))
    document["projects"][0]["indicators"][0]["weight"] = "很多"
    write(path, document)
    with pytest.raises(CommandError) as refused:
        import_(report, path)
    assert str(refused.value).startswith("导入失败，未写入任何数据。evaluation.json 有 1 处问题：\n"
                                         "  projects[0].indicators[0].weight：")

    document = filled(copy.deepcopy(report.document))
    old_value = document["projects"][0]["indicators"][1]["value"]
    document["projects"][0]["indicators"][1]["value"] = "≥999"
    write(path, document)
    with pytest.raises(CommandError) as refused:
        import_(report, path)
    assert str(refused.value) == (
        "导入失败，未写入任何数据。evaluation.json 有 1 处问题：\n"
        f"  projects[0].indicators[1].value：年度指标值是审核通过的内容，不能修改（应为“{old_value}”）")
    report.refresh_from_db()
    assert report.version == 1 and not LogEntry.objects.filter(report_id=report.pk, action="edit").exists()


def test_a_review_score_in_the_file_is_not_imported(world, report, tmp_path):
    path = tmp_path / "evaluation.json"
    document = filled(export(report, path))
    document["projects"][0]["indicators"][0].update(review_score="0", review_reason="文件里的复核")
    write(path, document)
    import_(report, path)
    report.refresh_from_db()
    item = report.document["projects"][0]["indicators"][0]
    assert (item["review_score"], item["review_reason"], report.review_total) == (None, None, None)
