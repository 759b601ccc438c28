"""Bringing a workbook back: the upload page (own unit's editable draft
only, preview, confirm, history) and `import_filing PATH.xlsx`."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from reviews.models import LogEntry
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus
from targets.tables import workbook_bytes
from units.models import BudgetUnit

from .. import factories
from ..conftest import load_example
from .workbook_editing import open_workbook, saved

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setting(db):
    region = factories.region("沅江市", code="430981", layout="hunan")
    unit = factories.unit(region, code="430001", name="中共沅江市委网络安全和信息化委员会办公室")
    filing = factories.filing(unit, example="hunan-yuanjiang-2024")
    staff = factories.person("staff", unit)
    other_unit = factories.unit(region, name="泄露检测单位")
    other = factories.filing(other_unit, example="hunan-yuanjiang-2024")
    return {"filing": filing, "staff": staff, "other": other, "region": region,
            "reviewer": factories.person("reviewer", jurisdiction=[region]),
            "admin": factories.person("admin"), "outsider": factories.person("staff", other_unit)}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def edited_workbook(filing):
    """The filing's workbook with a changed 本年度绩效目标 and 指标值."""
    workbook = open_workbook(workbook_bytes(export_document(load_filing(filing.pk))))
    sheet = workbook.worksheets[1]
    sheet["B7"] = "上传后的本年度绩效目标"
    sheet["E9"] = "≥6次"
    return saved(workbook)


def submit(filing):
    # The workflow's own checks are not the point here.
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.SUBMITTED)


