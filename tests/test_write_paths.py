"""Every way a filing can be written leaves a history entry or is refused.

The write paths are enumerated, not listed by hand: every URL under the
targets, reviews and api namespaces, every management command of our apps
and every model of the targets and reviews apps in the Django admin must be
classified below, so a new one fails here until it is covered. Each write
path is exercised with a real change (the history must show it, and the
filing must be refused once approved where editing is concerned); every
route is also posted to empty by each role, and no filing may change
without an entry in its history."""
import copy
import io
import json
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import models
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from reviews.comments import add_comment
from reviews.models import Action, Comment, LogEntry, Notice, Opening, Reply, Round
from reviews.transitions import transition
from targets.interchange import export_document, load_filing
from targets.models import BulkExport, Filing, FilingStatus, Indicator, Project, SpendingCheckpoint
from targets.tables import workbook_bytes
from units.models import BudgetUnit, Region, User

from . import factories
from .formdata import form_data

NAMESPACES = ("targets", "reviews", "api")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the world -------------------------------------------------------------------


@dataclass
class World:
    unit: object
    staff: object
    reviewer: object
    admin: object
    draft: object  # hebei-huailai-2022 with its project twice: no check errors, may be submitted
    submitted: object  # the same unit's 2023 filing, submitted, with a comment
    export: object


@pytest.fixture
def world(db):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001", name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person(User.Role.STAFF, unit)
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[region])
    admin_user = factories.person(User.Role.ADMIN)
    projects = factories.load_example("hebei-huailai-2022")["projects"]
    second = dict(copy.deepcopy(projects[0]), name="第二个项目", code="")
    draft = factories.filing(unit, projects=[projects[0], second])
    submitted = factories.filing(unit, year=2023)
    transition(submitted.pk, staff, Action.SUBMIT)
    add_comment(submitted.pk, reviewer, "请补充依据")
    export = BulkExport.objects.create(year=2022, created_by=admin_user)
    return World(unit, staff, reviewer, admin_user, draft, submitted, export)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def fingerprints():
    """{filing id: (status, version, document, history entries)} of every filing."""
    counts = {}
    for filing_id in LogEntry.objects.values_list("filing_id", flat=True):
        counts[filing_id] = counts.get(filing_id, 0) + 1
    return {
        filing.pk: (filing.status, filing.version, export_document(load_filing(filing.pk)), counts.get(filing.pk, 0))
        for filing in Filing.objects.all()
    }


def unlogged_changes(before, after):
    """Filings that are new or changed without a new history entry, or gone."""
    changed = [
        pk for pk, (*state, entries) in after.items()
        if (pk not in before and entries == 0)
        or (pk in before and state != list(before[pk][:3]) and entries <= before[pk][3])
    ]
    return changed + [pk for pk in before if pk not in after]


def actions_since(filing, before):
    """The history actions written for a filing since the fingerprints."""
    known = before[filing.pk][3] if filing.pk in before else 0
    return [entry.action for entry in LogEntry.objects.filter(filing_id=filing.pk).order_by("id")[known:]]


# --- the routes ------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    view: str  # module.function of the view: what the classification is keyed by
    parameters: tuple


def app_routes():
    """Every route under the app namespaces, with the arguments of its URL."""
    routes = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in NAMESPACES:
                view = pattern.callback
                parameters = tuple(name for name in pattern.pattern.regex.groupindex
                                   if name not in pattern.default_args)
                routes.append(Route(f"{namespace}:{pattern.name}", f"{view.__module__}.{view.__qualname__}",
                                    parameters))

    walk(get_resolver().url_patterns, None)
    return routes


def url_for(view, **kwargs):
    """The URL of a view for these arguments, whichever route serves them
    (a route may fix an argument, as the API's transitions fix the action)."""
    for route in app_routes():
        if route.view == view:
            try:
                return reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    raise AssertionError(f"没有 {view} 的路由可用于 {kwargs}")


# The routes that write a filing, each with a case that makes a real change
# through it and returns the filing and the history actions it must leave.
# The editor's cases post to world.draft: made approved first, it must
# refuse them.


def _editor_post(client, url, change):
    data = form_data(client.get(url))
    change(data)
    return client.post(url, data)


