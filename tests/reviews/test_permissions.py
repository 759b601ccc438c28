"""Every URL × role × own/foreign object: nothing outside a user's reach is
found (404, and nothing changes), nothing inside fails, and no page shows
the foreign unit. The URL list comes from the resolver, so a new view joins
automatically; a view whose URL arguments this file cannot fill fails
test_every_pattern_is_covered until a rule is added to KWARG_RULES.

Where a role is let in or refused, the answer comes from units.permissions
(and, for the review actions, from their catalogue entry), not from a table
of roles written out here."""
import datetime
import itertools
import json
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.documents import monitoring_document
from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report, ReportStatus, RoundExport
from reports.opening import OPEN_ROUND
from reports.review_scores import REVIEW_SCORE
from reviews.actions import ACTIONS
from reviews.models import Comment, LogEntry, Notice, Round
from reviews.transitions import REPORT_ACTIONS, transition
from targets.interchange import export_document, load_filing
from targets.models import BulkExport, Filing
from units import permissions

from .conftest import FOREIGN_MARKER, client_for

# Namespaces with their own permission system, tested separately below.
EXEMPT_NAMESPACES = {"admin": "Django's admin: staff flag and model permissions (test_admin_is_for_admins)"}
# Open to everybody, signed in or not.
PUBLIC = {"login", "logout", "api:openapi", "api:docs", "targets:session_status"}

# How to fill each URL argument from an object set ("own" or "foreign").
KWARG_RULES = {
    "pk": lambda o: o.filing.pk,
    "filing_pk": lambda o: o.filing.pk,
    "filing_id": lambda o: o.filing.pk,
    "project_pk": lambda o: o.project.pk,
    "project_id": lambda o: o.project.pk,
    "number": lambda o: o.round.number,
    "comment_id": lambda o: o.comment.pk,
    "notice_id": lambda o: o.notice.pk,
    "export_pk": lambda o: o.export.pk,
    "report_pk": lambda o: o.report.pk,
    "exercise_pk": lambda o: o.exercise.pk,
    "project_number": lambda o: 1,  # a report's first project (reports:download_project)
    "round_export_pk": lambda o: o.round_export.pk,
}
# Arguments that are a fixed word, not an object: every value is tried.
CHOICE_KWARGS = {
    "action": list(ACTIONS),
    "direction": ["up", "down"],
    "fmt": ["json", "xlsx", "pdf"],
    "table_format": ["xlsx", "pdf"],
}
# Pages anyone who can see the filing may read (the rule: looking is
# visibility's business only).
OPEN_TO_EVERY_ROLE = {
    "reviews:filing": 200, "reviews:history": 200, "reviews:changes": 200, "reviews:round_diff": 200,
    "reviews:round_snapshot": 200, "reviews:notices": 200, "api:filings": 200, "api:export": 200,
    "api:comments": 200, "api:rounds": 200,
    "reports:download": 200, "reports:download_project": 200,
}
# Where one or more rules of units.permissions decide, asked about the own
# (returned) filing: (rules, answer when all allow, answer when refused). The
# allowed answer is what a bare request gets once let in.
GUARDED_GET = {
    "reviews:queue": ((permissions.USE_WORKSPACE,), 200, 403),
    "reviews:overview": ((permissions.USE_WORKSPACE,), 200, 403),
    "targets:bulk_exports": ((permissions.BULK_EXPORT,), 200, 403),
    "targets:bulk_export_status": ((permissions.BULK_EXPORT,), 200, 403),
    "targets:bulk_export_download": ((permissions.BULK_EXPORT,), 302, 403),
    "roster": ((permissions.MANAGE_ROSTER,), 200, 403),
    "roster_template": ((permissions.MANAGE_ROSTER,), 200, 403),
    "roster_current": ((permissions.MANAGE_ROSTER,), 200, 403),
    "targets:start": ((permissions.START_FILING,), 200, 403),
    "targets:workbook_upload": ((permissions.EDIT,), 200, 403),
    "targets:project_delete": ((permissions.EDIT,), 200, 403),
    # The editor shows a read-only page; only a new project needs EDIT.
    "targets:project_new": ((permissions.EDIT,), 200, 302),
    # A monitoring report's upload (the own report is a draft) and a round's ZIP exports.
    "reports:upload": ((permissions.EDIT,), 200, 403),
    "reports:exports": ((permissions.USE_WORKSPACE,), 200, 403),
    "reports:export_status": ((permissions.USE_WORKSPACE,), 200, 403),
    "reports:export_download": ((permissions.USE_WORKSPACE,), 302, 403),  # not done: back to the list
    "reports:evaluations": ((permissions.USE_WORKSPACE,), 200, 403),
    "reports:evaluation_open": ((permissions.USE_WORKSPACE,), 200, 403),
    "reports:evaluation_xlsx": ((permissions.USE_WORKSPACE,), 200, 403),
}
GUARDED_POST = {
    "api:filings": ((permissions.IMPORT_FILING,), 400, 403),  # a bare POST is no document
    "roster": ((permissions.MANAGE_ROSTER,), 200, 403),
    "roster_confirm": ((permissions.MANAGE_ROSTER,), 302, 403),
    "targets:start": ((permissions.START_FILING,), 200, 403),
    # Either the staff's amount unit or an admin's layout: GUARDED_POST_EITHER.
    "targets:settings": ((), 302, 403),
    "targets:workbook_upload": ((permissions.EDIT,), 200, 403),
    "targets:workbook_upload_confirm": ((permissions.EDIT,), 302, 403),
    "targets:project_move": ((permissions.EDIT,), 302, 403),
    "targets:project_delete": ((permissions.EDIT,), 302, 403),
    "reviews:comment_answer": ((permissions.ANSWER,), 302, 403),
    "reviews:comment_reply": ((permissions.ANSWER,), 302, 403),
    "reviews:comment_close": ((permissions.CLOSE_COMMENT,), 302, 403),
    "reports:upload": ((permissions.EDIT,), 200, 403),  # a bare POST: the page says to choose a file
    "reports:upload_confirm": ((permissions.EDIT,), 302, 403),
    "reports:exports": ((permissions.USE_WORKSPACE,), 302, 403),
}


