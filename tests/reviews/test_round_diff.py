"""What changed between rounds, computed by the one diff on the snapshots:
a resubmission where a project and two indicator rows changed."""
from targets.interchange.diff import diff_documents
from targets.models import Indicator
from reviews.transitions import transition

from .conftest import client_for


def revise(filing):
    """What the unit does between a return and the resubmission: edits a
    project's annual goal and two indicator values."""
    project = filing.projects.order_by("order", "id")[0]
    project.annual_goal = "1.保障会议按计划召开"
    project.save(update_fields=["annual_goal"])
    rows = list(project.indicators.order_by("order", "id")[:2])
    rows[0].value = "≥4次"
    rows[0].save(update_fields=["value"])
    rows[1].value = "100%"
    rows[1].save(update_fields=["value"])
    return project, rows


def test_the_resubmission_shows_the_project_and_two_rows_that_changed(world):
    home = world.home
    filing = home.filing
    project = filing.projects.order_by("order", "id")[0]
    old_rows = list(project.indicators.order_by("order", "id")[:2])
    old_goal = project.annual_goal
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="年度目标留有占位文字，指标值不可衡量")
    project, rows = revise(filing)
    third = transition(filing.pk, home.staff, "submit")
    second = filing.rounds.get(number=2)

    changes = diff_documents(second.snapshot, third.snapshot)
    subject = f"项目“{project.name}”"
    assert [(c.kind, c.location, c.subject, c.field, c.old, c.new) for c in changes] == [
        ("changed", "projects[0].annual_goal", subject, "绩效目标", old_goal, "1.保障会议按计划召开"),
        ("changed", "projects[0].indicators[0].value", f"{subject}的指标“{rows[0].name}”", "指标值",
         old_rows[0].value, "≥4次"),
        ("changed", "projects[0].indicators[1].value", f"{subject}的指标“{rows[1].name}”", "指标值",
         old_rows[1].value, "100%"),
    ]

    page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/rounds/3/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">3</span>' in html
    assert html.count('class="card mb-2 review-change-group"') == 3
    for location in ("projects[0].annual_goal", "projects[0].indicators[0].value",
                     "projects[0].indicators[1].value"):
        assert f'data-location="{location}"' in html
    assert "<ins>≥4次</ins>" in html and "<ins>100%</ins>" in html
    # Each change table names its columns.
    assert html.count('<thead><tr><th scope="col" class="w-25">字段</th><th scope="col">原值</th>'
                      '<th scope="col">新值</th></tr></thead>') == 3

    # The first return is in the first round: nothing before it to compare.
    page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/rounds/2/").content.decode()
    assert "这是第一轮，没有可比较的上一轮。" in page and 'id="change-count"' not in page
    # The panel links each round after the first to its diff, and no round of the first.
    panel = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert f'href="/reviews/filings/{filing.pk}/rounds/3/"' in panel
    assert f'href="/reviews/filings/{filing.pk}/rounds/2/"' not in panel


def test_a_second_return_counts_what_its_round_changed(world):
    """第2轮 退回 against 第1轮: the three fields the resubmission changed,
    not the 0 of the submission just before it (reviewers never edit)."""
    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    revise(filing)
    transition(filing.pk, home.staff, "submit")
    second_return = transition(filing.pk, home.reviewer, "return", comment="仍需修改")
    assert (second_return.number, second_return.cycle) == (4, 2)

    html = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/rounds/4/").content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">3</span>' in html
    assert "第2轮（退回）与第1轮（退回）相比的修改" in html
    assert "<ins>≥4次</ins>" in html and "<ins>100%</ins>" in html
    panel = client_for(home.staff).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert f'href="/reviews/filings/{filing.pk}/rounds/4/">与上一轮比较</a>' in panel


def test_changes_since_the_last_round_while_returned(world):
    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    project = filing.projects.order_by("order", "id")[0]
    Indicator.objects.create(filing=filing, project=project, order=99, level1="产出指标",
                             level2="数量指标", name="新增培训次数", value="≥2次")
    html = client_for(home.staff).get(f"/reviews/filings/{filing.pk}/changes/").content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">1</span>' in html
    assert f"新增项目“{project.name}”的指标“新增培训次数”" in html
    assert "第1轮（退回）以来的修改" in html
    # The breadcrumb leads each back to their own page of the filing.
    assert f'<a href="/filings/{filing.pk}/">2024年' in html
    reviewer = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/changes/").content.decode()
    assert f'<a href="/reviews/filings/{filing.pk}/">2024年' in reviewer