def start_case(world):
    response = client_for(world.staff).post(url_for("targets.views.filings.start_filing"), {
        "year": 2025, "layout": "hebei", "amount_unit": "万元", "source": "copy"})
    assert response.status_code == 302
    return Filing.objects.get(unit=world.unit, year=2025), ["create"]


def settings_case(world):
    filing = world.draft
    client_for(world.staff).post(url_for("targets.views.filings.filing_settings", pk=filing.pk), {
        "layout": "hebei", "amount_unit": "元", "version_seen": Filing.objects.get(pk=filing.pk).version})
    return filing, ["edit"]


def department_case(world):
    filing = world.draft
    _editor_post(client_for(world.staff), url_for("targets.views.editor.department_editor", pk=filing.pk),
                 lambda data: data.update(overall_goal="写入路径测试的总体目标"))
    return filing, ["edit"]


def project_case(world):
    filing = world.draft
    project = filing.projects.order_by("order").first()
    url = url_for("targets.views.editor.project_editor", pk=filing.pk, project_pk=project.pk)
    _editor_post(client_for(world.staff), url, lambda data: data.update(name="写入路径测试的项目"))
    new = url_for("targets.views.editor.project_editor", pk=filing.pk)
    _editor_post(client_for(world.staff), new, lambda data: data.update(
        name="新项目", annual_goal="年度目标", **{"plan-month_12": "100"}))
    return filing, ["edit", "edit"]


def move_case(world):
    filing = world.draft
    second = filing.projects.get(name="第二个项目")
    client_for(world.staff).post(url_for("targets.views.filings.move_project", pk=filing.pk,
                                         project_pk=second.pk, direction="up"))
    return filing, ["edit"]


def delete_case(world):
    filing = world.draft
    project = filing.projects.get(name="第二个项目")
    client_for(world.staff).post(url_for("targets.views.filings.delete_project", pk=filing.pk, project_pk=project.pk))
    return filing, ["edit"]


def workbook_case(world):
    filing = world.draft
    document = export_document(load_filing(filing.pk))
    document["projects"][0]["annual_goal"] = "从工作簿改的年度目标"
    client = client_for(world.staff)
    preview = client.post(url_for("targets.views.workbook_upload.upload", pk=filing.pk), {
        "workbook": SimpleUploadedFile("表.xlsx", workbook_bytes(document), content_type=XLSX)})
    token = preview.context["token"] if preview.status_code == 200 else ""
    client.post(url_for("targets.views.workbook_upload.confirm", pk=filing.pk), {"token": token})
    return filing, ["import"]


def comment_case(world):
    filing = world.submitted
    client_for(world.reviewer).post(url_for("reviews.views.add_comment", pk=filing.pk), {"text": "再补充一条意见"})
    return filing, ["comment"]


def answer_case(world):
    filing = world.submitted
    comment = Comment.objects.get(filing=filing)
    client_for(world.staff).post(url_for("reviews.views.answer_comment", pk=filing.pk, comment_id=comment.pk))
    return filing, ["answer"]


def reply_case(world):
    filing = world.submitted
    comment = Comment.objects.get(filing=filing)
    client_for(world.staff).post(url_for("reviews.views.reply_comment", pk=filing.pk, comment_id=comment.pk),
                                 {"text": "已按意见修改"})
    return filing, ["reply"]


def close_case(world):
    filing = world.submitted
    comment = Comment.objects.get(filing=filing)
    client_for(world.reviewer).post(url_for("reviews.views.close_comment", pk=filing.pk, comment_id=comment.pk))
    return filing, ["close_comment"]


def _workflow(world, post):
    """Submit, return, submit again, approve, reopen: every action once."""
    filing = world.draft
    steps = [(world.staff, Action.SUBMIT, ""), (world.reviewer, Action.RETURN, "请修改"),
             (world.staff, Action.SUBMIT, ""), (world.reviewer, Action.APPROVE, ""),
             (world.admin, Action.REOPEN, "调整")]
    for user, action, comment in steps:
        post(client_for(user), filing, action, comment)
    return filing, [action for _, action, _ in steps]


