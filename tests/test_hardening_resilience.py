"""The hostile inputs of issue 16 — a merged range over a whole sheet, one
cell at XFD1048576, 95 MB of cells, an exponent amount, a 2.3 MB array, a
1,000,000-character unbroken text — and 700,000 cell formats in 130 KB
(which openpyxl took 45 s to read), each refused in Chinese within 30 s in
a process limited to 2 GB of address space (`ulimit -v 2000000`), and the
server answering another client while they are sent. The longest unbroken
text a goal may hold is printed to PDF within the same limits."""
import json
import resource
import subprocess
import sys
import threading
import time

import pytest
import requests

from config.settings import BASE_DIR
from perf.formdata import read_form

from . import factories
from .hardening_inputs import (EXPONENT_AMOUNT, far_cell, many_cells, many_styles, merged_everything,
                               problems_array, unbroken_text)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADDRESS_SPACE = 2_000_000 * 1024  # bytes: ulimit -v counts KiB
SECONDS = 30

# Run in a fresh interpreter: what the server does with each input, by the
# same functions the upload page, the editor and the API call.
REFUSE_EACH = r"""
import json, os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
django.setup()
from targets.forms import AmountInput
from targets.interchange import DocumentRefused, validate_document
from targets.workbook_reader.loading import load

folder = sys.argv[1]
for name in ("merged", "far", "cells", "styles"):
    try:
        load(open(os.path.join(folder, name + ".xlsx"), "rb").read())
    except DocumentRefused as refused:
        print(name, refused.problems[0], flush=True)
try:
    AmountInput().clean(sys.argv[2])
except Exception as refused:
    print("amount", refused.messages[0], flush=True)
problems = validate_document(json.loads(open(os.path.join(folder, "array.json"), "rb").read()))
print("array", len(problems), problems[0], flush=True)
document = json.loads(open(os.path.join(folder, "unbroken.json"), "rb").read())
problems = validate_document(document)
print("unbroken", len(problems), problems[0], flush=True)
# The longest a goal may be, with no place to break a line, printed whole.
from targets.field_catalogue import MAX_LENGTH, LONG_TEXT
from targets.tables import pdf_bytes
document["projects"][0]["annual_goal"] = "a" * MAX_LENGTH[LONG_TEXT]
print("longest", pdf_bytes(document, 0)[:5].decode(), flush=True)
"""


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


def test_each_hostile_input_is_refused_within_the_limits(tmp_path):
    for name, data in (("merged", merged_everything()), ("far", far_cell()), ("cells", many_cells(95)),
                       ("styles", many_styles())):
        (tmp_path / f"{name}.xlsx").write_bytes(data)
    (tmp_path / "array.json").write_bytes(problems_array(2.3))
    document = json.loads((BASE_DIR / "fixtures" / "examples" / "hebei-huailai-2022.json").read_bytes())
    document["projects"][0]["annual_goal"] = unbroken_text()
    (tmp_path / "unbroken.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", REFUSE_EACH, str(tmp_path), EXPONENT_AMOUNT], cwd=BASE_DIR,
                         preexec_fn=limited, capture_output=True, text=True, timeout=SECONDS)
    assert run.returncode == 0, run.stderr[-2000:]
    assert time.monotonic() - started < SECONDS
    assert run.stdout.splitlines() == [
        "merged 工作表“项目1”用到第 1,048,576 行，超过每张表 10,000 行的上限（可能有远处的单元格或过大的合并区域），不是可导入的表格",
        "far 工作表“项目1”用到第 1,048,576 行，超过每张表 10,000 行的上限（可能有远处的单元格或过大的合并区域），不是可导入的表格",
        "cells 工作簿解压后为 95 MB，超过 50 MB 的上限",
        "styles 工作簿的“xl/styles.xml”部分超过 100,000 个元素的上限，不是可导入的表格",
        "amount 金额“1E+100000000”超出可保存的范围",
        "array 1 projects：最多 300 项，实际有 803,909 项",
        "unbroken 1 projects[0].annual_goal：不能超过 20000 个字符",
        "longest %PDF-",
    ]


def signed_in(base_url, username):
    session = requests.Session()
    session.get(f"{base_url}/accounts/login/", timeout=10)
    response = session.post(f"{base_url}/accounts/login/", data={
        "username": username, "password": factories.PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False, timeout=10)
    assert response.status_code == 302
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


@pytest.mark.django_db(transaction=True)
def test_the_server_answers_others_while_hostile_inputs_arrive(live_server):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001")
    filing = factories.filing(unit, year=2022)
    project = filing.projects.get()
    staff = factories.person("staff", unit)
    hostile = signed_in(live_server.url, staff.username)
    upload_url = f"{live_server.url}/filings/{filing.pk}/import/"
    project_url = f"{live_server.url}/filings/{filing.pk}/projects/{project.pk}/"
    form = read_form(hostile.get(project_url, timeout=10).text, "editor-form")
    unbroken = dict(form, annual_goal=unbroken_text())
    form["budget_total"] = EXPONENT_AMOUNT

    answers = {}

    def send_hostile_inputs():
        for name, data in (("merged", merged_everything()), ("far", far_cell()), ("cells", many_cells(95))):
            answers[name] = hostile.post(upload_url, files={"workbook": ("表.xlsx", data, XLSX)}, timeout=SECONDS)
        answers["amount"] = hostile.post(project_url, data=form, timeout=SECONDS)
        answers["unbroken"] = hostile.post(project_url, data=unbroken, timeout=SECONDS)
        answers["array"] = hostile.post(f"{live_server.url}/api/filings/", data=problems_array(2.3),
                                        headers={"Content-Type": "application/json"}, timeout=SECONDS)

    sender = threading.Thread(target=send_hostile_inputs)
    sender.start()
    other = requests.Session()
    waits = []
    while sender.is_alive() or not waits:
        started = time.monotonic()
        assert other.get(f"{live_server.url}/accounts/login/", timeout=10).status_code == 200
        waits.append(time.monotonic() - started)
    sender.join()

    assert max(waits) < 10
    assert "工作表“项目1”用到第 1,048,576 行" in answers["merged"].text
    assert "工作表“项目1”用到第 1,048,576 行" in answers["far"].text
    assert "工作簿解压后为 95 MB，超过 50 MB 的上限" in answers["cells"].text
    assert answers["amount"].status_code == 200 and "金额“1E+100000000”超出可保存的范围" in answers["amount"].text
    assert answers["unbroken"].status_code == 200
    assert "不能超过 20000 个字符（现有 1000000 个）" in answers["unbroken"].text
    assert filing.projects.get().annual_goal == project.annual_goal  # nothing saved
    assert answers["array"].status_code == 400
    assert answers["array"].json()["problems"][0]["message"] == "最多 300 项，实际有 803,909 项"
