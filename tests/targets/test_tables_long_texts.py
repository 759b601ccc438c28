"""Long texts print whole: in the PDF a row taller than a page breaks
inside it, under the table's header repeated on every page, and no page is
left mostly blank before a long block."""
import re
import shutil
import subprocess

import pytest

from targets.tables import pdf_bytes

from .test_tables_support import HEBEI, document_for

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

GOAL = "".join(f"第{i}句：统筹协调全县网络安全保障体系和可信体系建设，推动网络阵地建设。" for i in range(1, 120))[:3200]
DESCRIPTION = "".join(f"描述{i}：严格按照有关会议文件精神执行并按时完成会议组织工作。" for i in range(1, 120))[:3000]


def long_filing():
    """The Hebei example with a 3,200-character goal (the department's and
    the project's) and a 3,000-character 绩效指标描述."""
    document = document_for(HEBEI)
    document["department"]["overall_goal"] = GOAL
    document["projects"][0]["annual_goal"] = GOAL
    document["projects"][0]["indicators"][1]["description"] = DESCRIPTION
    return document


def pdf_pages(data, tmp_path):
    path = tmp_path / "tables.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s", "", page) for page in text.split("\f")]


@pytest.fixture(scope="module")
def long_pdf():
    return pdf_bytes(long_filing())


def test_a_row_taller_than_a_page_has_the_header_on_every_page(long_pdf, tmp_path):
    pages = pdf_pages(long_pdf, tmp_path)
    touched = [n for n, page in enumerate(pages) if re.search(r"描述\d+：", page)]
    assert len(touched) >= 3  # the row runs over several pages
    for n in touched:
        for heading in ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值确定依据"):
            assert heading in pages[n], f"page {n + 1}"
    # Every sentence is printed, once.
    printed = "".join(pages)
    for i in range(1, 60):
        assert printed.count(f"描述{i}：") == 1


def test_no_page_is_left_mostly_blank_before_a_long_block(long_pdf, tmp_path):
    pages = pdf_pages(long_pdf, tmp_path)
    # The department goal starts under its heading on page 1 and fills it.
    assert pages[0].startswith("单位整体绩效目标一、总体绩效目标第1句")
    assert len(pages[0]) > 1200
    # The project's goal starts on the page of its table's title.
    title = next(n for n, page in enumerate(pages) if "绩效目标表" in page)
    assert "第1句" in pages[title] and len(pages[title]) > 1200