def page_workflow_case(world):
    return _workflow(world, lambda client, filing, action, comment: client.post(
        url_for("reviews.views.transition_view", pk=filing.pk, action=action),
        {"comment": comment, "confirmed": "1"}))


def api_workflow_case(world):
    return _workflow(world, lambda client, filing, action, comment: client.post(
        url_for("reviews.api.transition_endpoint", pk=filing.pk, action=action), {"comment": comment},
        content_type="application/json"))


def api_create_case(world):
    document = export_document(load_filing(world.draft.pk))
    document["year"] = 2026
    response = client_for(world.staff).post(url_for("reviews.api.filings"), document,
                                            content_type="application/json")
    assert response.status_code == 201
    return Filing.objects.get(pk=response.json()["id"]), ["import"]


WRITES = {
    "targets.views.filings.start_filing": start_case,
    "targets.views.filings.filing_settings": settings_case,
    "targets.views.editor.department_editor": department_case,
    "targets.views.editor.project_editor": project_case,
    "targets.views.filings.move_project": move_case,
    "targets.views.filings.delete_project": delete_case,
    "targets.views.workbook_upload.confirm": workbook_case,
    "reviews.views.add_comment": comment_case,
    "reviews.views.answer_comment": answer_case,
    "reviews.views.reply_comment": reply_case,
    "reviews.views.close_comment": close_case,
    "reviews.views.transition_view": page_workflow_case,
    "reviews.api.transition_endpoint": api_workflow_case,
    "reviews.api.filings": api_create_case,
}
# The editor's cases: refused once the filing is approved.
EDITING = ["targets.views.filings.filing_settings", "targets.views.editor.department_editor",
           "targets.views.editor.project_editor", "targets.views.filings.move_project",
           "targets.views.filings.delete_project", "targets.views.workbook_upload.confirm"]

# Routes that write no filing, and why.
NO_FILING_WRITE = {
    "targets.views.filings.filing_detail": "申报页面",
    "targets.views.filings.parse_value_reading": "指标值的解析结果（仅 GET）",
    "targets.views.editor.session_status": "登录状态（仅 GET）",
    "targets.views.exports.preview": "预览",
    "targets.views.exports.download": "下载",
    "targets.views.exports.download_project": "下载",
    "targets.views.workbook_upload.upload": "上传后只显示预览；确认（confirm）才写入",
    "targets.views.bulk_export_pages.bulk_exports": "批量导出：只新建导出任务",
    "targets.views.bulk_export_pages.bulk_export_status": "导出进度",
    "targets.views.bulk_export_pages.bulk_export_download": "下载导出文件",
    "reviews.views.queue": "审核队列",
    "reviews.views.overview": "年度总览",
    "reviews.views.notices": "通知列表",
    "reviews.views.notices_read": "只标记通知已读",
    "reviews.views.notice_read": "只标记通知已读",
    "reviews.views.filing_review": "审核页（审核人打开已提交的申报时只记下“开始审核”，见历史）",
    "reviews.views.history": "历史",
    "reviews.views.changes_since_last_round": "与上一轮的差异",
    "reviews.views.round_diff": "某一轮的差异",
    "reviews.views.round_snapshot": "某一轮的快照",
    "reviews.api.openapi": "接口说明",
    "reviews.api_docs.page": "接口文档页",
    "reviews.api.export": "导出 JSON",
    "reviews.api.comments": "审核意见（仅 GET）",
    "reviews.api.rounds": "审核轮次（仅 GET）",
    # The reports API (运行监控 and 绩效自评) writes rounds and reports, never a filing.
    "reports.api.rounds": "运行监控或绩效自评任务列表；发起时只新建任务和报告",
    "reports.api.round_detail": "运行监控或绩效自评任务及进度（仅 GET）",
    "reports.api.reports": "监控报告和自评报告列表（仅 GET）",
    "reports.api.report": "监控报告或自评报告；PUT 只写报告（save_report，记入报告的历史）",
    "reports.api.lights": "监控报告的预警灯（仅 GET）",
    "reports.api.report_transition": "报告的提交、退回、接受：只写报告的轮次和历史",
    "reports.api.review_scores": "自评报告的复核得分：只写报告（set_review_score，记入报告的历史）",
}


