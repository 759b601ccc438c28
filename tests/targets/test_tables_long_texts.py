"""Long texts print whole: in the PDF a row taller than a page breaks
inside it, under the table's header repeated on every page, and no page is
left mostly blank before a long block."""
import re
import shutil
import subprocess

import pytest

import time

from targets.tables import html_for, pdf_bytes
from targets.tables.html import BREAK_EVERY, PIECE_LENGTH, ZERO_WIDTH_SPACE

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


def test_an_unbroken_text_is_offered_breaks_and_laid_out_in_pieces():
    """WeasyPrint looks for a break in a run with none by laying out ever
    shorter pieces of it, and encodes the rest of a text for each line: the
    markup offers a break every BREAK_EVERY characters of a long run and
    gives a long text in pieces, so the work grows with the length."""
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = "a" * 10_000
    document["projects"][0]["code"] = "13073022P00850910001T"
    markup = html_for(document, 0)
    cell = re.search(r"<td[^>]*>((?:<span>[^<]*</span>)+)</td>", markup)[1]
    pieces = re.findall(r"<span>([^<]*)</span>", cell)
    assert max(len(piece) for piece in pieces) <= PIECE_LENGTH
    runs = "".join(pieces).split(ZERO_WIDTH_SPACE)
    assert "".join(runs) == "a" * 10_000 and max(len(run) for run in runs) == BREAK_EVERY
    # Short runs, and texts with places to break, are left as they are.
    assert ">13073022P00850910001T<" in markup
    assert ZERO_WIDTH_SPACE not in html_for(long_filing(), 0)


def test_a_long_unbroken_text_prints_whole_in_time(tmp_path):
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = "a" * 20_000
    started = time.monotonic()
    data = pdf_bytes(document, 0)
    assert time.monotonic() - started < 30  # 31 s before it was offered breaks
    assert "".join(pdf_pages(data, tmp_path)).replace(ZERO_WIDTH_SPACE, "").count("a" * 20) == 1000


# --- the workbook ---------------------------------------------------------------

PARAGRAPHS = "\n".join(GOAL[i:i + 700] for i in range(0, 3200, 700))  # paragraphs of 700 characters


def long_texts(name):
    """An example with long goals, a long description and long texts in the
    other columns, some in paragraphs."""
    from .test_tables_support import ANHUI, HUNAN

    document = document_for(name)
    project = document["projects"][0]
    project["annual_goal"] = GOAL
    if name == HEBEI:
        document["department"]["overall_goal"] = GOAL
        document["department"]["sub_goals"] = PARAGRAPHS
        project["purpose"] = PARAGRAPHS
        project["indicators"][1]["description"] = DESCRIPTION
    if name == HUNAN:
        document["department"]["functions"] = PARAGRAPHS
        project["indicators"][0]["value"] = DESCRIPTION
    if name == ANHUI:
        project["midterm_goal"] = PARAGRAPHS
        project["indicators"][0]["name"] = DESCRIPTION
    return document


@pytest.mark.parametrize("name", ["hebei-huailai-2022", "hunan-yuanjiang-2024", "anhui-suzhou-2023"])
def test_long_texts_come_back_from_the_workbook_as_they_were(name):
    from openpyxl import load_workbook
    from io import BytesIO

    from targets.tables import workbook_bytes
    from targets.workbook_reader import read_workbook

    document = long_texts(name)
    data = workbook_bytes(document)
    for ws in load_workbook(BytesIO(data)).worksheets:
        assert all((ws.row_dimensions[r].height or 0) <= 409 for r in range(1, ws.max_row + 1))
    for base in (document, None):
        assert read_workbook(data, base=base).document == document
