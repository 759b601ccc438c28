"""What every upload form checks of a workbook before reading it."""

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


def workbook_upload_problem(upload, max_bytes=MAX_WORKBOOK_BYTES):
    """None, or why the upload (an UploadedFile, or None when no file was
    chosen) cannot be read as a workbook, in Chinese."""
    if upload is None:
        return "请选择要上传的 .xlsx 工作簿。"
    if not upload.name.lower().endswith(".xlsx"):
        return (f"“{upload.name}”不是 .xlsx 文件。请用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”后再上传"
                "（不支持 .xls、.et、.csv）。")
    if upload.size > max_bytes:
        return (f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
                f"上传的工作簿不能超过 {max_bytes // (1024 * 1024)} MB。")
    return None