def test_every_route_is_classified():
    views = {route.view for route in app_routes()}
    unclassified = views - set(WRITES) - set(NO_FILING_WRITE)
    assert not unclassified, f"新的路由须在 WRITES 或 NO_FILING_WRITE 中说明：{sorted(unclassified)}"
    assert not (set(WRITES) | set(NO_FILING_WRITE)) - views, "已不存在的路由"
    assert not set(WRITES) & set(NO_FILING_WRITE)


@pytest.mark.parametrize("view", sorted(WRITES))
def test_each_write_path_leaves_its_history(world, view):
    before = fingerprints()
    filing, actions = WRITES[view](world)
    after = fingerprints()
    assert unlogged_changes(before, after) == []
    assert actions_since(filing, before) == actions


@pytest.mark.parametrize("view", EDITING)
def test_each_edit_of_an_approved_filing_is_refused(world, view):
    Filing.objects.filter(pk=world.draft.pk).update(status=FilingStatus.APPROVED)
    before = fingerprints()
    WRITES[view](world)
    assert fingerprints() == before


SAMPLES = {
    "pk": lambda world, filing: filing.pk,
    "project_pk": lambda world, filing: filing.projects.first().pk,
    "direction": lambda world, filing: "down",
    "fmt": lambda world, filing: "json",
    "table_format": lambda world, filing: "xlsx",
    "export_pk": lambda world, filing: world.export.pk,
    "number": lambda world, filing: 1,
    "comment_id": lambda world, filing: Comment.objects.get().pk,
    "notice_id": lambda world, filing: Notice.objects.first().pk,
    "action": lambda world, filing: Action.APPROVE,
}


@pytest.mark.parametrize("route", app_routes(), ids=lambda route: route.name)
def test_an_empty_post_anywhere_changes_no_filing_unseen(world, route):
    """Posted empty by each role, to the draft and to the submitted filing,
    any route writes a filing only with an entry in its history."""
    missing = set(route.parameters) - set(SAMPLES)
    assert not missing, f"{route.name}：请在 SAMPLES 中给出参数 {sorted(missing)} 的取值"
    for filing in (world.draft, world.submitted):
        url = reverse(route.name, kwargs={name: SAMPLES[name](world, filing) for name in route.parameters})
        for user in (world.staff, world.reviewer, world.admin):
            before = fingerprints()
            response = client_for(user).post(url, {})
            assert response.status_code < 500, (url, user.role)
            assert unlogged_changes(before, fingerprints()) == [], (url, user.role)


# --- management commands ------------------------------------------------------------

OUR_APPS = ("targets", "reviews", "units")


def import_filing_case(world, tmp_path):
    document = export_document(load_filing(world.draft.pk))
    document["projects"][0]["name"] = "命令行导入的项目"
    path = tmp_path / "filing.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = fingerprints()
    call_command("import_filing", str(path), "--replace")
    assert actions_since(world.draft, before) == ["import"]
    assert unlogged_changes(before, fingerprints()) == []
    Filing.objects.filter(pk=world.draft.pk).update(status=FilingStatus.APPROVED)
    before = fingerprints()
    document["projects"][0]["name"] = "再次导入"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="当前状态为“已通过”"):
        call_command("import_filing", str(path), "--replace")
    assert fingerprints() == before


def load_demo_case(world, tmp_path):
    before = fingerprints()
    call_command("load_demo", stdout=io.StringIO())
    assert set(fingerprints()) - set(before)  # the examples the world does not hold yet
    assert unlogged_changes(before, fingerprints()) == []


def reads(name, arguments):
    """The case of a command that only reads filings."""
    def case(world, tmp_path):
        before = fingerprints()
        call_command(name, *arguments(world, tmp_path), stdout=io.StringIO())
        assert fingerprints() == before

    return case


