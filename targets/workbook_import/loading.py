"""Opening an uploaded workbook safely: it must be an .xlsx (a ZIP) of a
reasonable unpacked size before openpyxl parses it, and any failure to open
it is one clear Chinese message."""
import zipfile
from io import BytesIO

from openpyxl import load_workbook

from targets.interchange import DocumentRefused, Problem
from targets.tables.metadata import read_metadata

# Our largest workbooks unpack to a few MB; a ZIP that claims far more is a
# "zip bomb" or not a filing at all.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
NOT_XLSX = "文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”后再上传）"


def load(data):
    """(openpyxl workbook, metadata) of the bytes of an .xlsx file."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise DocumentRefused([Problem("", NOT_XLSX)])
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise DocumentRefused([Problem("", NOT_XLSX)]) from None
    if "xl/workbook.xml" not in names:
        raise DocumentRefused([Problem("", NOT_XLSX)])
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentRefused([Problem("", "工作簿解压后过大，不是绩效目标表")])
    try:
        # data_only: a cell holding a formula gives the value Excel last
        # computed for it, never the formula text.
        workbook = load_workbook(BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise DocumentRefused([Problem("", "工作簿已损坏，无法读取：" + NOT_XLSX)]) from None
    return workbook, read_metadata(workbook)
