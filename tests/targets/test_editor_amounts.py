"""Amounts in the editor read as the printed tables print them (two
decimals), without changing what is stored."""
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from targets.interchange import export_document, load_filing
from targets.models import Project
from targets.tables import build_tables

from .. import factories
from ..formdata import form_data

EXAMPLES = {"hebei": "hebei-huailai-2022", "hunan": "hunan-yuanjiang-2024", "anhui": "anhui-suzhou-2023"}


def staff_client(filing):
    client = Client()
    client.force_login(factories.person("staff", filing.unit))
    return client


def amount_fields(response):
    """name -> shown text of every amount field of the editor's form."""
    form = response.context["form"]
    return {name: form[name].value() for name, field in form.fields.items()
            if type(field).__name__ == "AmountInput" and form[name].value() not in (None, "")}


def shown(response, name):
    return response.context["form"][name].as_widget()


@pytest.mark.django_db
@pytest.mark.parametrize("layout", sorted(EXAMPLES))
def test_every_amount_in_the_editors_is_written_as_the_table_prints_it(layout):
    unit = factories.unit(factories.region(layout=layout))
    filing = factories.filing(unit, example=EXAMPLES[layout])
    client = staff_client(filing)
    printed = {text for table in build_tables(export_document(load_filing(filing.pk)))
               for row in table.text_rows() for text in row}
    pages = [reverse("targets:project", args=[filing.pk, p.pk]) for p in filing.projects.order_by("order")]
    if filing.has_department:
        pages.append(reverse("targets:department", args=[filing.pk]))
    seen = {}
    for url in pages:
        for name, text in amount_fields(client.get(url)).items():
            seen[name] = text
            assert "." in text and len(text.split(".")[1]) == 2, (url, name, text)
            # The table prints it in the same words (alone or after its label).
            assert any(cell == text or cell.endswith(text) for cell in printed), (url, name, text)
    assert seen, "no amount found in the editors"


@pytest.mark.django_db
def test_the_anhui_editor_shows_450_as_450_00_and_saving_keeps_the_amounts():
    unit = factories.unit(factories.region(layout="anhui"))
    filing = factories.filing(unit, example=EXAMPLES["anhui"])
    project = filing.projects.order_by("order").first()
    url = reverse("targets:project", args=[filing.pk, project.pk])
    client = staff_client(filing)
    page = client.get(url)
    assert 'value="450.00"' in shown(page, "budget_midterm_total")
    # Saved as shown: nothing changes but the name typed beside it.
    data = form_data(page)
    data["name"] = project.name + "（改）"
    assert client.post(url, data).status_code == 302
    saved = Project.objects.get(pk=project.pk)
    assert (saved.budget_midterm_total, saved.budget_total) == (Decimal("450"), Decimal("150"))


@pytest.mark.django_db
def test_typed_whole_numbers_are_accepted_and_finer_amounts_are_not_rounded():
    unit = factories.unit(factories.region(layout="hebei"))
    filing = factories.filing(unit, example=EXAMPLES["hebei"])
    project = filing.projects.order_by("order").first()
    url = reverse("targets:project", args=[filing.pk, project.pk])
    client = staff_client(filing)
    data = form_data(client.get(url))
    data.update(budget_total="450", budget_fiscal="449.125")
    assert client.post(url, data).status_code == 302
    saved = Project.objects.get(pk=project.pk)
    assert (saved.budget_total, saved.budget_fiscal) == (Decimal("450"), Decimal("449.125"))
    page = client.get(url)
    assert 'value="450.00"' in shown(page, "budget_total")
    # A third decimal is shown, so that saving the page does not round it.
    assert 'value="449.125"' in shown(page, "budget_fiscal")
    assert client.post(url, form_data(page)).status_code == 302
    assert Project.objects.get(pk=project.pk).budget_fiscal == Decimal("449.125")