def test_a_first_round_and_no_round(world):
    home = world.home
    client = client_for(home.staff)
    assert client.get(f"/reviews/filings/{home.filing.pk}/changes/").status_code == 404
    assert client.get(f"/reviews/filings/{home.filing.pk}/rounds/1/").status_code == 404
    transition(home.filing.pk, home.staff, "submit")
    html = client.get(f"/reviews/filings/{home.filing.pk}/rounds/1/").content.decode()
    assert "这是第一轮，没有可比较的上一轮。" in html
    snapshot = client.get(f"/reviews/filings/{home.filing.pk}/rounds/1/snapshot.json")
    assert snapshot["Content-Type"] == "application/json; charset=utf-8"
    assert snapshot.json() == home.filing.rounds.get().snapshot


def test_after_a_resubmission_the_changes_since_the_return_are_counted_and_marked(world):
    home = world.home
    filing = home.filing
    project = filing.projects.order_by("order", "id")[0]
    old_rows = list(project.indicators.order_by("order", "id")[:2])
    old_goal = project.annual_goal
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    Indicator.objects.create(filing=filing, project=project, order=99, level1="产出指标",
                             level2="数量指标", name="新增培训次数", value="≥2次")
    project, rows = revise(filing)
    transition(filing.pk, home.staff, "submit")

    client = client_for(home.reviewer)
    page = client.get(f"/reviews/filings/{filing.pk}/").content.decode()
    link = f'id="changes-link" href="/reviews/filings/{filing.pk}/changes/">第1轮退回以来的修改（4 处）</a>'
    assert link in page
    changes = client.get(f"/reviews/filings/{filing.pk}/changes/").content.decode()
    assert "第1轮（退回）以来的修改" in changes
    assert '<span class="badge text-bg-secondary" id="change-count">4</span>' in changes
    # On the review page itself: the new values marked, the old ones beside them.
    for row, old in zip(rows, old_rows):
        cells = page[page.index(f'id="indicator-{row.pk}"'):]
        cells = cells[:cells.index("</tr>")]
        assert f'class="review-changed">{row.value}<div class="review-old">原为：{old.value}</div>' in cells
    assert f'<div class="review-old">原为：{old_goal}</div>' in page
    added = Indicator.objects.get(name="新增培训次数")
    assert f'<tr id="indicator-{added.pk}" class="review-added"' in page
    assert page.count('class="review-changed"') == 2 and page.count("review-changed") == 3


def test_the_history_lists_each_change_on_its_own_line(world):
    """操作记录: a change reads subject, field, old → new on one line (named
    for screen readers), not four table columns a character wide on a phone."""
    from reviews.log import record
    from targets.interchange.diff import Change

    home = world.home
    record(home.filing, home.staff, "edit", changes=[
        Change("changed", "projects[0].annual_goal", "项目“会议费”", "年度目标", "旧目标", "新目标"),
        Change("added", "projects[0].indicators[3]", "项目“会议费”的指标“培训次数”"),
    ])
    html = client_for(home.staff).get(f"/reviews/filings/{home.filing.pk}/history/").content.decode()
    assert ('<span class="fw-semibold">年度目标</span>：<span class="visually-hidden">原值</span><del>旧目标</del>'
            ' → <span class="visually-hidden">新值</span><ins>新目标</ins>') in html
    assert '<span class="text-muted">项目“会议费”的指标“培训次数”</span>' in html
    assert "<table" not in html[html.index('class="list-unstyled mb-0 mt-1 review-history-changes"'):]


def test_each_rounds_heading_says_how_it_ended(world):
    """The review panel reads 第1轮（退回）, 第2轮（通过）, then the
    adjustment round, still open, without an outcome."""
    import re

    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "approve")
    transition(filing.pk, world.admin, "reopen", comment="预算调整")
    page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert re.findall(r'review-cycle">([^<]*)</li>', page) == ["第1轮（退回）", "第2轮（通过）", "第3轮（调整）"]