# Where who asks decides alone: the rule's people are let in (a filing in the
# wrong state sends them back to the page with the refusal), others get 403.
GUARDED_POST_BY_ACTOR = {
    "reviews:comment_add": (permissions.COMMENT, 302, 403),
}


# Routes that let in whoever passes one of several sets of rules.
GUARDED_POST_EITHER = {
    "targets:settings": ((permissions.EDIT, permissions.CHANGE_AMOUNT_UNIT), (permissions.CHANGE_LAYOUT,)),
}


def action_of(route):
    """The review action behind a route, or None."""
    if route.name == "reviews:transition":
        return ACTIONS[dict(route.fixed)["action"]]
    if route.namespace == "api":
        return ACTIONS.get(route.name.removeprefix("api:"))
    return None


def expected_get(route, user, filing):
    if action_of(route):
        return 405  # actions are taken by POST only
    if route.name in OPEN_TO_EVERY_ROLE:
        return OPEN_TO_EVERY_ROLE[route.name]
    if route.name in GUARDED_GET:
        rules, allowed, refused = GUARDED_GET[route.name]
        return allowed if all(permissions.may(user, rule, filing) for rule in rules) else refused
    return None


def expected_post(route, user, filing):
    """A bare POST: the catalogue's actors and states decide the review
    actions (the API says 409 for a state the action is not taken from; the
    page goes back with that message), the rules the rest."""
    action = action_of(route)
    if action:
        if not permissions.is_actor(user, action, filing):
            return 403
        if route.namespace == "api":
            return 200 if permissions.may(user, action, filing) else 409
        # The page asks to confirm what it may do (a required comment left
        # out is refused at once); a refusal goes back with its message.
        return 200 if permissions.may(user, action, filing) and not action.comment_required else 302
    if route.name in GUARDED_POST_BY_ACTOR:
        rule, allowed, refused = GUARDED_POST_BY_ACTOR[route.name]
        return allowed if permissions.is_actor(user, rule, filing) else refused
    if route.name in GUARDED_POST:
        rules, allowed, refused = GUARDED_POST[route.name]
        either = GUARDED_POST_EITHER.get(route.name, (rules,))
        let_in = any(all(permissions.may(user, rule, filing) for rule in rules) for rules in either)
        return allowed if let_in else refused
    return None


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple
    namespace: str = ""
    fixed: tuple = ()  # (name, value) pairs for CHOICE_KWARGS

    @property
    def id(self):
        return self.name + "".join(f"[{value}]" for _, value in self.fixed)


def walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            needed = tuple(k for k in entry.pattern.regex.groupindex if k not in entry.default_args)
            yield Route(name or f"<unnamed {prefix}{entry.pattern}>", prefix + str(entry.pattern), needed,
                        namespace)


def routes():
    found = []
    for route in walk(get_resolver().url_patterns):
        if route.namespace.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        choices = [k for k in route.kwargs if k in CHOICE_KWARGS]
        if not choices:
            found.append(route)
            continue
        for values in itertools.product(*(CHOICE_KWARGS[k] for k in choices)):
            found.append(Route(route.name, route.route, route.kwargs, route.namespace,
                               tuple(zip(choices, values))))
    return found


ROUTES = routes()
CHECKED = [r for r in ROUTES if r.name not in PUBLIC]


@dataclass
class Objects:
    filing: object
    project: object
    round: object
    comment: object
    notice: object
    export: object = None  # a bulk export: "own" is one the user started
    report: object = None  # a monitoring report of the filing's unit, in a round of its region
    exercise: object = None
    round_export: object = None  # an export of that round's ZIP, started by the side's reviewer
    evaluation_report: object = None  # a self-evaluation report of the filing's unit, in a round of its region
    evaluation_exercise: object = None


class Missing:
    """An object id that exists nowhere."""

    pk = 987654
    number = 987654


def prepare(world):
    """Both filings submitted and returned with a comment, so every kind of
    object exists on both sides and the own filing is editable again."""
    objects = {}
    for key, side in (("own", world.home), ("foreign", world.foreign)):
        transition(side.filing.pk, side.staff, "submit")
        round = transition(side.filing.pk, side.reviewer, "return", comment=f"{key} 意见")
        objects[key] = Objects(
            filing=Filing.objects.get(pk=side.filing.pk),
            project=side.filing.projects.order_by("order", "id").first(),
            round=round,
            comment=Comment.objects.get(filing=side.filing),
            notice=None,
            **monitoring_objects(side),
        )
    return objects


def monitoring_objects(side):
    """A monitoring round of the side's province with the unit's report."""
    exercise = Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2099, 8, 15),
                                       region=side.province, opened_by=side.reviewer)
    document = monitoring_document(export_document(load_filing(side.filing.pk)), 7)
    report = Report.objects.create(exercise=exercise, filing=side.filing, unit=side.unit, document=document)
    round_export = RoundExport.objects.create(exercise=exercise, created_by=side.reviewer)
    evaluation = Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=2024,
                                         deadline=datetime.date(2099, 3, 31), region=side.province,
                                         opened_by=side.reviewer)
    evaluation_report = Report.objects.create(
        exercise=evaluation, filing=side.filing, unit=side.unit,
        document=evaluation_document(export_document(load_filing(side.filing.pk))))
    return {"report": report, "exercise": exercise, "round_export": round_export,
            "evaluation_report": evaluation_report, "evaluation_exercise": evaluation}


def url_for(route, objects):
    missing = [k for k in route.kwargs if k not in KWARG_RULES and k not in CHOICE_KWARGS]
    if route.name.startswith("<unnamed") or missing:
        pytest.fail(
            f"URL {route.route} ({route.name}) is not covered by the permission matrix: "
            f"name it and add rules for {missing} to KWARG_RULES in {__file__}"
        )
    kwargs = dict(route.fixed)
    for key in route.kwargs:
        if key not in kwargs:
            kwargs[key] = ROUTE_KWARG_RULES.get((route.name, key), KWARG_RULES[key])(objects)
    return reverse(route.name, kwargs=kwargs)