COMMANDS = {
    "import_filing": import_filing_case,
    "load_demo": load_demo_case,
    "export_filing": reads("export_filing", lambda world, tmp_path: [
        str(world.draft.pk), "--format", "json", "-o", str(tmp_path / "x.json")]),
    "check_filing": reads("check_filing", lambda world, tmp_path: [str(world.submitted.pk)]),
    "prune_exports": reads("prune_exports", lambda world, tmp_path: []),
    "check_backup": "只读取申报：把备份恢复到临时数据库中比较，结束时删除临时数据库",
    "export_year": "只读取申报，生成 XLSX 和 PDF",
    "import_units": "只写行政区划、预算单位和人员",
    "bench": "性能测量：在自己的测试数据中写入，结束时回滚",
    "generate_scale": "性能测量：为测量生成大规模的模拟数据（不用于真实数据库）",
}


def our_commands():
    return sorted(name for name, app in get_commands().items() if app in OUR_APPS)


def test_every_command_is_classified():
    assert our_commands() == sorted(COMMANDS), "新的管理命令须在 COMMANDS 中说明它是否写入申报"


@pytest.mark.parametrize("name", [name for name, case in COMMANDS.items() if callable(case)])
def test_each_writing_command_leaves_history_or_is_refused(world, tmp_path, name):
    COMMANDS[name](world, tmp_path)


# --- the Django admin -----------------------------------------------------------------

# Filing content and the review records: read-only in the admin.
READ_ONLY_ADMIN = [Filing, Project, SpendingCheckpoint, Indicator, Round, LogEntry, Comment, Notice, Reply, Opening]
# Managed in the admin; none of them is a filing's content or state.
EDITABLE_ADMIN = {
    "targets.Deadline": "截止日期",
    "targets.BulkExport": "批量导出任务（只可删除）",
}


def _admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_model_is_classified():
    ours = {f"{model._meta.app_label}.{model.__name__}" for model in admin.site._registry
            if model._meta.app_label in ("targets", "reviews")}
    read_only = {f"{model._meta.app_label}.{model.__name__}" for model in READ_ONLY_ADMIN}
    assert ours == read_only | set(EDITABLE_ADMIN), "新的 admin 页面须在 READ_ONLY_ADMIN 或 EDITABLE_ADMIN 中说明"


def test_filings_are_read_only_in_the_admin_but_people_units_and_regions_are_managed(world):
    request = _admin_request(world.admin)
    for model in READ_ONLY_ADMIN:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline
    for model in (Region, BudgetUnit, User):
        model_admin = admin.site._registry[model]
        assert model_admin.has_add_permission(request) and model_admin.has_change_permission(request), model


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _tampered(obj):
    """A change form's data for the object with every content field changed,
    and empty inline formsets: what an editable admin would accept."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = field.value_from_object(obj)
        if field.is_relation:
            data[field.name] = value or ""
        elif field.choices:
            data[field.name] = field.choices[-1][0]
        elif isinstance(field, models.BooleanField):
            data[field.name] = "" if value else "on"
        elif isinstance(field, (models.DecimalField, models.IntegerField)):
            data[field.name] = str((value or 0) + 7)
        elif isinstance(field, models.DateTimeField):
            data[field.name] = "2020-01-01 00:00:00"
        elif isinstance(field, models.DateField):
            data[field.name] = "2020-01-01"
        else:
            data[field.name] = "管理后台改写"
    for prefix in ("projects", "spending_plan", "indicators"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_posts_to_admin_change_pages_leave_the_filing_as_it_was(world):
    filing = world.draft
    project = filing.projects.order_by("order").first()
    client = client_for(world.admin)
    objects = [Filing.objects.get(pk=filing.pk), project, project.indicators.first(),
               project.spending_plan.first(), Round.objects.first(), LogEntry.objects.first(),
               Comment.objects.first(), Notice.objects.first()]
    before = fingerprints()
    for obj in objects:
        url = _change_url(obj)
        page = client.get(url)
        assert page.status_code == 200, url
        content = page.content.decode()
        assert "<textarea" not in content and 'name="name"' not in content and 'name="status"' not in content
        response = client.post(url, _tampered(obj))
        assert response.status_code == 403, url
        deleted = client.post(url.replace("/change/", "/delete/"), {"post": "yes"})
        assert deleted.status_code == 403, url
    opts = Filing._meta
    add = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), _tampered(objects[0]))
    assert add.status_code == 403
    changelist = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {
        "action": "delete_selected", "_selected_action": [filing.pk], "post": "yes"})
    assert changelist.status_code < 500
    assert fingerprints() == before
