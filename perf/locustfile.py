"""Locust users of the load test (scripts/loadtest.py starts it): unit staff
who browse, edit and save a project and submit; reviewers who work through
their queue and approve or return; an administrator who lists and exports.

The plan (LOADTEST_PLAN, a JSON file the script writes) gives each
simulated person a signed-in session and the filings to work on. Requests
are named "page: …", "action: …", "api: …" or "export: …" so the report can
tell page views from exports. Only the loopback host is ever addressed.
"""
import json
import os
import random
from itertools import count
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from formdata import read_form  # perf/ is on the path: locust runs this file from there

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())
_serial = count()


@events.test_start.add_listener
def _refuse_other_hosts(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"the load test only talks to 127.0.0.1, not {host!r}")


def failed(response):
    """Mark the request failed with why: the error (a reset connection,
    status 0) or the status and where it redirected."""
    reason = response.error or response.headers.get("Location", "")
    response.failure(f"{response.status_code} {reason}".strip())


class Person(HttpUser):
    """A signed-in person behind a TLS-terminating proxy: the session and
    CSRF cookies come from the plan, X-Forwarded-Proto says https."""

    abstract = True
    wait_time = between(1, 4)
    role = None

    def on_start(self):
        people = PLAN[self.role]
        self.me = people[next(_serial) % len(people)]
        origin = "https://" + urlsplit(self.host).netloc
        self.client.headers.update({"X-Forwarded-Proto": "https", "Referer": origin + "/"})
        self.client.cookies.set("sessionid", self.me["session"])
        self.client.cookies.set("csrftoken", PLAN["csrf"])

    def page(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                failed(response)
            return response

    def post(self, url, name, data):
        data = dict(data, csrfmiddlewaretoken=PLAN["csrf"])
        with self.client.post(url, data=data, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
                failed(response)
            return response


class UnitStaff(Person):
    weight = 30
    role = "staff"

    @task(3)
    def home(self):
        self.page("/", "page: staff home")

    @task(3)
    def filing(self):
        self.page(f"/filings/{self.me['filing']}/", "page: filing")

    @task(4)
    def edit_and_save_project(self):
        url = f"/filings/{self.me['filing']}/projects/{random.choice(self.me['projects'])}/"
        response = self.page(url, "page: project editor")
        if response.status_code != 200 or 'id="editor-form"' not in response.text:
            return
        data = read_form(response.text, "editor-form")
        if "annual_goal" in data:
            data["annual_goal"] = data["annual_goal"].rstrip("。") + "。"
        self.post(url, "action: save project", data)

    @task(1)
    def preview(self):
        self.page(f"/filings/{self.me['filing']}/preview/", "page: table preview")

    @task(1)
    def submit(self):
        if self.me.get("submitted"):
            return
        self.me["submitted"] = True
        self.post(f"/reviews/filings/{self.me['filing']}/submit/", "action: submit", {})


class Reviewer(Person):
    weight = 15
    role = "reviewers"

    @task(3)
    def queue(self):
        self.page("/reviews/", "page: reviewer queue")

    @task(1)
    def queue_submitted(self):
        self.page("/reviews/?status=submitted", "page: reviewer queue")

    @task(2)
    def overview(self):
        self.page("/reviews/overview/", "page: year overview")

    @task(4)
    def review(self):
        if not self.me["filings"]:
            return self.queue()
        filing = self.me["filings"].pop()
        self.page(f"/reviews/filings/{filing}/", "page: review")
        if random.random() < 0.7:
            self.post(f"/reviews/filings/{filing}/approve/", "action: approve", {"conclusion": "优"})
        else:
            self.post(f"/reviews/filings/{filing}/return/", "action: return",
                      {"comment": "请细化产出指标。", "conclusion": "中"})


class Exporter(Person):
    """An administrator downloading the official tables."""

    weight = 5
    role = "admins"

    @task(2)
    def api_list(self):
        self.page(f"/api/filings/?year={PLAN['year']}", "api: filings list")

    @task(2)
    def export_json(self):
        self.page(f"/api/filings/{random.choice(PLAN['export_filings'])}/export.json", "export: filing/1 JSON")

    @task(2)
    def export_xlsx(self):
        self.page(f"/filings/{random.choice(PLAN['export_filings'])}/export.xlsx", "export: filing XLSX")

    @task(2)
    def export_project_pdf(self):
        filing, project = random.choice(PLAN["export_projects"])
        self.page(f"/filings/{filing}/projects/{project}/export.pdf", "export: project PDF")

    @task(1)
    def export_pdf(self):
        self.page(f"/filings/{random.choice(PLAN['export_filings'])}/export.pdf", "export: filing PDF")