def footprint(filing):
    """What a request could change about a filing."""
    filing = Filing.objects.get(pk=filing.pk)
    return (filing.status, filing.version, filing.updated_at,
            Round.objects.filter(filing=filing).count(),
            LogEntry.objects.filter(filing_id=filing.pk).count(),
            Comment.objects.filter(filing=filing, answered_at__isnull=True).count(),
            filing.projects.count(), Notice.objects.filter(read_at__isnull=True).count())


def test_every_pattern_is_covered():
    assert CHECKED, "the resolver returned no URL patterns"
    names = {r.name for r in ROUTES}
    for required in ("reviews:queue", "reviews:filing", "api:filings", "api:submit", "targets:filing", "home"):
        assert required in names
    assert set(OPEN_TO_EVERY_ROLE) | set(GUARDED_GET) | set(GUARDED_POST) | set(GUARDED_POST_BY_ACTOR) <= names
    assert {f"api:{name}" for name in ACTIONS} <= names
    problems = []
    for route in ROUTES:
        missing = [k for k in route.kwargs if k not in KWARG_RULES and k not in CHOICE_KWARGS]
        if route.name.startswith("<unnamed") or missing:
            problems.append(f"{route.route} ({route.name}): {missing or 'unnamed'}")
    assert problems == [], "URL patterns the matrix cannot fill:\n" + "\n".join(problems)


