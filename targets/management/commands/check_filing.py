"""check_filing ID_OR_PATH: run the checks engine (审核规则) on a filing in the
database or on a filing/1 JSON file; one tab-separated line per problem."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.checks import ERROR, Problem, run_checks
from targets.interchange import DocumentRefused, export_document, load_filing, read_document, validate_document
from targets.models import Filing


class Command(BaseCommand):
    help = (
        "按审核规则检查一份绩效目标申报：参数为申报编号，或 filing/1 格式的 JSON 文件路径"
        "（纯数字按编号处理，文件名为数字时请写成 ./123）。每个问题输出一行，以制表符分隔："
        "级别、代码、位置、说明。有错误时退出码为 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("target", metavar="ID_OR_PATH", help="申报编号，或 JSON 文件路径")

    def handle(self, target, **options):
        problems = self._problems(target)
        for problem in problems:
            self.stdout.write(_line(problem))
        errors = sum(1 for p in problems if p.severity == ERROR)
        warnings = len(problems) - errors
        self.stderr.write(f"错误 {errors} 个，警告 {warnings} 个" if problems else "未发现问题")
        if errors:
            # A verdict, not a failure of the command: exit 1 like a linter,
            # without CommandError's "CommandError:" banner.
            sys.exit(1)

    def _problems(self, target):
        if target.isdigit():
            try:
                return run_checks(export_document(load_filing(int(target))))
            except Filing.DoesNotExist:
                raise CommandError(f"找不到编号为 {target} 的申报", returncode=1) from None
        path = Path(target)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=1)
        try:
            document = read_document(path)
        except DocumentRefused as refused:
            return [_invalid(p) for p in refused.problems]
        # The rules expect a well-formed document; schema problems come
        # first and alone.
        invalid = validate_document(document)
        if invalid:
            return [_invalid(p) for p in invalid]
        return run_checks(document)


def _invalid(schema_problem):
    return Problem(ERROR, "document.invalid", schema_problem.path, schema_problem.message)


def _line(problem):
    fields = (problem.severity, problem.code, problem.location or "-", problem.message)
    # One problem per line, whatever the message quotes.
    return "\t".join(" ".join(str(f).replace("\t", " ").splitlines()) for f in fields)
