"""export_filing ID|YEAR: write a filing, or every filing of a year, as
filing/1 JSON (the official tables in XLSX/PDF once targets.tables exists)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.interchange import export_document, filings_for_export
from targets.models import Filing


def safe_filename(text):
    """A unit name usable as a file name on any system."""
    cleaned = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in text).strip(" .")
    return cleaned[:80] or "filing"


class Command(BaseCommand):
    help = "导出申报。ID 导出一份；配合 --year 导出该年度全部申报到目录。"

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="申报编号")
        parser.add_argument("--year", type=int, help="导出该年度的全部申报（-o 为目录）")
        parser.add_argument("--format", default="json", choices=self.formats(), help="导出格式")
        parser.add_argument("-o", "--output", required=True, help="输出文件（或 --year 时的目录）")
        parser.add_argument("--project", help="只导出一个项目：项目编码或序号（从 1 开始）")

    def formats(self):
        return ["json", "xlsx", "pdf"]

    def handle(self, id=None, year=None, format="json", output=None, project=None, **options):
        if (id is None) == (year is None):
            raise CommandError("请给出申报编号，或使用 --year 导出一个年度", returncode=1)
        output = Path(output)
        if id is not None:
            filing = filings_for_export(Filing.objects.filter(pk=id)).first()
            if filing is None:
                raise CommandError(f"找不到编号为 {id} 的申报", returncode=1)
            self.write(filing, format, output, project)
            self.stdout.write(f"已导出 {output}")
            return
        filings = filings_for_export(Filing.objects.filter(year=year).order_by("unit__region__path", "pk"))
        output.mkdir(parents=True, exist_ok=True)
        count = 0
        for filing in filings:
            name = f"{filing.year}-{filing.pk:06d}-{safe_filename(filing.unit_name)}.{format}"
            self.write(filing, format, output / name, project)
            count += 1
        self.stdout.write(f"已导出 {count} 份 {year} 年度申报到 {output}")

    def write(self, filing, format, path, project):
        document = export_document(filing)
        if format == "json":
            if project is not None:
                raise CommandError("JSON 导出总是包含全部项目，--project 仅用于 xlsx/pdf", returncode=1)
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return
        from targets import tables

        index = _project_index(document, project)
        render = tables.workbook_bytes if format == "xlsx" else tables.pdf_bytes
        path.write_bytes(render(document, project_index=index))


def _project_index(document, project):
    if project is None:
        return None
    for index, item in enumerate(document["projects"]):
        if item.get("code") and item["code"] == project:
            return index
    if project.isdigit() and 1 <= int(project) <= len(document["projects"]):
        return int(project) - 1
    raise CommandError(f"申报中没有编码或序号为“{project}”的项目", returncode=1)
