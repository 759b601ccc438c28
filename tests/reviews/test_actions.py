"""The action catalogue (reviews.actions): every action is complete with its
one entry — a label in the history, a verb in the notices, a page URL and an
API route that resolve, an operation in /api/openapi.json, a form on the
review panel and a rule of the state table — and taking it through its form
does what the entry says."""
import re

import pytest
from django.urls import resolve, reverse

from reviews import api, views
from reviews.actions import ACTIONS, Conclusion
from reviews.log import ACTION_LABELS
from reviews.models import Action, LogEntry, Notice, Round
from reviews.notices import RECIPIENTS
from reviews.openapi import openapi_document
from targets.models import Filing, FilingStatus
from units import permissions

from .conftest import client_for

ACTION_NAMES = list(ACTIONS)


def people(world):
    return [world.home.staff, world.home.reviewer, world.admin]


def test_the_model_choices_are_the_catalogue():
    assert Action.choices == [(name, action.label) for name, action in ACTIONS.items()]
    assert Round._meta.get_field("action").choices == Action.choices


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_has_its_words(name):
    action = ACTIONS[name]
    assert action.name == name and re.fullmatch(r"[a-z]+", name)
    assert action.label and action.title and action.verb
    assert ACTION_LABELS[name] == action.label
    assert Action(name).label == action.label
    if action.comment_required:
        assert action.asks, "a required comment needs a name for the form and the refusal"


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_is_a_rule_of_the_state_table(name):
    action = ACTIONS[name]
    assert action.sources and set(action.sources) <= set(FilingStatus.values)
    assert action.target in FilingStatus.values and action.target not in action.sources
    assert action.actors and all(isinstance(actor, permissions.Actor) for actor in action.actors)
    assert action.notify and all(kind in RECIPIENTS for kind in action.notify)
    assert set(action.conclusions) <= set(Conclusion.values)


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_has_a_url_and_an_api_route(name):
    action = ACTIONS[name]
    url = reverse("reviews:transition", args=[7, name])
    assert url == f"/reviews/filings/7/{name}/"
    match = resolve(url)
    assert (match.func, match.kwargs) == (views.transition_view, {"pk": "7", "action": name})

    url = reverse(f"api:{name}", args=[7])
    assert url == f"/api/filings/7/{name}/" == action.api_path.replace("{id}", "7")
    match = resolve(url)
    assert (match.func, match.kwargs) == (api.transition_endpoint, {"pk": 7, "action": name})


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_is_described_in_openapi(name):
    action = ACTIONS[name]
    operation = openapi_document()["paths"][action.api_path]["post"]
    assert operation["summary"] == action.title
    for status in action.sources:
        assert FilingStatus(status).label in operation["description"]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    fields = body.get("properties", {})
    assert (action.comment_key in fields) == bool(action.asks)
    if action.conclusions:
        assert fields["conclusion"]["enum"] == ["", *action.conclusions]
    else:
        assert "conclusion" not in fields


def form_of(html, url):
    found = re.findall(rf'<form method="post" action="{re.escape(url)}".*?</form>', html, re.S)
    assert len(found) == 1, f"one form posting to {url} expected, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_has_a_form_that_takes_it(world, name):
    """For the person the catalogue names and a filing in a state it starts
    from: the review page shows the form, and posting it takes the action
    with its round, history entry and notices."""
    action = ACTIONS[name]
    filing = world.home.filing
    Filing.objects.filter(pk=filing.pk).update(status=action.sources[0])
    filing.refresh_from_db()
    user = next(person for person in people(world) if permissions.may(person, action, filing))
    client = client_for(user)
    url = reverse("reviews:transition", args=[filing.pk, name])

    form = form_of(client.get(reverse("reviews:filing", args=[filing.pk])).content.decode(), url)
    assert action.title in form
    textarea = re.search(r"<textarea[^>]*>", form)
    assert bool(textarea) == bool(action.asks)
    if action.asks:
        assert action.asks in form and 'name="comment"' in textarea.group()
        assert (" required" in textarea.group()) == action.comment_required
    options = re.findall(r'<option value="([^"]*)">', form)
    assert options == (["", *action.conclusions] if action.conclusions else [])

    data = {"comment": "按意见处理" if action.asks else "", "confirmed": "1"}
    if action.conclusions:
        data["conclusion"] = action.conclusions[0]
    response = client.post(url, data)
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == action.target
    round = Round.objects.get(filing=filing)
    assert (round.action, round.get_action_display(), round.conclusion) == (
        name, action.label, data.get("conclusion", ""))
    entry = LogEntry.objects.get(filing_id=filing.pk)
    assert (entry.action, entry.action_label) == (name, action.label)
    notices = Notice.objects.filter(round=round)
    assert notices and all(action.verb in notice.message for notice in notices)
    told = {notice.recipient for notice in notices}
    assert told == {person for kind in action.notify for person in RECIPIENTS[kind](filing.unit)} - {user}


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_nobody_else_sees_the_form(world, name):
    action = ACTIONS[name]
    filing = world.home.filing
    Filing.objects.filter(pk=filing.pk).update(status=action.sources[0])
    filing.refresh_from_db()
    url = reverse("reviews:transition", args=[filing.pk, name])
    for person in people(world):
        page = client_for(person).get(reverse("reviews:filing", args=[filing.pk])).content.decode()
        assert (f'action="{url}"' in page) == permissions.may(person, action, filing)


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_asks_to_confirm_first(world, name):
    """The form's post shows what the action does and what is still open;
    nothing happens until it is confirmed."""
    action = ACTIONS[name]
    filing = world.home.filing
    Filing.objects.filter(pk=filing.pk).update(status=action.sources[0])
    filing.refresh_from_db()
    user = next(person for person in people(world) if permissions.may(person, action, filing))
    url = reverse("reviews:transition", args=[filing.pk, name])
    page = client_for(user).post(url, {"comment": "按意见处理", "next": "https://evil.example/"})
    html = page.content.decode()
    assert page.status_code == 200 and f"确认{action.title}" in html
    assert f"将由“{FilingStatus(action.sources[0]).label}”变为“{FilingStatus(action.target).label}”" in html
    assert "evil.example" not in html
    form = form_of(html, url)
    assert 'name="confirmed" value="1"' in form and 'value="按意见处理"' in form
    assert Filing.objects.get(pk=filing.pk).status == action.sources[0]
    assert not Round.objects.filter(filing=filing).exists()
