"""Loading a province's regions, units and people from the roster workbook
(units/roster.py, manage.py import_units)."""
import csv
from io import BytesIO

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from targets.visibility import units_for_user
from units.models import BudgetUnit, Region, User
from units.roster import SHEETS, RosterError, load_roster, roster_bytes

from .. import factories

REGIONS = [
    # A county before its city: parents are found wherever they are.
    ["130730", "怀来县", "130700", ""],
    ["130000", "河北省", "", "河北版式"],
    ["130700", "张家口市", "130000", ""],
]
UNITS = [
    ["130730", "224001", "中共怀来县委网络安全和信息化委员会办公室", ""],
    ["130730", "224002", "怀来县财政局", "hunan"],
]
PEOPLE = [
    ["staff_224001", "王填报", "填报人", "130730", "224001", "", "", "13800000000"],
    ["reviewer_zjk", "李审核", "审核人", "", "", "130700、130730", "张家口市财政局", ""],
    ["admin_hb", "赵管理", "管理员", "", "", "", "河北省财政厅", ""],
]


def roster(regions=REGIONS, units=UNITS, people=PEOPLE, headings=None):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in (("行政区划", regions), ("预算单位", units), ("人员", people)):
        if rows is None:
            continue
        ws = workbook.create_sheet(sheet)
        ws.append((headings or {}).get(sheet, SHEETS[sheet]))
        for row in rows:
            ws.append(row)
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def counts():
    return Region.objects.count(), BudgetUnit.objects.count(), User.objects.count()


@pytest.mark.django_db
def test_a_roster_creates_the_tree_units_and_people_who_can_sign_in():
    result = load_roster(roster())

    assert result.summary() == "行政区划：新建 3，更新 0，未变 0；预算单位：新建 2，更新 0，未变 0；人员：新建 3，更新 0，未变 0"
    county = Region.objects.get(code="130730")
    assert (county.parent.code, county.parent.parent.code) == ("130700", "130000")
    assert county.effective_layout() == "hebei"  # from the province
    assert Region.objects.get(code="130000").level == Region.Level.PROVINCE
    assert BudgetUnit.objects.get(code="224002").effective_layout() == "hunan"

    staff = User.objects.get(username="staff_224001")
    assert (staff.role, staff.unit.code, staff.first_name, staff.phone) == ("staff", "224001", "王填报", "13800000000")
    reviewer = User.objects.get(username="reviewer_zjk")
    assert sorted(r.code for r in reviewer.jurisdiction.all()) == ["130700", "130730"]
    assert units_for_user(reviewer).count() == 2
    admin = User.objects.get(username="admin_hb")
    assert admin.is_app_admin and admin.is_staff and admin.organisation == "河北省财政厅"

    passwords = dict(result.passwords)
    assert set(passwords) == {"staff_224001", "reviewer_zjk", "admin_hb"}
    assert len(set(passwords.values())) == 3 and all(len(p) == 16 for p in passwords.values())
    assert Client().login(username="staff_224001", password=passwords["staff_224001"])


