"""Every label of each layout's editor is the printed table's own word for
the field (staff copy from the paper form and look for its words)."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from targets import field_catalogue as catalogue
from targets.interchange import export_document, load_filing
from targets.tables import build_tables
from targets.tables.common import contact_line

from .. import factories

EXAMPLES = {"hebei": "hebei-huailai-2022", "hunan": "hunan-yuanjiang-2024", "anhui": "anhui-suzhou-2023"}
# Labels the printed table does not write as such, and why.
NOT_PRINTED_AS_SUCH = {
    # Hebei prints the purpose unlabelled, inside 预算规模及资金用途.
    ("hebei", "资金用途"),
    # Anhui prints "其中:财政拨款" / "其他资金" under 中期资金总额 and again
    # under 年度资金总额; read out of their column (a screen reader, the
    # history, a check's message) they need the column's name.
    ("anhui", "中期财政拨款"), ("anhui", "中期其他资金"), ("anhui", "年度财政拨款"), ("anhui", "年度其他资金"),
}


def words(text):
    """A label or cell without its spacing, line breaks and colons (the
    tables write "其中：财政    资金", "年度本级\\n预算金额", "中期资金总额:")."""
    return re.sub(r"[\s\u3000:：*]", "", text)


def editor_labels(response):
    """The labels and group heads a person reads on an editor page."""
    html = response.content.decode()
    form = re.search(r'<form method="post" novalidate id="editor-form".*?</form>', html, re.S).group(0)
    found = re.findall(r"<label[^>]*>(.*?)</label>", form, re.S)
    found += re.findall(r"<legend[^>]*>(.*?)</legend>", form, re.S)
    found += re.findall(r'<th scope="col"[^>]*>(.*?)</th>', form, re.S)
    return {re.sub(r"<[^>]+>|（[元万]+）", "", label).strip() for label in found} - {"", "操作"}


@pytest.mark.django_db
@pytest.mark.parametrize("layout", sorted(EXAMPLES))
def test_every_editor_label_is_printed_in_the_layouts_table(layout):
    unit = factories.unit(factories.region(layout=layout))
    filing = factories.filing(unit, example=EXAMPLES[layout])
    client = Client()
    client.force_login(factories.person("staff", unit))
    document = export_document(load_filing(filing.pk))
    printed = [words(cell) for table in build_tables(document) for row in table.text_rows() for cell in row if cell]
    printed.append(words(contact_line(document)))  # the foot of the tables that have one
    project = filing.projects.order_by("order").first()
    pages = [reverse("targets:project", args=[filing.pk, project.pk])]
    if filing.has_department:
        pages.append(reverse("targets:department", args=[filing.pk]))
    # Groups the editor adds that no table heads (the project's one-line
    # fields; who filled the form in, printed as one line at the foot).
    own_groups = {"项目信息", "填报信息"}
    # A heading's field is a line of the table: the table prints what is
    # typed there (or the layout's own), not the field's name.
    own_groups |= {f.label for f in catalogue.fields_of("department") if f.added_later}
    labels = set()
    for url in pages:
        labels |= editor_labels(client.get(url))
    assert len(labels) > 8, labels
    unprinted = sorted(label for label in labels - own_groups
                       if (layout, label) not in NOT_PRINTED_AS_SUCH
                       and not any(words(label) in cell for cell in printed))
    assert unprinted == [], unprinted


@pytest.mark.django_db
def test_the_hunan_editor_uses_the_hunan_tables_words():
    unit = factories.unit(factories.region(layout="hunan"))
    filing = factories.filing(unit, example=EXAMPLES["hunan"])
    client = Client()
    client.force_login(factories.person("staff", unit))
    project = filing.projects.order_by("order").first()
    labels = editor_labels(client.get(reverse("targets:project", args=[filing.pk, project.pk])))
    assert {"年度本级预算金额", "该项目支出上级资金", "预算部门", "实施期绩效目标", "本年度绩效目标",
            "本年度绩效指标", "指标值及单位"} <= labels
    assert not {"其中：财政资金", "上级资金", "实施单位", "中期目标"} & labels
