"""import_units ROSTER.xlsx: load regions, budget units and people from the
roster workbook (units/roster.py); --template writes an empty one, --export
the one of what there is now."""
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.safe_files import SafeCsvWriter
from units.roster import RosterError, apply_roster, read_roster, roster_bytes, template_bytes


class Command(BaseCommand):
    help = ("从名册 XLSX 导入行政区划、预算单位和人员（“行政区划”“预算单位”“人员”三张表，按代码和账号新建或更新）。"
            "有任何一行出错时不写入任何内容。")

    def add_arguments(self, parser):
        parser.add_argument("roster", nargs="?", help="名册 XLSX 文件")
        parser.add_argument("--passwords", help="新建账号的初始密码写入此 CSV 文件（账号, 初始密码），交给本人后删除")
        parser.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")
        parser.add_argument("--template", metavar="PATH", help="生成空白名册模板到 PATH 后退出")
        parser.add_argument("--export", metavar="PATH", help="把系统中现有的区划、单位和人员写成名册到 PATH 后退出")

    def handle(self, roster=None, passwords=None, dry_run=False, template=None, export=None, **options):
        if template:
            Path(template).write_bytes(template_bytes())
            self.stdout.write(f"已生成名册模板 {template}")
            return
        if export:
            data, left_out = roster_bytes()
            Path(export).write_bytes(data)
            self.stdout.write(f"已导出当前名册 {export}" + (
                f"（{left_out} 个没有代码的区划、单位或其人员未列入）" if left_out else ""))
            return
        if not roster:
            raise CommandError("请指定名册文件，或用 --template 生成模板", returncode=1)
        if not Path(roster).is_file():
            raise CommandError(f"找不到名册文件 {roster}", returncode=1)
        if passwords and Path(passwords).exists():
            raise CommandError(f"{passwords} 已存在：请换一个文件名，以免覆盖此前的初始密码", returncode=1)
        rows = self._roster(read_roster, roster)  # read once: checked, then loaded
        checked = self._roster(apply_roster, rows, dry_run=True)
        if dry_run:
            self.stdout.write(f"检查通过（未写入）。{checked.summary()}")
            return
        if checked.passwords and not passwords:
            raise CommandError(f"将新建 {len(checked.passwords)} 个账号：请用 --passwords 指定保存其初始密码的文件。"
                               "未导入任何内容。", returncode=1)
        # The passwords' file is made before loading, so that they have a
        # place to go; it is removed again if the load fails.
        with _new_file(passwords) as out:
            result = self._roster(apply_roster, rows)
            if out is not None:
                SafeCsvWriter(out).writerows([["账号", "初始密码"], *result.passwords])
        self.stdout.write(f"已导入。{result.summary()}")
        if result.passwords:
            self.stdout.write(f"{len(result.passwords)} 个新账号的初始密码已写入 {passwords}："
                              "请分别交给本人，首次登录后修改密码，然后删除该文件。")

    def _roster(self, step, *args, **kwargs):
        try:
            return step(*args, **kwargs)
        except RosterError as error:
            raise CommandError(f"名册有 {len(error.errors)} 处错误，未导入任何内容：\n" + "\n".join(error.errors),
                               returncode=1) from error


@contextmanager
def _new_file(path):
    """A new CSV file at `path` (None without a path), removed if the
    block fails."""
    if not path:
        yield None
        return
    with open(path, "x", newline="", encoding="utf-8-sig") as out:
        try:
            yield out
        except BaseException:
            Path(path).unlink(missing_ok=True)
            raise
