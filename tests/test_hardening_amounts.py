"""Amounts are judged by their digits and exponent before they are written
out: "1e100000000" (eleven characters) was once expanded to a hundred
million digits by the editor before its range was checked."""
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.forms import AmountInput
from targets.interchange import export_document, load_filing
from targets.money import parse_amount

from . import factories
from .formdata import form_data
from .hardening_inputs import EXPONENT_AMOUNT


@pytest.mark.parametrize("written", [EXPONENT_AMOUNT, Decimal(EXPONENT_AMOUNT), "-1E+999999999"])
def test_an_amount_with_a_huge_exponent_is_refused_at_once(written):
    started = time.monotonic()
    with pytest.raises(ValueError, match="超出可保存的范围"):
        parse_amount(written)
    assert time.monotonic() - started < 1


def test_an_exponent_is_counted_as_whole_digits():
    with pytest.raises(ValueError, match="超出可保存的范围"):
        parse_amount("1e14")  # 15 whole digits
    assert parse_amount("1e13") == Decimal("10000000000000")
    assert str(parse_amount("1.5e3")) == "1500"
    assert parse_amount("0e1000000") == 0


def test_an_overlong_amount_is_refused_before_it_is_parsed():
    with pytest.raises(ValueError, match="过长"):
        parse_amount("1" * 1_000_000)


def test_the_editor_field_refuses_an_exponent_amount_in_chinese():
    field = AmountInput()
    with pytest.raises(Exception) as refused:
        field.clean(EXPONENT_AMOUNT)
    assert refused.value.messages == ["金额“1E+100000000”超出可保存的范围"]
    assert field.clean("1,200.5") == Decimal("1200.5")
    assert field.clean("1e3") == Decimal("1000")


@pytest.mark.django_db
def test_the_project_page_answers_an_exponent_amount_with_a_short_error(client):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001")
    filing = factories.filing(unit, year=2022)
    project = filing.projects.get()
    client.force_login(factories.person("staff", unit))
    url = reverse("targets:project", args=[filing.pk, project.pk])
    data = form_data(client.get(url))
    data["budget_total"] = EXPONENT_AMOUNT
    started = time.monotonic()
    response = client.post(url, data)
    assert time.monotonic() - started < 20
    assert response.status_code == 200
    assert len(response.content) < 2_000_000
    assert "金额“1E+100000000”超出可保存的范围" in response.content.decode()
    assert export_document(load_filing(filing.pk))["projects"][0]["budget"]["total"] != EXPONENT_AMOUNT
