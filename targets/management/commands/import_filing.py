"""import_filing PATH: read filing/1 documents (a file, or every *.json in a
directory) into the database; all or nothing. A .xlsx workbook of the
official tables is read too (targets.workbook_reader): into the draft given
by --filing, or into the unit and year its properties name."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from targets.interchange import DocumentRefused, import_document, read_document
from targets.services.workbook_replace import import_workbook_file


class Command(BaseCommand):
    help = (
        "导入 filing/1 格式的绩效目标申报（JSON 文件或目录），或系统导出的 XLSX 工作簿。"
        "出错时不写入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON 文件、包含 *.json 的目录，或 .xlsx 工作簿")
        parser.add_argument(
            "--replace", action="store_true", help="同一单位同一年度已有申报时，用文件内容覆盖"
        )
        parser.add_argument(
            "--filing", type=int, metavar="ID",
            help="仅用于 .xlsx：用工作簿替换这份草稿（或已退回）申报的内容，单位和年度不变",
        )

    def handle(self, path, replace=False, filing=None, **options):
        path = Path(path)
        if path.suffix.lower() == ".xlsx":
            if not path.is_file():
                raise CommandError(f"找不到文件：{path}", returncode=1)
            try:
                imported, changes = import_workbook_file(path.read_bytes(), path.name, filing, replace)
            except DocumentRefused as refused:
                raise CommandError(_describe(path, refused, False), returncode=1)
            self.stdout.write(f"已导入 {path.name}：{imported.year}年 {imported.unit_name}（编号 {imported.pk}），"
                              f"{len(changes)} 处修改")
            for change in changes:
                self.stdout.write(f"  {change.describe()}")
            self.stdout.write(str(imported.pk))
            return
        if filing is not None:
            raise CommandError("--filing 只用于导入 .xlsx 工作簿", returncode=1)
        if path.is_dir():
            files = sorted(path.glob("*.json"))
            if not files:
                raise CommandError(f"目录 {path} 中没有 *.json 文件", returncode=1)
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"找不到文件或目录：{path}", returncode=1)

        imported = []
        try:
            # One transaction for a whole directory: a backup restores
            # completely or not at all.
            with transaction.atomic():
                for file in files:
                    try:
                        filing = import_document(read_document(file), replace=replace)
                    except DocumentRefused as refused:
                        raise CommandError(_describe(file, refused, len(files) > 1), returncode=1)
                    imported.append((file, filing))
        except CommandError:
            raise
        for file, filing in imported:
            self.stdout.write(f"已导入 {file.name}：{filing.year}年 {filing.unit_name}（编号 {filing.pk}）")
        # The last line is the new filing's id, for scripts.
        self.stdout.write(str(imported[-1][1].pk))


def _describe(file, refused, many):
    lines = [f"导入失败，未写入任何数据。{file.name} 有 {len(refused.problems)} 处问题："]
    lines += [f"  {problem}" for problem in refused.problems]
    return "\n".join(lines)
