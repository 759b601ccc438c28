"""Hostile inputs a staff account could send, each a few bytes to a few MB
that once cost the server gigabytes or minutes (issue 16): built here for
the hardening tests and their run under a memory and time limit."""
import zipfile
from io import BytesIO

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def small_workbook(title="项目1"):
    workbook = Workbook()
    workbook.active.title = title
    workbook.active["A1"] = "项目支出绩效目标表"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_sheet_xml(data, change):
    """The workbook with its first sheet's XML passed through change(text)."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def merged_everything(title="项目1"):
    """One merged area over the whole of a sheet: A1:XFD1048576."""
    return with_sheet_xml(small_workbook(title), lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))


def far_cell(title="项目1"):
    """One cell at the last row and column Excel has."""
    return with_sheet_xml(small_workbook(title), lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))


def many_cells(megabytes=95, title="项目1"):
    """`megabytes` of sheet XML: rows of 100 numbers (a few hundred KB
    packed; rows and cells without references follow the one before)."""
    row = "<row>" + "<c><v>1</v></c>" * 100 + "</row>"
    rows = row * (megabytes * 1024 * 1024 // len(row) + 1)
    return with_sheet_xml(small_workbook(title), lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))


def many_styles(count=700_000):
    """`count` cell formats in the styles part (a hundred KB packed)."""
    data = small_workbook()
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    formats = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * count
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/styles.xml":
                content = content.replace(b'<cellXfs count="1">', f'<cellXfs count="{count + 1}">{formats}'.encode())
            target.writestr(info.filename, content)
    return out.getvalue()


EXPONENT_AMOUNT = "1e100000000"


def unbroken_text(length=1_000_000):
    """A text with no place to break a line (Latin letters, no spaces): a
    million of them gave no PDF within 300 s and stalled the renderer."""
    return "a" * length


def problems_array(megabytes=2.3):
    """A filing/1 body whose projects are an array of that size of empty
    objects, each missing its required keys: millions of problems."""
    count = int(megabytes * 1024 * 1024) // 3
    return (b'{"format":"filing/1","year":2024,"layout":"hebei","amount_unit":"\xe5\x85\x83",'
            b'"unit":{"code":"1","name":"x"},"projects":[' + b"{}," * count + b"{}]}")
