"""import_filing PATH: read filing/1 documents (a file, or every *.json in a
directory) into the database; all or nothing. A .xlsx workbook of the
official tables is read too (targets.workbook_reader): into the draft given
by --filing, or into the unit and year its properties name. Every import is
written to the filing's history in an admin's name (--user); a submitted or
approved filing is never replaced, except an approved one reopened with
--adjust "reason" through the workflow."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from targets.interchange import DocumentRefused, read_document
from targets.services.filing_import import import_filing
from targets.services.workbook_replace import import_workbook_file
from units.models import User


class Command(BaseCommand):
    help = (
        "导入 filing/1 格式的绩效目标申报（JSON 文件或目录），或系统导出的 XLSX 工作簿。"
        "出错时不写入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON 文件、包含 *.json 的目录，或 .xlsx 工作簿")
        parser.add_argument(
            "--replace", action="store_true", help="同一单位同一年度已有申报时，用文件内容覆盖（只限草稿或已退回的申报）"
        )
        parser.add_argument(
            "--filing", type=int, metavar="ID",
            help="仅用于 .xlsx：用工作簿替换这份草稿（或已退回）申报的内容，单位和年度不变",
        )
        parser.add_argument(
            "--adjust", metavar="理由", default="",
            help="已通过的申报先重新打开以调整（记入审核轮次和历史），再替换内容；需与 --replace 或 --filing 一起使用",
        )
        parser.add_argument(
            "--user", metavar="USERNAME",
            help="记入历史的管理员账号（默认：第一个在用的管理员）",
        )

    def handle(self, path, replace=False, filing=None, adjust="", user=None, **options):
        path = Path(path)
        adjust = adjust.strip()
        if adjust and not (replace or filing is not None):
            raise CommandError("--adjust 只能与 --replace（或 .xlsx 的 --filing）一起使用", returncode=1)
        user = _admin(user)
        if path.suffix.lower() == ".xlsx":
            if not path.is_file():
                raise CommandError(f"找不到文件：{path}", returncode=1)
            try:
                imported, changes = import_workbook_file(path.read_bytes(), path.name, filing, replace,
                                                         user=user, adjust=adjust)
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
        # One transaction for a whole directory: a backup restores
        # completely or not at all.
        with transaction.atomic():
            for file in files:
                try:
                    filing, changes = import_filing(read_document(file), user, f"从文件“{file.name}”导入",
                                                    replace=replace, adjust=adjust)
                except DocumentRefused as refused:
                    raise CommandError(_describe(file, refused, len(files) > 1), returncode=1)
                imported.append((file, filing, changes))
        for file, filing, changes in imported:
            replaced = "" if changes is None else f"，替换原有内容：{len(changes)} 处修改"
            self.stdout.write(f"已导入 {file.name}：{filing.year}年 {filing.unit_name}（编号 {filing.pk}）{replaced}")
        # The last line is the new filing's id, for scripts.
        self.stdout.write(str(imported[-1][1].pk))


def _admin(username):
    """The admin an import is recorded under: --user, else the first active
    admin; CommandError when there is none."""
    admins = User.objects.filter(is_active=True).filter(Q(role=User.Role.ADMIN) | Q(is_superuser=True))
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"找不到账号“{username}”（--user）", returncode=1)
        if not admins.filter(pk=user.pk).exists():
            raise CommandError(f"账号“{username}”不是在用的管理员，不能用于导入（--user）", returncode=1)
        return user
    user = admins.order_by("pk").first()
    if user is None:
        raise CommandError("没有在用的管理员账号，导入无法记入历史：请先创建管理员"
                           "（manage.py createsuperuser），或用 --user 指定账号", returncode=1)
    return user


def _describe(file, refused, many):
    lines = [f"导入失败，未写入任何数据。{file.name} 有 {len(refused.problems)} 处问题："]
    lines += [f"  {problem}" for problem in refused.problems]
    return "\n".join(lines)
