"""The append-only history: one writer, rows that refuse change and
deletion, one fragment that shows them escaped."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory

from reviews.log import record
from reviews.models import AppendOnlyError, LogEntry, Round
from reviews.transitions import transition
from targets.interchange.diff import ADDED, CHANGED, Change


def test_record_stores_changes_as_json(world):
    filing = world.home.filing
    changes = [
        Change(CHANGED, "projects[0].indicators[1].value", "项目“会议费”的指标“会议次数”", "指标值", "≥3次", "≥4次"),
        Change(ADDED, "projects[1]", "项目“新项目”"),
    ]
    entry = record(filing, world.home.staff, "edit", "保存项目“会议费”", changes)
    entry = LogEntry.objects.get(pk=entry.pk)
    assert (entry.filing_id, entry.user, entry.action, entry.summary) == (
        filing.pk, world.home.staff, "edit", "保存项目“会议费”")
    assert entry.changes == [
        {"kind": "changed", "location": "projects[0].indicators[1].value",
         "subject": "项目“会议费”的指标“会议次数”", "field": "指标值", "old": "≥3次", "new": "≥4次"},
        {"kind": "added", "location": "projects[1]", "subject": "项目“新项目”", "field": "",
         "old": None, "new": None},
    ]
    assert entry.action_label == "编辑"


def test_log_entries_refuse_change_and_deletion(world):
    entry = record(world.home.filing, world.home.staff, "edit", "保存")
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.all().update(summary="改写")
    entry.summary = "改写"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert LogEntry.objects.get(pk=entry.pk).summary == "保存"


def test_rounds_refuse_deletion_and_keep_their_filing(world):
    round = transition(world.home.filing.pk, world.home.staff, "submit")
    with pytest.raises(AppendOnlyError):
        round.delete()
    with pytest.raises(AppendOnlyError):
        Round.objects.all().delete()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.home.filing.delete()


def test_the_history_outlives_a_deleted_draft(world):
    filing = world.home.filing
    record(filing, world.home.staff, "edit", "保存")
    pk = filing.pk
    filing.delete()
    assert LogEntry.objects.filter(filing_id=pk).count() == 1


def test_history_panel_shows_entries_escaped(world):
    filing = world.home.filing
    record(filing, world.home.staff, "edit", "<script>alert(1)</script>",
           [Change(CHANGED, "overall_goal", "单位整体部分", "总体绩效目标", "<b>旧</b>", None)])
    request = RequestFactory().get("/")
    request.user = world.home.staff
    html = Template("{% load reviews_tags %}{% history_panel filing %}").render(
        Context({"request": request, "filing": filing})
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "&lt;b&gt;旧&lt;/b&gt;" in html
    assert "（空）" in html
    assert "编辑" in html and world.home.staff.display_name() in html