def upload(client, filing, data, name="绩效目标表.xlsx"):
    return client.post(reverse("targets:workbook_upload", args=[filing.pk]),
                       {"workbook": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_upload_previews_then_confirm_applies_and_logs(setting):
    filing, client = setting["filing"], client_for(setting["staff"])
    assert "导入 XLSX" in client.get(reverse("targets:filing", args=[filing.pk])).content.decode()
    response = upload(client, filing, edited_workbook(filing))
    assert response.status_code == 200
    assert [(c.field, c.new) for c in response.context["changes"]] == [
        ("本年度绩效目标", "上传后的本年度绩效目标"), ("指标值及单位", "≥6次")]
    filing.refresh_from_db()
    assert filing.version == 1  # nothing written by the preview
    token = response.context["token"]
    response = client.post(reverse("targets:workbook_upload_confirm", args=[filing.pk]), {"token": token})
    assert response.status_code == 302 and response.url == reverse("targets:filing", args=[filing.pk])
    project = load_filing(filing.pk).projects.order_by("order").first()
    assert project.annual_goal == "上传后的本年度绩效目标"
    entry = LogEntry.objects.get(filing_id=filing.pk, action="import")
    assert entry.user == setting["staff"]
    assert entry.summary == "从工作簿“绩效目标表.xlsx”导入：2 处修改"
    assert [c["new"] for c in entry.changes] == ["上传后的本年度绩效目标", "≥6次"]
    # The same preview cannot be applied twice: the filing moved on.
    again = client.post(reverse("targets:workbook_upload_confirm", args=[filing.pk]), {"token": token})
    assert again.status_code == 302 and again.url == reverse("targets:workbook_upload", args=[filing.pk])
    assert LogEntry.objects.filter(filing_id=filing.pk, action="import").count() == 1


def test_problems_are_listed_and_nothing_is_written(setting):
    filing, client = setting["filing"], client_for(setting["staff"])
    workbook = open_workbook(edited_workbook(filing))
    workbook.worksheets[1]["B4"] = "九点六"
    before = export_document(load_filing(filing.pk))
    response = upload(client, filing, saved(workbook))
    assert response.status_code == 200
    assert response.context["problems"] == ["B“沅江市网络安全应急指挥中心”运行专项工作经费!B4：无法识别的金额“九点六”，应为数字，如 12.50"]
    assert "token" not in response.context
    assert export_document(load_filing(filing.pk)) == before


@pytest.mark.parametrize("name, data, message", [
    ("表.xls", b"\xd0\xcf\x11\xe0", "不是 .xlsx 文件"),
    ("表.xlsx", b"corrupt", "不是有效的 .xlsx 工作簿"),
    ("表.xlsx", b"PK" + b"\0" * (5 * 1024 * 1024), "不能超过 5 MB"),
])
def test_wrong_files_get_a_clear_message(setting, name, data, message):
    response = upload(client_for(setting["staff"]), setting["filing"], data, name)
    assert response.status_code == 200
    assert message in response.context["problems"][0]


def test_a_forged_token_is_refused(setting):
    filing = setting["filing"]
    response = client_for(setting["staff"]).post(
        reverse("targets:workbook_upload_confirm", args=[filing.pk]), {"token": "forged"})
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing.pk).version == 1


def test_who_may_upload(setting):
    filing, other = setting["filing"], setting["other"]
    data = edited_workbook(filing)
    url = reverse("targets:workbook_upload", args=[filing.pk])
    assert client_for(setting["staff"]).get(url).status_code == 200
    # Another unit's staff do not learn that the filing exists.
    assert upload(client_for(setting["staff"]), other, data).status_code == 404
    assert upload(client_for(setting["outsider"]), filing, data).status_code == 404
    # Reviewers and admins see the filing but never edit it.
    assert upload(client_for(setting["reviewer"]), filing, data).status_code == 403
    assert upload(client_for(setting["admin"]), filing, data).status_code == 403
    # A submitted filing is not editable by its own staff either.
    submit(filing)
    assert upload(client_for(setting["staff"]), filing, data).status_code == 403
    assert "导入 XLSX" not in client_for(setting["staff"]).get(
        reverse("targets:filing", args=[filing.pk])).content.decode()
    assert not LogEntry.objects.filter(action="import").exists()


def test_command_replaces_a_draft_by_id(setting, tmp_path, capsys):
    filing = setting["filing"]
    path = tmp_path / "表.xlsx"
    path.write_bytes(edited_workbook(filing))
    call_command("import_filing", str(path), "--filing", str(filing.pk))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"已导入 表.xlsx：2024年 中共沅江市委网络安全和信息化委员会办公室（编号 {filing.pk}），2 处修改"
    assert lines[-1] == str(filing.pk)
    assert LogEntry.objects.get(filing_id=filing.pk, action="import").user == setting["admin"]
    submit(filing)
    with pytest.raises(CommandError, match="当前状态为“已提交”，只有草稿或已退回的申报可以替换内容"):
        call_command("import_filing", str(path), "--filing", str(filing.pk))


def test_command_finds_the_unit_from_the_workbook(setting, tmp_path, capsys):
    filing = setting["filing"]
    path = tmp_path / "表.xlsx"
    path.write_bytes(edited_workbook(filing))
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_filing", str(path))
    call_command("import_filing", str(path), "--replace")
    assert capsys.readouterr().out.splitlines()[-1] == str(filing.pk)
    assert load_filing(filing.pk).projects.order_by("order").first().annual_goal == "上传后的本年度绩效目标"


def test_command_creates_a_filing_for_a_new_unit(db, tmp_path, capsys):
    factories.person("admin")  # the history's name for the import
    document = factories.load_example("anhui-suzhou-2023")
    path = tmp_path / "表.xlsx"
    path.write_bytes(workbook_bytes(document))
    call_command("import_filing", str(path))
    filing = load_filing(int(capsys.readouterr().out.splitlines()[-1]))
    assert BudgetUnit.objects.get().name == "中共宿州市委网络安全和信息化委员会办公室"
    assert export_document(filing)["projects"] == document["projects"]


def test_command_refuses_a_bad_workbook_and_writes_nothing(setting, tmp_path):
    filing = setting["filing"]
    workbook = open_workbook(edited_workbook(filing))
    workbook.worksheets[1]["F4"] = "很多"
    path = tmp_path / "表.xlsx"
    path.write_bytes(saved(workbook))
    before = export_document(load_filing(filing.pk))
    with pytest.raises(CommandError) as caught:
        call_command("import_filing", str(path), "--filing", str(filing.pk))
    assert "B“沅江市网络安全应急指挥中心”运行专项工作经费!F4：无法识别的金额“很多”" in str(caught.value)
    assert export_document(load_filing(filing.pk)) == before


@pytest.mark.parametrize("example, sheet_index, cell, expected_ref", [
    ("hunan-yuanjiang-2024", 0, "B3", "部门整体支出绩效目标表!B3"),
    ("hebei-huailai-2022", 1, "A2", None),  # the unit line over a project table: "224001" + name
])
def test_staff_upload_keeps_the_roster_unit_name(db, example, sheet_index, cell, expected_ref):
    """The printed unit name is the roster's (issue 16): a staff member's
    workbook cannot change it, as the API cannot; the preview says which
    cell was not taken, and confirming writes the roster's name."""
    layout = "hunan" if "hunan" in example else "hebei"
    region = factories.region("测试县", code="130730" if layout == "hebei" else "430981", layout=layout)
    roster_name = load_example(example)["unit"]["name"]
    unit = factories.unit(region, code="224001", name=roster_name)
    filing = factories.filing(unit, example=example)
    staff = factories.person("staff", unit)
    workbook = open_workbook(workbook_bytes(export_document(load_filing(filing.pk))))
    sheet = workbook.worksheets[sheet_index]
    typed = "另一个单位（自行改写）"
    sheet[cell] = ("224001" + typed) if layout == "hebei" else typed
    ref = expected_ref or f"{sheet.title}!{cell}"
    client = client_for(staff)
    response = upload(client, filing, saved(workbook))
    assert response.status_code == 200
    assert [c.field for c in response.context["changes"]] == []
    assert response.context["warnings"] == [
        f"{ref}：单位名称“{typed}”未导入，单位名称以管理员维护的名册为准（{roster_name}）"]
    client.post(reverse("targets:workbook_upload_confirm", args=[filing.pk]), {"token": response.context["token"]})
    filing.refresh_from_db()
    assert filing.unit_name == roster_name
    assert export_document(load_filing(filing.pk))["unit"]["name"] == roster_name