@pytest.mark.parametrize("route", CHECKED, ids=lambda r: r.id)
def test_anonymous_is_sent_to_login(world, route):
    objects = prepare(world)
    own = objects["own"]
    own.notice = Notice.objects.create(recipient=world.home.staff, filing=own.filing, message="通知")
    own.export = BulkExport.objects.create(created_by=world.home.staff, year=2024)
    url = url_for(route, own)
    before = footprint(own.filing)
    client = client_for(None)
    for method in (client.get, client.post):
        response = method(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, (method.__name__, url)
            assert response.json() == {"detail": "请先登录（/accounts/login/）。"}
        else:
            assert response.status_code == 302, (method.__name__, url, response.status_code)
            assert response.url.startswith("/accounts/login/?next="), response.url
    assert footprint(own.filing) == before


@pytest.mark.parametrize("role", ["staff", "reviewer", "admin"])
@pytest.mark.parametrize("route", CHECKED, ids=lambda r: r.id)
def test_url_role_own_and_foreign(world, route, role):
    user = {"staff": world.home.staff, "reviewer": world.home.reviewer, "admin": world.admin}[role]
    objects = prepare(world)
    own, foreign = objects["own"], objects["foreign"]
    own.notice = Notice.objects.create(recipient=user, filing=own.filing, message="本人通知")
    # Someone else's notice about a foreign filing.
    foreign.notice = Notice.objects.create(recipient=world.foreign.staff, filing=foreign.filing,
                                           message=f"{FOREIGN_MARKER}通知")
    # Bulk exports belong to admins: the user's own one (an admin's, or one
    # started while the user was an admin) and another admin's.
    own.export = BulkExport.objects.create(created_by=user, year=2024)
    foreign.export = BulkExport.objects.create(created_by=world.admin if role != "admin" else None,
                                               year=2024, region_name=FOREIGN_MARKER)
    client = client_for(user)
    takes_object = bool(route.kwargs)
    missing = Objects(*(Missing() for _ in range(11)))

    if takes_object:
        url = url_for(route, foreign)
        before = footprint(foreign.filing)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if role == "admin" and "notice_id" not in route.kwargs:
                assert response.status_code != 404 and response.status_code < 500, (method, url)
            else:
                # 405 for a method the view never takes says nothing about
                # the object: it is the same for an id that does not exist.
                assert response.status_code in (404, 405), (method, url, response.status_code)
                if response.status_code == 405:
                    assert getattr(client, method)(url_for(route, missing)).status_code == 405
                assert FOREIGN_MARKER not in response.content.decode(errors="replace")
        if role != "admin":
            assert footprint(foreign.filing) == before, f"{url} changed a foreign filing"

    url = url_for(route, own)
    expected = expected_get(route, user, own.filing)
    response = client.get(url)
    assert response.status_code != 404 and response.status_code < 500, ("get", url, response.status_code)
    if expected is not None:
        assert response.status_code == expected, ("get", url)
    if role != "admin":
        assert FOREIGN_MARKER not in response.content.decode(errors="replace"), f"GET {url} leaks"
    expected = expected_post(route, user, Filing.objects.get(pk=own.filing.pk))
    response = client.post(url)
    assert response.status_code != 404 and response.status_code < 500, ("post", url, response.status_code)
    if expected is not None:
        assert response.status_code == expected, ("post", url)
    if role != "admin":
        assert FOREIGN_MARKER not in response.content.decode(errors="replace"), f"POST {url} leaks"


def test_admin_is_for_admins(world):
    assert client_for(world.home.staff).get("/admin/").status_code == 302
    assert client_for(world.home.reviewer).get("/admin/").status_code == 302
    assert client_for(world.admin).get("/admin/").status_code == 200


# --- the monitoring API (reports/api_urls.py) ----------------------------------------
# Its routes name a round or a report by "pk", as the filing API names a
# filing: these rules say which object that is, route by route.
MONITORING_API_REPORT_ROUTES = ("api:report", "api:report_lights",
                                *(f"api:report_{name}" for name in REPORT_ACTIONS))
ROUTE_KWARG_RULES = {
    ("api:monitoring_round", "pk"): lambda o: o.exercise.pk,
    **{(name, "pk"): (lambda o: o.report.pk) for name in MONITORING_API_REPORT_ROUTES},
    # The self-evaluation pages' own routes take a self-evaluation report or round.
    ("reports:evaluation_scores", "report_pk"): lambda o: o.evaluation_report.pk,
    ("reports:evaluation_review_score", "report_pk"): lambda o: o.evaluation_report.pk,
    ("reports:evaluation_xlsx", "exercise_pk"): lambda o: o.evaluation_exercise.pk,
    # The self-evaluation API: its rounds' path takes a self-evaluation round, 复核 a self-evaluation report.
    ("api:evaluation_round", "pk"): lambda o: o.evaluation_exercise.pk,
    ("api:report_review_scores", "pk"): lambda o: o.evaluation_report.pk,
}
MONITORING_API = [r for r in CHECKED if r.name in ("api:monitoring_rounds", "api:monitoring_round", "api:reports",
                                                   *MONITORING_API_REPORT_ROUTES)]


def monitoring_api_expected(route, user, report):
    """(GET, bare POST) of a monitoring API route on the user's own report:
    reading is visibility's business; opening a round is OPEN_ROUND's; the
    report actions are the catalogue's, as the filing API's (403 for who is
    not its actor, 409 for a state it is not taken from)."""
    action = ACTIONS.get(route.name.removeprefix("api:report_")) if route.name.startswith("api:report_") else None
    if action is not None and route.name != "api:report_lights":
        if not permissions.is_actor(user, action, report):
            return 405, 403
        return 405, 200 if permissions.may(user, action, report) else 409
    if route.name == "api:monitoring_rounds":
        return 200, 400 if permissions.may(user, OPEN_ROUND) else 403  # a bare POST is no request
    return 200, 405


def test_the_monitoring_api_is_in_the_matrix():
    assert {r.name for r in MONITORING_API} == {
        "api:monitoring_rounds", "api:monitoring_round", "api:reports", "api:report", "api:report_lights",
        "api:report_submit", "api:report_return", "api:report_approve"}


@pytest.mark.parametrize("role", ["staff", "reviewer", "admin"])
@pytest.mark.parametrize("route", MONITORING_API, ids=lambda r: r.id)
def test_monitoring_api_answers_by_role(world, route, role):
    user = {"staff": world.home.staff, "reviewer": world.home.reviewer, "admin": world.admin}[role]
    # A round and a report first, so their ids are not the filings': a
    # route filled with the wrong object would answer 404 below.
    spare = Exercise.objects.create(year=2023, months=7, deadline=datetime.date(2099, 8, 15),
                                    region=world.foreign.province, opened_by=world.admin)
    Report.objects.create(exercise=spare, filing=world.foreign.filing, unit=world.foreign.unit, document={})
    objects = prepare(world)
    own, foreign = objects["own"], objects["foreign"]
    assert (own.report.pk, own.exercise.pk) != (own.filing.pk, own.filing.pk)
    client = client_for(user)
    url = url_for(route, own)
    get, post = monitoring_api_expected(route, user, Report.objects.get(pk=own.report.pk))
    assert client.get(url).status_code == get, ("get", url)
    assert client.post(url).status_code == post, ("post", url)
    if route.name == "api:report":
        # PUT: only the unit's staff write, from the version they read.
        report = Report.objects.get(pk=own.report.pk)
        body = json.dumps(report.document, ensure_ascii=False)
        response = client.put(url, body, content_type="application/json", HTTP_IF_MATCH=f'"{report.version}"')
        allowed = permissions.may(user, permissions.EDIT, report)
        assert response.status_code == (200 if allowed else 409 if permissions.is_actor(user, permissions.EDIT, report)
                                         else 403)
        foreign_report = Report.objects.get(pk=foreign.report.pk)
        response = client.put(url_for(route, foreign), json.dumps(foreign_report.document, ensure_ascii=False),
                              content_type="application/json", HTTP_IF_MATCH=f'"{foreign_report.version}"')
        assert response.status_code == (403 if role == "admin" else 404)
        assert Report.objects.get(pk=foreign.report.pk).version == foreign_report.version


# --- the self-evaluation API (reports/api_urls.py) -----------------------------------
EVALUATION_API = [r for r in CHECKED if r.name in ("api:evaluation_rounds", "api:evaluation_round",
                                                   "api:report_review_scores")]


def evaluation_api_expected(route, user, report):
    """(GET, bare POST) of a self-evaluation API route on the user's own
    report (a draft): reading is visibility's business, opening a round
    OPEN_ROUND's, 复核 REVIEW_SCORE's (403 for who is not a reviewer, 409
    before the report is submitted)."""
    if route.name == "api:evaluation_rounds":
        return 200, 400 if permissions.may(user, OPEN_ROUND) else 403
    if route.name == "api:report_review_scores":
        if not permissions.is_actor(user, REVIEW_SCORE, report):
            return 405, 403
        return 405, 400 if permissions.may(user, REVIEW_SCORE, report) else 409
    return 200, 405


def test_the_evaluation_api_is_in_the_matrix():
    assert {r.name for r in EVALUATION_API} == {"api:evaluation_rounds", "api:evaluation_round",
                                                "api:report_review_scores"}


@pytest.mark.parametrize("role", ["staff", "reviewer", "admin"])
@pytest.mark.parametrize("route", EVALUATION_API, ids=lambda r: r.id)
def test_evaluation_api_answers_by_role(world, route, role):
    user = {"staff": world.home.staff, "reviewer": world.home.reviewer, "admin": world.admin}[role]
    objects = prepare(world)
    own, foreign = objects["own"], objects["foreign"]
    client = client_for(user)
    report = Report.objects.get(pk=own.evaluation_report.pk)
    get, post = evaluation_api_expected(route, user, report)
    url = url_for(route, own)
    assert client.get(url).status_code == get, ("get", url)
    assert client.post(url).status_code == post, ("post", url)
    # The report itself, on the reports' path: every role reads its own
    # unit's or jurisdiction's; a report outside is not found.
    assert client.get(f"/api/reports/{report.pk}/").status_code == 200
    outside = client.get(f"/api/reports/{foreign.evaluation_report.pk}/").status_code
    assert outside == (200 if role == "admin" else 404)
    if route.name == "api:report_review_scores":
        # Submitted: the reviewer sets a 复核 score, nobody else.
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        report.refresh_from_db()
        body = json.dumps({"project": 0, "indicator": 0, "score": "0", "reason": "佐证材料不足"})
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == (200 if permissions.may(user, REVIEW_SCORE, report) else 403)
        response = client.post(url_for(route, foreign), body, content_type="application/json")
        assert response.status_code == (403 if role == "admin" else 404)  # an admin sees it: not a reviewer