@pytest.mark.django_db
def test_initial_passwords_are_stored_with_few_rounds_until_first_used(settings):
    """Thousands of accounts load in seconds: a random 16-character password
    needs no key stretching; Django stores it with its own count at sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    password = dict(load_roster(roster(people=PEOPLE[:1])).passwords)["staff_224001"]
    staff = User.objects.get(username="staff_224001")
    hasher = identify_hasher(staff.password)
    assert hasher.algorithm == "pbkdf2_sha256"
    assert hasher.decode(staff.password)["iterations"] == 1000 < hasher.iterations

    assert Client().login(username="staff_224001", password=password)

    staff.refresh_from_db()
    assert identify_hasher(staff.password).decode(staff.password)["iterations"] == hasher.iterations


@pytest.mark.django_db
def test_loading_again_updates_rows_and_keeps_passwords():
    first = dict(load_roster(roster()).passwords)
    people = [list(row) for row in PEOPLE]
    people[0][1] = "王填报（已调岗）"
    people[1][5] = "130730"
    units = [list(row) for row in UNITS]
    units[1][2] = "怀来县财政局（更名）"

    result = load_roster(roster(units=units, people=people))

    assert result.summary() == "行政区划：新建 0，更新 0，未变 3；预算单位：新建 0，更新 1，未变 1；人员：新建 0，更新 2，未变 1"
    assert result.passwords == []
    assert counts() == (3, 2, 3)
    assert User.objects.get(username="staff_224001").first_name == "王填报（已调岗）"
    assert [r.code for r in User.objects.get(username="reviewer_zjk").jurisdiction.all()] == ["130730"]
    assert BudgetUnit.objects.get(code="224002").name == "怀来县财政局（更名）"
    assert Client().login(username="staff_224001", password=first["staff_224001"])


@pytest.mark.django_db
def test_every_wrong_row_is_named_and_nothing_is_written():
    regions = REGIONS + [["13073", "错误县", "130700", ""], ["130731", "某县", "139900", "江苏版式"]]
    units = UNITS + [["130799", "224003", "不存在区划的单位", ""], ["130730", "224001", "重复单位", ""]]
    people = PEOPLE + [
        ["staff_x", "张三", "局长", "", "", "", "", ""],
        ["staff_y", "李四", "填报人", "130730", "999999", "", "", ""],
        ["reviewer_y", "", "审核人", "", "", "", "", ""],
        ["staff 224001", "空格", "填报人", "130730", "224001", "", "", ""],
    ]

    with pytest.raises(RosterError) as raised:
        load_roster(roster(regions=regions, units=units, people=people))

    assert raised.value.errors == [
        "“行政区划”第 5 行“行政区划代码”：“13073”应为 6 位数字",
        "“行政区划”第 6 行“上级区划代码”：区划“139900”不存在（本表和系统中都没有）",
        "“预算单位”第 4 行“行政区划代码”：区划“130799”不存在（“行政区划”表和系统中都没有）",
        "“预算单位”第 5 行“单位编码”：与第 2 行重复（同一行政区划内单位编码唯一）",
        "“人员”第 5 行“角色”：“局长”不是角色（可填：填报人、审核人、管理员）",
        "“人员”第 6 行“单位编码”：怀来县没有编码为“999999”的预算单位",
        "“人员”第 7 行“姓名”：不能为空",
        "“人员”第 8 行“账号”：只能由字母、数字和 @ . + - _ 组成，最长 150 个字符",
    ]
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_missing_columns_and_a_layout_it_does_not_know():
    with pytest.raises(RosterError) as raised:
        load_roster(roster(headings={"人员": ("账号", "角色")}))
    assert raised.value.errors == ["“人员”表第 1 行缺少列：姓名"]
    with pytest.raises(RosterError) as raised:
        load_roster(roster(regions=[["130000", "河北省", "", "江苏版式"]], units=None, people=None))
    assert raised.value.errors == ["“行政区划”第 2 行“默认版式”：“江苏版式”不是版式（可填：河北版式、湖南版式、安徽版式）"]
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_roster_can_move_a_county_with_its_units():
    load_roster(roster())
    reviewer = User.objects.get(username="reviewer_zjk")
    reviewer.jurisdiction.set([Region.objects.get(code="130700")])
    moved = [["130600", "保定市", "130000", ""], ["130730", "怀来县", "130600", ""]]

    load_roster(roster(regions=moved, units=None, people=None))

    assert Region.objects.get(code="130730").parent.code == "130600"
    assert not units_for_user(User.objects.get(pk=reviewer.pk)).exists()
    with pytest.raises(RosterError) as raised:  # under itself
        load_roster(roster(regions=[["130000", "河北省", "130730", ""]], units=None, people=None))
    assert raised.value.errors == ["“行政区划”第 2 行“上级区划代码”：上级区划不能是本区划或其下级"]
    with pytest.raises(RosterError) as raised:  # each other's parent, within the sheet
        load_roster(roster(regions=[["140000", "山西省", "", ""], ["140100", "太原市", "140200", ""],
                                    ["140200", "大同市", "140100", ""]], units=None, people=None))
    assert raised.value.errors == [f"“行政区划”第 {n} 行“上级区划代码”：区划的上下级关系成环" for n in (3, 4)]
    assert not Region.objects.filter(code__startswith="14").exists()


@pytest.mark.django_db
def test_command_template_dry_run_and_passwords_file(tmp_path, capsys):
    template = tmp_path / "名册模板.xlsx"
    call_command("import_units", template=str(template))
    workbook = load_workbook(template)
    assert workbook.sheetnames == list(SHEETS)
    assert [c.value for c in workbook["人员"][1]] == list(SHEETS["人员"])

    path = tmp_path / "名册.xlsx"
    path.write_bytes(roster().getvalue())
    call_command("import_units", str(path), dry_run=True)
    assert "检查通过（未写入）" in capsys.readouterr().out
    assert counts() == (0, 0, 0)

    with pytest.raises(CommandError, match="将新建 3 个账号：请用 --passwords 指定"):
        call_command("import_units", str(path))
    assert counts() == (0, 0, 0)

    passwords = tmp_path / "初始密码.csv"
    call_command("import_units", str(path), passwords=str(passwords))
    out = capsys.readouterr().out
    assert "已导入。行政区划：新建 3" in out and "3 个新账号的初始密码已写入" in out
    with open(passwords, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["账号", "初始密码"] and len(rows) == 4
    assert Client().login(username=rows[1][0], password=rows[1][1])

    with pytest.raises(CommandError, match="已存在"):  # never overwrites handed-out passwords
        call_command("import_units", str(path), passwords=str(passwords))
    call_command("import_units", str(path))  # nobody new: no file needed
    assert "人员：新建 0，更新 0，未变 3" in capsys.readouterr().out

    exported = tmp_path / "现有名册.xlsx"
    call_command("import_units", export=str(exported))
    assert f"已导出当前名册 {exported}" in capsys.readouterr().out
    call_command("import_units", str(exported), dry_run=True)
    assert "人员：新建 0，更新 0，未变 3" in capsys.readouterr().out

    broken = tmp_path / "坏名册.xlsx"
    broken.write_bytes(roster(people=[["x", "", "审核人", "", "", "", "", ""],
                                      ["y", "某人", "审核人", "", "", "", "", ""]]).getvalue())
    with pytest.raises(CommandError, match="名册有 2 处错误，未导入任何内容"):
        call_command("import_units", str(broken), passwords=str(tmp_path / "new.csv"))
    assert not (tmp_path / "new.csv").exists()


def upload(client, workbook, name="名册.xlsx"):
    workbook.name = name
    return client.post(reverse("roster"), {"roster": workbook})


@pytest.mark.django_db
def test_admin_checks_then_confirms_a_roster_in_the_browser():
    admin = Client()
    admin.force_login(factories.person("admin"))
    before = counts()
    assert "名册导入" in admin.get(reverse("home"), follow=True).content.decode()  # in the menu bar
    template = admin.get(reverse("roster_template"))
    assert load_workbook(BytesIO(template.content)).sheetnames == list(SHEETS)
    current = admin.get(reverse("roster_current"))
    assert "attachment" in current["Content-Disposition"]
    assert load_workbook(BytesIO(current.content))["人员"].max_row == 2  # the heading and this admin

    checked = upload(admin, roster())
    page = checked.content.decode()
    assert "检查通过，确认后将" in page and "将为 3 个新账号生成初始密码" in page
    assert counts() == before  # nothing written by the check
    token = checked.context["token"]

    done = admin.post(reverse("roster_confirm"), {"token": token})
    page = done.content.decode()
    assert "已导入名册“名册.xlsx”" in page
    assert "no-store" in done["Cache-Control"]  # it shows passwords
    shown = dict(done.context["result"].passwords)
    assert set(shown) == {"staff_224001", "reviewer_zjk", "admin_hb"}
    assert all(f"<td class=\"font-monospace\">{p}</td>" in page for p in shown.values())
    assert Client().login(username="reviewer_zjk", password=shown["reviewer_zjk"])

    again = admin.post(reverse("roster_confirm"), {"token": token})  # the same roster twice: updates only
    assert again.context["result"].passwords == [] and "initial-passwords" not in again.content.decode()
    assert Client().login(username="reviewer_zjk", password=shown["reviewer_zjk"])


@pytest.mark.django_db
def test_a_wrong_roster_or_file_is_refused_with_reasons():
    admin = Client()
    admin.force_login(factories.person("admin"))
    before = counts()
    page = upload(admin, roster(people=[["x", "", "审核人", "", "", "", "", ""]])).content.decode()
    assert "名册“名册.xlsx”未导入，没有写入任何内容。请改正以下 1 处问题" in page
    assert "“人员”第 2 行“姓名”：不能为空" in page
    page = upload(admin, BytesIO(b"a,b\n"), name="名册.csv").content.decode()
    assert "“名册.csv”不是 .xlsx 文件" in page
    page = upload(admin, BytesIO(b"not a workbook")).content.decode()
    assert "无法读取名册文件：文件不是有效的 .xlsx 工作簿" in page
    response = admin.post(reverse("roster_confirm"), {"token": "forged"}, follow=True)
    assert "名册检查结果已失效，请重新上传" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "reviewer"])
def test_only_admins_import_rosters(role):
    person = factories.person(role, factories.unit() if role == "staff" else None,
                              jurisdiction=[] if role == "staff" else [factories.region()])
    client = Client()
    client.force_login(person)
    admin_check = Client()
    admin_check.force_login(factories.person("admin"))
    token = upload(admin_check, roster()).context["token"]
    before = counts()
    assert client.get(reverse("roster")).status_code == 403
    assert upload(client, roster()).status_code == 403
    assert client.post(reverse("roster_confirm"), {"token": token}).status_code == 403
    assert client.get(reverse("roster_template")).status_code == 403
    assert client.get(reverse("roster_current")).status_code == 403
    assert counts() == before
    assert "名册导入" not in client.get(reverse("home"), follow=True).content.decode()


@pytest.mark.django_db
def test_the_current_roster_downloads_and_loads_again_unchanged():
    load_roster(roster())
    kept = factories.person("staff", BudgetUnit.objects.get(code="224002"))
    kept.first_name, kept.last_name = "小明", "张"  # set apart in the admin
    kept.save()
    superuser = User.objects.create_superuser("root", password="x-Pass-2025")  # saved as 管理员
    uncoded = factories.region("无代码区")
    factories.person("staff", factories.unit(uncoded))  # cannot be named in a roster

    data, left_out = roster_bytes()

    sheets = load_workbook(BytesIO(data))
    assert [c.value for c in sheets["行政区划"][2]] == ["130000", "河北省", None, "河北版式"]
    assert [c.value for c in sheets["行政区划"][3]] == ["130700", "张家口市", "130000", None]
    people = {row[0].value: [c.value for c in row] for row in sheets["人员"].iter_rows(min_row=2)}
    assert people["reviewer_zjk"][5] == "130700、130730"
    assert people["root"][2] == "管理员" and people[kept.username][1] == "小明 张"
    assert left_out == 3  # the uncoded region, its unit and its person
    result = load_roster(BytesIO(data))
    assert result.summary() == "行政区划：新建 0，更新 0，未变 3；预算单位：新建 0，更新 0，未变 2；人员：新建 0，更新 0，未变 5"
    superuser.refresh_from_db()
    assert superuser.role == User.Role.ADMIN and superuser.is_superuser
    assert load_roster(BytesIO(roster_bytes()[0])).updated == {sheet: 0 for sheet in SHEETS}


@pytest.mark.django_db
def test_status_closes_and_reopens_accounts_and_blank_leaves_them():
    passwords = dict(load_roster(roster()).passwords)
    closed = [list(row) + ["停用"] if row[0] == "staff_224001" else list(row) for row in PEOPLE]

    assert load_roster(roster(people=closed)).updated["人员"] == 1
    assert not User.objects.get(username="staff_224001").is_active
    assert not Client().login(username="staff_224001", password=passwords["staff_224001"])
    assert load_roster(roster()).unchanged["人员"] == 3  # blank: still closed
    assert not User.objects.get(username="staff_224001").is_active
    exported = load_workbook(BytesIO(roster_bytes()[0]))["人员"]
    assert {row[0].value: row[8].value for row in exported.iter_rows(min_row=2)}["staff_224001"] == "停用"

    reopened = [list(row) + ["在用"] for row in PEOPLE]
    load_roster(roster(people=reopened))
    assert Client().login(username="staff_224001", password=passwords["staff_224001"])
    with pytest.raises(RosterError) as raised:
        load_roster(roster(people=[list(PEOPLE[0]) + ["离职"]]))
    assert raised.value.errors == ["“人员”第 2 行“状态”：“离职”不是账号状态（可填：在用、停用，或留空不变）"]
