"""Clean refusals, never a 500: a NUL character, a lone surrogate or an
over-long text in a comment or a return reason is refused in Chinese; a
unit's name in a document stays on one line; two imports with an empty unit
code in one region both import."""
import copy
import json

import pytest
from django.urls import reverse

from reviews.comments import CommentRefused, add_comment
from reviews.models import Comment
from targets.models import Filing, FilingStatus
from tests.conftest import load_example

from .reviews.conftest import client_for, submitted, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review(world):
    return submitted(world.home.filing, world.home.staff)


@pytest.mark.parametrize("text, message", [
    ("意见\x00", "审核意见含有不允许的空字符（\\u0000）。"),
    ("意见\ud800", "审核意见含有无效的 Unicode 字符（不成对的代理项）。"),
    ("意" * 10_001, "审核意见不能超过 10000 个字符（现有 10001 个）。"),
])
def test_a_comment_that_cannot_be_stored_is_refused_in_chinese(world, under_review, text, message):
    with pytest.raises(CommentRefused) as refused:
        add_comment(under_review.pk, world.home.reviewer, text)
    assert refused.value.message == message
    assert not Comment.objects.exists()
    add_comment(under_review.pk, world.home.reviewer, "意" * 10_000)


def test_the_comment_page_refuses_a_nul_character_without_an_error_page(world, under_review):
    client = client_for(world.home.reviewer)
    response = client.post(reverse("reviews:comment_add", args=[under_review.pk]), {"text": "第一条\x00意见"},
                           follow=True)
    assert response.status_code == 200
    assert "审核意见含有不允许的空字符" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("reason, message", [
    ("退回\\u0000理由", "审核意见含有不允许的空字符（\\u0000）。"),
    ("退回\\ud800理由", "审核意见含有无效的 Unicode 字符（不成对的代理项）。"),
    ("退" * 10_001, "审核意见不能超过 10000 个字符（现有 10001 个）。"),
])
def test_a_return_reason_that_cannot_be_stored_is_refused_by_the_api(world, under_review, reason, message):
    client = client_for(world.home.reviewer)
    body = '{"comment": "%s", "conclusion": ""}' % reason
    response = client.post(f"/api/filings/{under_review.pk}/return/", body.encode(), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert Filing.objects.get(pk=under_review.pk).status == FilingStatus.SUBMITTED


def test_a_unit_name_with_a_line_break_is_refused(world):
    document = copy.deepcopy(load_example("hebei-huailai-2022"))
    document["unit"]["name"] = "中共怀来县委\n网信办"
    response = client_for(world.admin).post("/api/filings/", json.dumps(document), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["problems"] == [{"path": "unit.name", "message": "不能包含换行"}]


def test_two_imports_with_an_empty_unit_code_in_one_region(world):
    client = client_for(world.admin)
    for name in ("第一个没有编码的单位", "第二个没有编码的单位"):
        document = copy.deepcopy(load_example("hebei-huailai-2022"))
        document["unit"] = {"code": "", "name": name,
                            "region": {"code": world.home.county.code, "name": world.home.county.name}}
        response = client.post("/api/filings/", json.dumps(document, ensure_ascii=False),
                               content_type="application/json")
        assert response.status_code == 201, response.content[:300]
    units = Filing.objects.filter(unit__region=world.home.county, unit__code=None)
    assert sorted(units.values_list("unit__name", flat=True)) == ["第一个没有编码的单位", "第二个没有编码的单位"]
