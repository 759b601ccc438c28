"""Two reviewers acting on one filing at the same moment: exactly one
transition happens, the other is refused with the new state. Real threads
with their own database connections, on SQLite and on PostgreSQL."""
import sqlite3
import threading
import time

import pytest
from django.db import connection, connections

from reviews import transitions
from reviews.models import LogEntry, Opening, Round
from reviews.transitions import TransitionNotAllowed, transition
from targets.models import Filing, FilingStatus
from tests import factories
from units.models import User

from .conftest import make_world


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A database several threads use with real locks.

    pytest-django's SQLite test database lives in memory in shared-cache
    mode, where a second writer gets "database table is locked" at once
    instead of waiting for the lock. For these tests it is copied to a file,
    where SQLite's busy timeout and the settings' BEGIN IMMEDIATE make the
    second writer wait, as in production. PostgreSQL needs nothing."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    # Keep the in-memory connection open (closing it drops the database)
    # while the wrapper and every thread's wrapper use the file.
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


def slow_snapshots(monkeypatch):
    """Widen the window between reading the status and committing, so an
    unlocked read would let both threads through."""
    export = transitions.export_document

    def slow(filing):
        time.sleep(0.3)
        return export(filing)

    monkeypatch.setattr(transitions, "export_document", slow)


def race(filing_id, attempts):
    """Run (user, action, comment) attempts at once; [(action, outcome)]."""
    barrier = threading.Barrier(len(attempts))
    results = []

    def attempt(user, action, comment):
        try:
            barrier.wait(timeout=10)
            transition(filing_id, user, action, comment=comment)
            results.append((action, "done"))
        except TransitionNotAllowed as refused:
            results.append((action, refused.message))
        except Exception as failure:  # reported by the assertion below
            results.append((action, repr(failure)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=a) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_make_exactly_one_transition(shared_database, monkeypatch):
    world = make_world()
    home = world.home
    second = factories.person(User.Role.REVIEWER, jurisdiction=[home.county], username="reviewer_second")
    transition(home.filing.pk, home.staff, "submit")
    slow_snapshots(monkeypatch)

    results = race(home.filing.pk, [(home.reviewer, "approve", "同意"), (second, "return", "请修改")])

    assert len(results) == 2
    done = [action for action, outcome in results if outcome == "done"]
    refused = [outcome for action, outcome in results if outcome != "done"]
    assert len(done) == 1, results
    winner = done[0]
    new_status = {"approve": FilingStatus.APPROVED, "return": FilingStatus.RETURNED}[winner]
    assert refused == [f"这份申报当前状态为“{new_status.label}”，不能{'退回' if winner == 'approve' else '通过'}。"]
    filing = Filing.objects.get(pk=home.filing.pk)
    assert filing.status == new_status
    assert [(r.number, r.action) for r in Round.objects.filter(filing=filing).order_by("number")] == [
        (1, "submit"), (2, winner)]
    assert LogEntry.objects.filter(filing_id=filing.pk, action__in=["approve", "return"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_action_twice_at_once_happens_once(shared_database, monkeypatch):
    world = make_world()
    home = world.home
    second = factories.person(User.Role.REVIEWER, jurisdiction=[home.province], username="reviewer_second")
    transition(home.filing.pk, home.staff, "submit")
    slow_snapshots(monkeypatch)

    results = race(home.filing.pk, [(home.reviewer, "approve", ""), (second, "approve", "")])

    assert sorted(outcome for _, outcome in results) == ["done", "这份申报当前状态为“已通过”，不能通过。"]
    assert Round.objects.filter(filing_id=home.filing.pk, action="approve").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_submitting_at_once_submit_once(shared_database, monkeypatch):
    world = make_world()
    home = world.home
    colleague = factories.person(User.Role.STAFF, unit_=home.unit, username="staff_colleague")
    slow_snapshots(monkeypatch)

    results = race(home.filing.pk, [(home.staff, "submit", ""), (colleague, "submit", "")])

    assert sorted(outcome for _, outcome in results) == ["done", "这份申报当前状态为“已提交”，不能提交。"]
    assert Round.objects.filter(filing_id=home.filing.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_withdraw_and_approve_at_once_make_exactly_one_transition(shared_database, monkeypatch):
    world = make_world()
    home = world.home
    transition(home.filing.pk, home.staff, "submit")
    slow_snapshots(monkeypatch)

    results = race(home.filing.pk, [(home.staff, "withdraw", ""), (home.reviewer, "approve", "同意")])

    done = [action for action, outcome in results if outcome == "done"]
    assert len(results) == 2 and len(done) == 1, results
    filing = Filing.objects.get(pk=home.filing.pk)
    assert filing.status == {"withdraw": FilingStatus.DRAFT, "approve": FilingStatus.APPROVED}[done[0]]
    assert [r.action for r in Round.objects.filter(filing=filing).order_by("number")] == ["submit", done[0]]


@pytest.mark.django_db(transaction=True)
def test_withdraw_and_a_reviewer_opening_at_once(shared_database, monkeypatch):
    """Either the withdrawal comes first (nothing is noted as opened) or the
    opening does (the withdrawal is refused): never both."""
    world = make_world()
    home = world.home
    transition(home.filing.pk, home.staff, "submit")
    slow_snapshots(monkeypatch)
    barrier = threading.Barrier(2)
    outcomes = {}

    def withdraw():
        try:
            barrier.wait(timeout=10)
            transition(home.filing.pk, home.staff, "withdraw")
            outcomes["withdraw"] = "done"
        except TransitionNotAllowed as refused:
            outcomes["withdraw"] = refused.message
        finally:
            connections.close_all()

    def open_page():
        try:
            filing = Filing.objects.get(pk=home.filing.pk)
            last = filing.rounds.select_related("opening").get()
            barrier.wait(timeout=10)
            time.sleep(0.1)  # the withdrawal takes the lock first as often as not
            transitions.record_opening(filing, home.reviewer, last)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw), threading.Thread(target=open_page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    opened = Opening.objects.filter(round__filing_id=home.filing.pk).exists()
    status = Filing.objects.get(pk=home.filing.pk).status
    if outcomes["withdraw"] == "done":
        assert not opened and status == FilingStatus.DRAFT
    else:
        assert outcomes["withdraw"] == "审核人已开始审核这份申报，不能撤回。"
        assert opened and status == FilingStatus.SUBMITTED
