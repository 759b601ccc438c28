"""The department part's headings in the editor (filing/1 "Headings", issue
13 with issue 15 item 5): the unit types the headings its printed table
shows (第一部分, the title, Hebei's section titles), a blank one prints the
layout's own (the field's placeholder says which), and a heading is one
line of at most 200 characters."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from targets.interchange import export_document, load_filing
from targets.tables import build_tables

from .. import factories
from ..formdata import form_data

EXAMPLES = {"hebei": ("hebei-huailai-2022", "130730"), "hunan": ("hunan-yuanjiang-2024", "430981")}
HEBEI_HEADINGS = {
    "department_part_heading": "第一部分", "department_heading": "部门整体绩效目标",
    "overall_goal_title": "一、部门总体绩效目标", "sub_goals_title": "二、部门分项绩效目标",
    "safeguards_title": "三、保障措施"}


def editor(layout):
    example, code = EXAMPLES[layout]
    unit = factories.unit(factories.region(code=code, layout=layout))
    filing = factories.filing(unit, example=example)
    client = Client()
    client.force_login(factories.person("staff", unit))
    return filing, client, reverse("targets:department", args=[filing.pk])


def inputs(response):
    """{name: (label, placeholder)} of the page's one-line heading inputs."""
    html = response.content.decode()
    labels = dict((m[0], re.sub(r"<[^>]+>", "", m[1]).strip())
                  for m in re.findall(r'<label[^>]*for="id_(\w+)"[^>]*>(.*?)</label>', html, re.S))
    found = {}
    for tag in re.findall(r'<input[^>]*type="text"[^>]*>', html):
        name = re.search(r'name="(\w+)"', tag).group(1)
        placeholder = re.search(r'placeholder="([^"]*)"', tag)
        found[name] = (labels.get(name), placeholder and placeholder.group(1).replace("&ldquo;", "“")
                       .replace("&rdquo;", "”"))
    return found


def department_texts(filing):
    tables = build_tables(export_document(load_filing(filing.pk)))
    department = next(table for table in tables if table.key == "department")
    return [cell for row in department.text_rows() for cell in row if cell]


@pytest.mark.django_db
def test_hebei_headings_are_typed_in_the_editor_and_printed():
    filing, client, url = editor("hebei")
    shown = inputs(client.get(url))
    assert {name: shown[name] for name in HEBEI_HEADINGS} == {
        "department_part_heading": ("部分标题", "如“第一部分”，留空则不印"),
        "department_heading": ("单位整体部分标题", "留空则印“单位整体绩效目标”"),
        "overall_goal_title": ("总体绩效目标的标题", "留空则印“一、总体绩效目标”"),
        "sub_goals_title": ("分项绩效目标的标题", "留空则印“二、分项绩效目标”"),
        "safeguards_title": ("工作保障措施的标题", "留空则印“三、工作保障措施”"),
    }
    # Blank: the layout's own headings are printed.
    assert department_texts(filing)[:2] == ["单位整体绩效目标", "一、总体绩效目标"]

    data = form_data(client.get(url))
    data.update(HEBEI_HEADINGS)
    assert client.post(url, data).status_code == 302
    saved = export_document(load_filing(filing.pk))["department"]
    assert (saved["part_heading"], saved["heading"], saved["overall_goal_title"], saved["sub_goals_title"],
            saved["safeguards_title"]) == tuple(HEBEI_HEADINGS.values())
    texts = department_texts(filing)
    assert texts[:3] == ["第一部分", "部门整体绩效目标", "一、部门总体绩效目标"]
    assert "二、部门分项绩效目标" in texts and "三、保障措施" in texts

    # Emptied again: null in the document, the layout's own printed.
    data = form_data(client.get(url))
    data.update(dict.fromkeys(HEBEI_HEADINGS, ""))
    assert client.post(url, data).status_code == 302
    assert not {"part_heading", "heading", "overall_goal_title"} & set(
        export_document(load_filing(filing.pk))["department"])
    assert department_texts(filing)[:2] == ["单位整体绩效目标", "一、总体绩效目标"]


@pytest.mark.django_db
def test_hunan_editor_has_the_part_heading_and_title_and_no_section_titles():
    filing, client, url = editor("hunan")
    shown = inputs(client.get(url))
    assert shown["department_part_heading"] == ("部分标题", "如“第一部分”，留空则不印")
    assert shown["department_heading"] == ("单位整体部分标题", f"留空则印“{filing.year}年部门整体支出绩效目标表”")
    assert not {"overall_goal_title", "sub_goals_title", "safeguards_title"} & set(shown)
    data = form_data(client.get(url))
    data["department_heading"] = "2024年度部门整体支出绩效目标表"
    assert client.post(url, data).status_code == 302
    assert "2024年度部门整体支出绩效目标表" in department_texts(filing)


@pytest.mark.django_db
def test_a_heading_over_200_characters_is_refused_in_chinese_and_kept_on_the_page():
    filing, client, url = editor("hebei")
    data = form_data(client.get(url))
    data["department_heading"] = "标" * 201
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能超过 200 个字符（现有 201 个）" in response.content.decode()
    assert 'value="' + "标" * 201 + '"' in response.content.decode()
    assert load_filing(filing.pk).department_heading is None
