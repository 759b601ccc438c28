"""bench: the performance figures of issue 6, each the median of repeated
runs with min and max, beside their anchors measured in the same run.

    DJANGO_DEBUG=0 DJANGO_ALLOW_INSECURE_KEY=1 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench \\
        python manage.py bench --scale province --json bench.json

Server times use Django's test client against the current database, which
must hold data from generate_scale (province figures: generate_scale
--units 3000 --projects 10 --indicators 15, on PostgreSQL; the monitoring
figures need its --monitoring round, the self-evaluation ones its
--evaluation round). Everything the benchmark writes (a 20 × 15 filing, a
second round of each kind) is rolled back at the end.
"""
import copy
import json
import os
import tempfile
import time
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from perf import anchors
from perf.content import UnitSpec, filing_document
from perf.measure import Figure, bulk_anchor, bulk_export, pdf_memory, pdf_pages, timed, timed_together
from targets.interchange import import_document, parse_json
from targets.models import Filing
from units.models import Region, User

SCALES = {
    # repeat, PDFs rendered by the memory child, filings in the bulk export
    "small": {"repeat": 3, "memory_pdfs": 10, "bulk": 10, "units": 1},
    "province": {"repeat": 7, "memory_pdfs": 50, "bulk": 100, "units": 3000},
}
BIG_REPEAT = 3  # whole-filing PDFs and LibreOffice take seconds each
SMALL_REPEAT = 21  # at least, for figures of a few milliseconds
UNBROKEN_LENGTH = 10_000

GOALS = (
    # key, compared with, limit, wording
    ("xlsx_project", "xlsx_project_openpyxl_write_only", 1.5, "≤ 1.5 × openpyxl 只写模式"),
    ("pdf_project", "pdf_project_weasyprint_minimal", 1.2, "≤ 1.2 × WeasyPrint 最简 HTML"),
    ("pdf_project", "pdf_project_libreoffice", 0.2, "≥ 5 倍快于 LibreOffice 转换"),
    ("pdf_memory_peak", None, 250, "渲染 50 份 PDF 后峰值 < 250 MB"),
    ("page_queue", None, 0.150, "< 150 ms"),
    ("page_overview", None, 0.150, "< 150 ms"),
    ("page_filing_20x15", None, 0.100, "< 100 ms"),
    ("page_project_20x15", None, 0.100, "< 100 ms"),
    ("page_review_20x15", None, 0.150, "< 150 ms"),
    ("live_checks_20x15", None, 0.100, "< 100 ms"),
    # The editor's SQL does not grow with the rows (issue 13): 15 rows ÷ 1.
    ("queries_project_page", "queries_project_page_1_row", 1.0, "SQL 查询数与行数无关（15 行 ÷ 1 行 ≤ 1）"),
    ("queries_live_checks", "queries_live_checks_1_row", 1.0, "SQL 查询数与行数无关（15 行 ÷ 1 行 ≤ 1）"),
    ("api_list", None, 0.050, "< 50 ms"),
    ("bulk_export", None, 60.0, "100 份 < 60 s（两核）"),
    ("pdf_unbroken_text", None, 30.0, "< 30 s"),
    ("download_pdf_after_save", None, 1.0, "< 1 s"),
    # 运行监控 at province scale (issue 17 item 7).
    ("open_monitoring_round", None, 60.0, "全省发起 < 60 s"),
    ("page_monitoring_overview", None, 0.150, "< 150 ms"),
    ("page_monitoring_report", None, 0.100, "< 100 ms"),
    ("report_lights", None, 0.100, "< 100 ms"),
    ("queries_monitoring_report", "queries_monitoring_report_1x1", 1.0,
     "SQL 查询数与项目、指标数无关（10 × 15 ÷ 1 × 1 ≤ 1）"),
    ("queries_monitoring_overview", "queries_monitoring_overview_city", 1.0,
     "SQL 查询数与单位数无关（全省 ÷ 一个市 ≤ 1）"),
    # 绩效自评 at province scale (issue 18 item 8): the monitoring goals.
    ("open_evaluation_round", None, 60.0, "全省发起 < 60 s"),
    ("page_evaluation_overview", None, 0.150, "< 150 ms"),
    ("page_evaluation_report", None, 0.100, "< 100 ms"),
    ("evaluation_scores", None, 0.100, "< 100 ms"),
    ("queries_evaluation_report", "queries_evaluation_report_1x1", 1.0,
     "SQL 查询数与项目、指标数无关（10 × 15 ÷ 1 × 1 ≤ 1）"),
    ("queries_evaluation_overview", "queries_evaluation_overview_city", 1.0,
     "SQL 查询数与单位数无关（全省 ÷ 一个市 ≤ 1）"),
)


@dataclass(frozen=True)
class RoundBench:
    """What the figures of a kind of round differ in: its group and key
    word, its words, the report it samples (filled: with red lights, or
    scored), the live results its page posts, how a round is opened."""

    word: str  # monitoring / evaluation: the --skip group and the keys' middle
    kind: str  # Exercise.Kind
    title: str
    round_noun: str
    report_noun: str
    sample: object  # Q of a filled report
    live_route: str
    live_key: str
    live_label: str
    module: str  # perf.<module>.open_round

    def opener(self):
        return import_module(self.module).open_round

    def owns(self, key):
        return key.startswith((f"page_{self.word}", self.live_key))


ROUND_KINDS = (
    RoundBench("monitoring", "monitoring", "运行监控", "监控任务", "监控报告", Q(touched=True, red__gt=0),
               "reports:lights", "report_lights", "实时亮灯", "perf.monitoring"),
    RoundBench("evaluation", "evaluation", "绩效自评", "自评任务", "自评报告", Q(touched=True, total_score__isnull=False),
               "reports:evaluation_scores", "evaluation_scores", "实时得分", "perf.evaluation"),
)
# Ratios reported beside the goals: an absolute goal's figure against what
# the bare libraries take for the same work on this machine.
CONTEXT = (
    ("bulk_export", "bulk_export_anchor", "批量导出 ÷ 基准库写出同样的表格"),
)


class Command(BaseCommand):
    help = "性能基准：导出、导入、页面服务器耗时和批量导出，与同一次运行中测得的基准对照。需先运行 generate_scale。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--json", dest="json_path", help="结果另存为 JSON 文件")
        parser.add_argument("--repeat", type=int, help="每项重复次数（默认 small 3 次，province 7 次）")
        parser.add_argument("--skip", action="append", default=[],
                            choices=["xlsx", "pdf", "libreoffice", "memory", "import", "pages", "monitoring", "evaluation",
                                     "bulk"],
                            help="跳过某组测量（可重复）")
        parser.add_argument("--profile", metavar="KEY",
                            help="只测这一个页面（如 page_queue），用 pyinstrument 打印其剖析结果")

    def handle(self, scale, json_path=None, repeat=None, skip=(), profile=None, **options):
        self.config = dict(SCALES[scale])
        self.profile = profile
        if profile:
            skip = ["xlsx", "pdf", "libreoffice", "memory", "import", "bulk"]
            skip += [spec.word for spec in ROUND_KINDS if not spec.owns(self.profile)]
            if any(spec.owns(self.profile) for spec in ROUND_KINDS):
                skip.append("pages")
        self.repeat = repeat or self.config["repeat"]
        self.figures = {}
        world = self.find_world()
        if settings.DEBUG:
            self.stderr.write("注意：DEBUG 已开启，服务器耗时偏高；正式测量请设置 DJANGO_DEBUG=0 DJANGO_ALLOW_INSECURE_KEY=1。")
        if world["units"] < self.config["units"]:
            self.stderr.write(f"注意：数据库中只有 {world['units']} 个生成的单位，少于 {scale} 规模的 {self.config['units']} 个。")
        document = self.document(world)
        self.started = time.monotonic()
        if "xlsx" not in skip:
            self.measure_xlsx(document)
        if "pdf" not in skip:
            self.measure_pdf(document, with_libreoffice="libreoffice" not in skip)
        if "memory" not in skip:
            self.measure_memory(document)
        with transaction.atomic():
            if "import" not in skip:
                self.measure_import(document, world)
            if "pages" not in skip:
                self.measure_pages(document, world)
            for spec in ROUND_KINDS:
                if spec.word not in skip:
                    self.measure_round(world, spec)
            if "pdf" not in skip:
                self.measure_download_after_save(document, world)
            transaction.set_rollback(True)
        if "bulk" not in skip:
            self.measure_bulk(world)
        report = self.report(scale, world)
        if json_path and not profile:
            Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"结果已写入 {json_path}")

    # --- the data ----------------------------------------------------------------

    def find_world(self):
        """The generated province with the most units, its reviewers and a
        Hebei-layout unit's staff."""
        provinces = []
        for region in Region.objects.filter(level=Region.Level.PROVINCE, code__isnull=False):
            reviewer = User.objects.filter(username=f"scale{region.code[:2]}_reviewer{region.code[:2]}").first()
            if reviewer is not None:
                units = Filing.objects.filter(unit__region__path__startswith=region.path).count()
                provinces.append((units, region, reviewer))
        if not provinces:
            raise CommandError("数据库中没有 generate_scale 生成的数据：请先运行 "
                               "manage.py generate_scale --units 3000 --projects 10 --indicators 15")
        units, province, reviewer = max(provinces, key=lambda item: item[0])
        prefix = f"scale{province.code[:2]}"
        staff = list(User.objects.filter(username__startswith=f"{prefix}_staff", unit__layout="hebei")
                     .select_related("unit__region").order_by("username")[:2])
        city = Region.objects.filter(parent=province).order_by("code").first()
        year = Filing.objects.filter(unit__region__path__startswith=province.path).order_by("-year").first().year
        filings = list(Filing.objects.filter(unit__region__path__startswith=province.path, year=year)
                       .order_by("pk").values_list("pk", flat=True)[: self.config["bulk"]])
        return {
            "units": units, "province": province, "reviewer": reviewer, "year": year,
            "city_reviewer": User.objects.filter(jurisdiction=city, role=User.Role.REVIEWER).first(),
            "staff": staff[0], "other_staff": staff[1] if len(staff) > 1 else staff[0],
            "bulk_ids": filings,
        }

    def document(self, world):
        """A Hebei filing of 20 projects × 15 rows for the world's first staff
        unit (generated content, as generate_scale writes it)."""
        unit = world["staff"].unit
        spec = UnitSpec(index=0, region_code=unit.region.code, region_name=unit.region.name, code=unit.code,
                        name=unit.name, layout="hebei", status="draft", amount_unit="万元")
        return filing_document(spec, world["year"] + 1, 20, 15, seed=99)

    def add(self, key, label, samples, unit="ms", note="", **extra):
        figure = self.figures[key] = Figure(key, label, samples, unit, note, extra)
        self.stdout.write(f"  {label}: {figure.shown(figure.median)} {unit}"
                          f"（{figure.shown(figure.low)}–{figure.shown(figure.high)}，{len(samples)} 次）")
        return figure

    # --- exports -----------------------------------------------------------------

    def measure_xlsx(self, document):
        from targets.tables import build_tables, workbook_bytes

        self.stdout.write("XLSX（本系统与各基准轮流测量）")
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            xlsxwriter = None
            self.stdout.write("  （未安装 xlsxwriter：pip install xlsxwriter，跳过）")
        for key, label, index, repeat in (("project", "一个项目表（15 行）", 0, max(self.repeat, SMALL_REPEAT)),
                                          ("filing", "整份申报（20 × 15）", None, self.repeat)):
            sheets = plain_sheets(build_tables(document, index))
            fns = {
                f"xlsx_{key}": lambda: workbook_bytes(document, index),
                f"xlsx_{key}_openpyxl_write_only": lambda: anchors.openpyxl_write_only(sheets),
                f"xlsx_{key}_openpyxl": lambda: anchors.openpyxl_normal(sheets),
            }
            if xlsxwriter is not None:
                fns[f"xlsx_{key}_xlsxwriter"] = lambda: anchors.xlsxwriter_write(sheets)
            samples = timed_together(fns, repeat)
            labels = {
                f"xlsx_{key}": f"XLSX {label}：本系统",
                f"xlsx_{key}_openpyxl_write_only": f"XLSX {label}：openpyxl 只写模式（仅单元格）",
                f"xlsx_{key}_openpyxl": f"XLSX {label}：openpyxl 普通模式（仅单元格）",
                f"xlsx_{key}_xlsxwriter": f"XLSX {label}：xlsxwriter（仅单元格）",
            }
            for name in fns:
                self.add(name, labels[name], samples[name])

    def measure_pdf(self, document, with_libreoffice=True):
        from targets.tables import build_tables, pdf_bytes, workbook_bytes
        from targets.tables.fonts import cjk_font

        self.stdout.write("PDF（本系统与最简 HTML 轮流测量）")
        family = cjk_font().family
        for key, label, index, repeat in (("project", "一个项目表（15 行）", 0, max(self.repeat, 11)),
                                          ("filing", "整份申报（20 × 15）", None, min(self.repeat, BIG_REPEAT))):
            tables = build_tables(document, index)
            minimal = anchors.minimal_html(plain_sheets(tables), family)
            ours = pdf_bytes(document, index)
            theirs = anchors.weasyprint_pdf(minimal)
            samples = timed_together({"ours": lambda: pdf_bytes(document, index),
                                      "minimal": lambda: anchors.weasyprint_pdf(minimal)}, repeat, warmup=0)
            self.add(f"pdf_{key}", f"PDF {label}：本系统", samples["ours"], pages=pdf_pages(ours))
            self.add(f"pdf_{key}_weasyprint_minimal", f"PDF {label}：WeasyPrint 最简 HTML", samples["minimal"],
                     pages=pdf_pages(theirs))
        # A goal of 10,000 characters with no place to break a line (issue 16).
        unbroken = copy.deepcopy(document)
        unbroken["projects"][0]["annual_goal"] = "a" * UNBROKEN_LENGTH
        self.add("pdf_unbroken_text", f"PDF 一个项目表，目标为 {UNBROKEN_LENGTH} 个连续字母（无断行处）",
                 timed(lambda: pdf_bytes(unbroken, 0), min(self.repeat, BIG_REPEAT), 0), unit="s")
        if not with_libreoffice:
            return
        if anchors.soffice_path() is None:
            self.stdout.write("  （未安装 LibreOffice（soffice），跳过其转换）")
            return
        office = anchors.LibreOffice()
        try:
            xlsx = workbook_bytes(document, 0)
            converted = office.convert(xlsx)  # the first run also creates the profile
            self.add("pdf_project_libreoffice", "PDF 一个项目表：LibreOffice 无界面转换本系统的 XLSX",
                     timed(lambda: office.convert(xlsx), min(self.repeat, BIG_REPEAT), 0),
                     unit="s", pages=pdf_pages(converted))
        finally:
            office.close()

    def measure_memory(self, document):
        from targets.tables import build_tables
        from targets.tables.fonts import cjk_font

        count = self.config["memory_pdfs"]
        self.stdout.write(f"PDF 渲染进程内存（新进程渲染 {count} 份项目表；峰值为 VmHWM）")
        with tempfile.TemporaryDirectory() as folder:
            document_path = Path(folder) / "document.json"
            document_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            minimal_path = Path(folder) / "minimal.html"
            minimal_path.write_text(anchors.minimal_html(plain_sheets(build_tables(document, 0)), cjk_font().family),
                                    encoding="utf-8")
            ours = pdf_memory(document_path, count)
            worker = pdf_memory(document_path, count, mode="pdf-worker-memory")
            minimal = pdf_memory(minimal_path, count, mode="pdf-memory-minimal")
        self.add("pdf_memory_peak", f"渲染 {count} 份 PDF 的进程峰值内存（本进程渲染）", [ours["peak_mb"]], unit="MB",
                 after_first_mb=round(ours["after_first_mb"], 1), final_mb=round(ours["final_mb"], 1),
                 pdfs=count, seconds=round(ours["seconds"], 2))
        self.add("pdf_memory_worker_peak", "同上，由 PDF 工作进程渲染：工作进程峰值内存", [worker["worker_peak_mb"]],
                 unit="MB", final_mb=round(worker["worker_final_mb"], 1), pdfs=count,
                 seconds=round(worker["seconds"], 2))
        self.add("pdf_memory_web_peak", "同上：请求 PDF 的进程（网页进程）峰值内存", [worker["peak_mb"]], unit="MB",
                 final_mb=round(worker["final_mb"], 1))
        self.add("pdf_memory_minimal_peak", f"WeasyPrint 最简 HTML 渲染 {count} 次的进程峰值内存",
                 [minimal["peak_mb"]], unit="MB", after_first_mb=round(minimal["after_first_mb"], 1),
                 final_mb=round(minimal["final_mb"], 1))

    # --- import and pages ------------------------------------------------------------

    def measure_import(self, document, world):
        self.stdout.write("导入")
        text = json.dumps(document, ensure_ascii=False)
        unit = world["other_staff"].unit

        def import_once():
            sid = transaction.savepoint()
            start = time.perf_counter()
            import_document(parse_json(text), unit=unit, replace=True)
            elapsed = time.perf_counter() - start
            transaction.savepoint_rollback(sid)
            return elapsed

        import_once()
        self.add("import_json", "导入整份申报 JSON（20 × 15）", [import_once() for _ in range(self.repeat)])
        try:
            from targets.services.workbook_replace import import_workbook_file
        except ImportError:
            self.stdout.write("  （XLSX 导入：本系统没有 XLSX 导入功能，未测量）")
            return
        from targets.tables import workbook_bytes

        # A draft to read the workbook into, removed again below so the
        # unit's home page is measured as generated.
        draft = transaction.savepoint()
        filing = import_document(parse_json(text), unit=unit, replace=True)
        workbook = workbook_bytes(document)

        def import_workbook_once():
            sid = transaction.savepoint()
            start = time.perf_counter()
            import_workbook_file(workbook, "bench.xlsx", filing_pk=filing.pk)
            elapsed = time.perf_counter() - start
            transaction.savepoint_rollback(sid)
            return elapsed

        import_workbook_once()
        self.add("import_xlsx", "导入整份申报 XLSX（20 × 15，替换草稿内容）",
                 [import_workbook_once() for _ in range(self.repeat)])
        transaction.savepoint_rollback(draft)

    def measure_pages(self, document, world):
        self.stdout.write("服务器耗时（测试客户端）")
        staff = world["staff"]
        filing = import_document(document, unit=staff.unit)
        project = filing.projects.order_by("order").first()
        reviewer, city_reviewer = world["reviewer"], world["city_reviewer"]
        pages = [
            ("page_static", "静态内容 /api/openapi.json（同一套中间件）", reviewer, reverse("api:openapi")),
            ("page_login", "登录页（未登录，模板）", None, reverse("login")),
            ("page_staff_home", "填报人首页（10 × 15 的申报）", world["other_staff"], reverse("home")),
            ("page_filing_20x15", "申报页 20 × 15", staff, reverse("targets:filing", args=[filing.pk])),
            ("page_project_20x15", "项目编辑页（15 行，申报 20 × 15）", staff,
             reverse("targets:project", args=[filing.pk, project.pk])),
            ("page_review_20x15", "审核页 20 × 15（全省审核人）", reviewer, reverse("reviews:filing", args=[filing.pk])),
            ("page_queue", "审核队列（全省审核人）", reviewer, reverse("reviews:queue")),
            ("page_overview", "年度总览（全省审核人）", reviewer, reverse("reviews:overview")),
            ("page_queue_city", "审核队列（市审核人）", city_reviewer, reverse("reviews:queue")),
            ("page_overview_city", "年度总览（市审核人）", city_reviewer, reverse("reviews:overview")),
            ("api_list", "API 申报列表（全省审核人）", reviewer, reverse("api:filings")),
            ("api_list_year", "API 申报列表 ?year=（全省审核人）", reviewer,
             reverse("api:filings") + f"?year={world['year']}"),
            ("api_export_20x15", "API 导出 JSON 20 × 15", staff, reverse("api:export", args=[filing.pk])),
        ]
        if self.profile:
            pages = [page for page in pages if page[0] == self.profile]
            if not pages:
                raise CommandError(f"没有名为 {self.profile} 的页面")
        for key, label, user, url in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            if user is not None:
                client.force_login(user)

            def get():
                response = client.get(url, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{url} 返回 {response.status_code}")
                return response

            size = len(get().content)
            if self.profile:
                self.print_profile(get)
            self.add(key, label, timed(get, self.repeat), bytes=size)
        if not self.profile:
            self.measure_live_checks(staff, filing, project)
            self.count_editor_queries(staff, filing, project)

    def measure_live_checks(self, staff, filing, project):
        """The editor's checks while typing: the project page's form posted
        with live_checks=1 (a trial save, rolled back, and the checks)."""
        from urllib.parse import urlencode

        from perf.formdata import read_form

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(staff)
        url = reverse("targets:project", args=[filing.pk, project.pk])
        data = read_form(client.get(url, secure=True).content.decode("utf-8"), "editor-form")
        data["live_checks"] = "1"
        body = urlencode(data)  # as static/js/live_checks.js sends it

        def post():
            response = client.post(url, body, content_type="application/x-www-form-urlencoded", secure=True)
            if response.status_code != 200 or "problems" not in response.json():
                raise CommandError(f"{url}（实时检查）返回 {response.status_code}")

        self.add("live_checks_20x15", "编辑页实时检查（POST，15 行，申报 20 × 15）", timed(post, self.repeat))

    def count_editor_queries(self, staff, filing, project):
        """SQL queries of the project editor page and of its live checks for
        the 15-row project and for the same project cut to its first row
        (rolled back): the same number, however many rows (issue 13;
        tests/targets/test_query_budget.py holds it for the pages)."""
        from urllib.parse import urlencode

        from django.test.utils import CaptureQueriesContext

        from perf.formdata import read_form

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(staff)
        url = reverse("targets:project", args=[filing.pk, project.pk])

        def queries(request):
            request()  # sessions, caches and the like warmed
            with CaptureQueriesContext(connection) as captured:
                response = request()
            if response.status_code != 200:
                raise CommandError(f"{url} 返回 {response.status_code}")
            return len(captured.captured_queries)

        def count():
            page = queries(lambda: client.get(url, secure=True))
            data = read_form(client.get(url, secure=True).content.decode("utf-8"), "editor-form")
            body = urlencode({**data, "live_checks": "1"})
            live = queries(lambda: client.post(url, body, content_type="application/x-www-form-urlencoded",
                                               secure=True))
            return page, live

        rows = project.indicators.count()
        many = count()
        cut = transaction.savepoint()
        project.indicators.exclude(pk=project.indicators.order_by("order", "id").first().pk).delete()
        one = count()
        transaction.savepoint_rollback(cut)
        for key, label, index in (("queries_project_page", "项目编辑页 SQL 查询数", 0),
                                  ("queries_live_checks", "编辑页实时检查 SQL 查询数", 1)):
            self.add(key, f"{label}（{rows} 行）", [many[index]], unit="次")
            self.add(f"{key}_1_row", f"{label}（1 行）", [one[index]], unit="次")

    # --- rounds: 运行监控 and 绩效自评 ---------------------------------------------------------

    def measure_round(self, world, spec):
        """A province round's pages (generate_scale --monitoring or
        --evaluation): the province reviewer's overview, a 10 × 15 report
        page for its unit's staff, the live results the page posts while
        typing (lights or scores); their SQL for fewer projects or units;
        and opening a second round over the province (rolled back)."""
        from perf.formdata import read_form
        from reports.models import Exercise, Report

        word = spec.word
        exercise = (Exercise.objects.filter(kind=spec.kind, region=world["province"]).order_by("-pk").first())
        if exercise is None:
            self.stdout.write(f"{spec.title}：数据库中没有全省的{spec.round_noun}（generate_scale --{word}），跳过")
            return
        reports = Report.objects.filter(exercise=exercise)
        self.stdout.write(f"{spec.title}（{exercise.title}，{reports.count()} 份报告）")
        # A filled report (with red lights, or scored), of the largest size generated.
        report = reports.filter(spec.sample).order_by("unit__code").first() or reports.first()
        staff = User.objects.filter(unit=report.unit_id, role=User.Role.STAFF).order_by("username").first()
        size = f"{len(report.document['projects'])} × {len(report.document['projects'][0]['indicators'])}" \
            if report.document.get("projects") else "0"
        overview_url = reverse("reports:overview", args=[exercise.pk])
        report_url = reverse("reports:report", args=[report.pk])
        live_url = reverse(spec.live_route, args=[report.pk])
        noun = spec.report_noun
        pages = [
            (f"page_{word}_overview", f"{spec.round_noun}总览（全省审核人，{reports.count()} 份报告）", world["reviewer"],
             overview_url),
            (f"page_{word}_overview_city", f"{spec.round_noun}总览（市审核人）", world["city_reviewer"], overview_url),
            (f"page_{word}_report", f"{noun}页 {size}（单位填报人）", staff, report_url),
            (f"page_{word}_report_reviewer", f"{noun}页 {size}（全省审核人）", world["reviewer"], report_url),
        ]
        form = read_form(self.client_for(staff).get(report_url, secure=True).content.decode("utf-8"), "report-form")
        if self.profile:
            pages = [page for page in pages if page[0] == self.profile]
        for key, label, user, url in pages:
            client = self.client_for(user)

            def get():
                response = client.get(url, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{url} 返回 {response.status_code}")
                return response

            length = len(get().content)
            if self.profile:
                self.print_profile(get)
            self.add(key, label, timed(get, self.repeat), bytes=length)
        if not self.profile or self.profile == spec.live_key:
            client = self.client_for(staff)

            from urllib.parse import urlencode

            body = urlencode(form, doseq=True)  # as static/js/report_common.js sends it

            def post():
                response = client.post(live_url, body, content_type="application/x-www-form-urlencoded",
                                       secure=True)
                if response.status_code != 200 or "projects" not in response.json():
                    raise CommandError(f"{live_url} 返回 {response.status_code}")
                return response

            if self.profile:
                self.print_profile(post)
            self.add(spec.live_key, f"{noun}{spec.live_label}（POST，{size}）", timed(post, self.repeat))
        if self.profile:
            return
        self.count_round_queries(spec, report, staff, world, overview_url, report_url)
        self.measure_opening(world, spec)

    def client_for(self, user):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        return client

    def count_round_queries(self, spec, report, staff, world, overview_url, report_url):
        """SQL of the report page for the 10 × 15 report and for the same
        report cut to one project of one indicator (rolled back), and of the
        overview for the province reviewer and for a city's."""
        from django.test.utils import CaptureQueriesContext

        def queries(user, url):
            client = self.client_for(user)
            client.get(url, secure=True)  # sessions and caches warmed
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{url} 返回 {response.status_code}")
            return len(captured.captured_queries)

        many = queries(staff, report_url)
        cut = transaction.savepoint()
        document = copy.deepcopy(report.document)
        document["projects"] = document["projects"][:1]
        document["projects"][0]["indicators"] = document["projects"][0]["indicators"][:1]
        type(report).objects.filter(pk=report.pk).update(document=document)
        one = queries(staff, report_url)
        transaction.savepoint_rollback(cut)
        word, noun, round_noun = spec.word, spec.report_noun, spec.round_noun
        self.add(f"queries_{word}_report", f"{noun}页 SQL 查询数（10 × 15）", [many], unit="次")
        self.add(f"queries_{word}_report_1x1", f"{noun}页 SQL 查询数（1 × 1）", [one], unit="次")
        self.add(f"queries_{word}_overview", f"{round_noun}总览 SQL 查询数（全省审核人）",
                 [queries(world["reviewer"], overview_url)], unit="次")
        self.add(f"queries_{word}_overview_city", f"{round_noun}总览 SQL 查询数（市审核人）",
                 [queries(world["city_reviewer"], overview_url)], unit="次")

    def measure_opening(self, world, spec):
        """Opening a round over the province as its reviewer does
        (reports.opening: a report per approved filing, history, notices),
        in a savepoint rolled back after each run."""
        from reports.models import Exercise, Report

        open_round = spec.opener()
        made = []

        def open_once():
            sid = transaction.savepoint()
            # The round generate_scale opened over the province is set aside
            # (in the savepoint, by moving it to another year): the same round
            # is not opened twice, and its filings would have their report.
            Exercise.objects.filter(kind=spec.word, year=world["year"], region=world["province"]).update(
                region=None, year=world["year"] - 100)
            start = time.perf_counter()
            exercise = open_round(world["reviewer"], world["province"], world["year"])
            elapsed = time.perf_counter() - start
            made.append(Report.objects.filter(exercise=exercise).count())
            transaction.savepoint_rollback(sid)
            return elapsed

        repeat = 1 if self.config["units"] >= 1000 else self.repeat
        samples = [open_once() for _ in range(repeat)]
        self.add(f"open_{spec.word}_round", f"发起全省{spec.title}（{made[0]} 份报告，含历史和通知）", samples, unit="s",
                 reports=made[0])

    def measure_download_after_save(self, document, world):
        """The wait for the whole filing's PDF downloaded right after a save
        of a 20 × 15 filing, beside the time its rendering takes: the save
        queues the rendering (targets/tasks.py), a worker takes it at once
        (here a thread, given the document the task reads: the save is not
        committed, so no other connection could see it) and the download
        waits for it, or finds it ready once it is.

        In an export cache of its own (a temporary MEDIA_ROOT): generate_scale
        and this document are the same on every run, so the shared cache
        held these very tables from an earlier run, found instead of
        rendered (a wait of 0.27 s where rendering them gave 0.79 s)."""
        from django.test import override_settings

        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=Path(media)):
            self._measure_download_after_save(document, world)

    def _measure_download_after_save(self, document, world):
        import threading

        from targets.interchange import export_document, load_filing
        from targets.services.year_archive import filing_cache
        from targets.tasks import prepare

        self.stdout.write("保存后下载整份申报 PDF（20 × 15，后台任务在保存后立即渲染）")
        staff = world["staff"]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(staff)
        # Before the measured saves, the filing as it was: prepared by the
        # background task after its previous save, every table rendered (a
        # save then re-renders the tables it changed, targets/tables/pdf_parts.py).
        filing = load_filing(import_document(document, unit=staff.unit, replace=True).pk)
        first = timed(lambda: prepare(filing.pk, filing.version, export_document(filing)), 1, 0)
        waits, renders, ready = [], [], []
        for n in range(min(self.repeat, BIG_REPEAT)):
            changed = copy.deepcopy(document)
            changed["projects"][0]["annual_goal"] = f"保存后的目标（第 {n + 1} 次）"
            filing = import_document(changed, unit=staff.unit, replace=True)  # the save
            filing = load_filing(filing.pk)
            stored = export_document(filing)
            key = filing_cache().key(filing.pk, filing.version, stored)
            saved = time.perf_counter()
            worker = threading.Thread(target=lambda: renders.append(timed(
                lambda: prepare(filing.pk, filing.version, stored), 1, 0)[0]))
            worker.start()
            while not filing_cache().has_file(key, "pdf") and not any(
                    filing_cache().folder.glob(f"{filing.pk}/*.pending")):
                time.sleep(0.001)  # the worker has begun: the download would wait for it
            url = reverse("targets:download", args=[filing.pk, "pdf"])
            response = client.get(url, secure=True)
            waits.append(time.perf_counter() - saved)
            if response.status_code != 200:
                raise CommandError(f"{url} 返回 {response.status_code}")
            worker.join()
            ready.append(timed(lambda: client.get(url, secure=True), 1, 0)[0])
        self.add("download_pdf_after_save", "保存后立即下载整份申报 PDF：等待时间", waits, unit="s")
        self.add("download_pdf_render", "整份申报 PDF：保存后的后台渲染（PDF 与 XLSX）", renders, unit="s")
        self.add("download_pdf_first_render", "整份申报 PDF：首次后台渲染（每张表，PDF 与 XLSX）", first, unit="s")
        self.add("download_pdf_prepared", "整份申报 PDF：渲染完成后下载", ready)

    def print_profile(self, get):
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(self.repeat):
                get()
        self.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))

    # --- bulk export -------------------------------------------------------------------

    def measure_bulk(self, world):
        """The app's bulk export (targets.services.year_archive, a ZIP rendered
        in forked children) where it exists, else a process pool here. With
        the export cache: first with an empty cache (every filing rendered,
        the goal's figure), then again with the cache that run filled."""
        ids = world["bulk_ids"]
        workers = os.cpu_count() or 1
        self.stdout.write(f"批量导出 {len(ids)} 份申报（XLSX + PDF，{workers} 个进程）")
        try:
            from targets.services.year_archive import render_filing, write_bulk_zip
        except ImportError:
            seconds, pages, size = bulk_export(ids, workers)
            self.add("bulk_export", f"批量导出 {len(ids)} 份（XLSX + PDF，{workers} 进程，含进程启动）", [seconds],
                     unit="s", filings=len(ids), pdf_pages=pages, bytes=size, workers=workers)
            return
        try:
            from targets.services.export_cache import ExportCache
        except ImportError:
            ExportCache = None
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "bulk.zip"
            options = {"cache": ExportCache(Path(folder) / "cache", render_filing)} if ExportCache else {}
            start = time.perf_counter()
            write_bulk_zip(ids, target, workers=workers, **options)
            seconds = time.perf_counter() - start
            size = target.stat().st_size
            pages = zip_pdf_pages(target)
            self.add("bulk_export", f"批量导出 {len(ids)} 份（本系统 write_bulk_zip，{workers} 个子进程，ZIP，缓存为空）",
                     [seconds], unit="s", filings=len(ids), bytes=size, workers=workers, pdf_pages=pages)
            if ExportCache:
                start = time.perf_counter()
                write_bulk_zip(ids, target, workers=workers, **options)
                self.add("bulk_export_cached", "同上再导出一次（文件均在导出缓存中）", [time.perf_counter() - start],
                         unit="s", filings=len(ids))
        self.measure_bulk_anchor(ids, workers)

    def measure_bulk_anchor(self, ids, workers):
        """The same filings' tables written by the anchors on as many
        children: what the libraries alone take on this machine."""
        from targets.interchange import export_document, filings_for_export
        from targets.tables import build_tables
        from targets.tables.fonts import cjk_font

        family = cjk_font().family
        items = []
        for filing in filings_for_export(Filing.objects.filter(pk__in=ids)):
            sheets = plain_sheets(build_tables(export_document(filing)))
            items.append((sheets, anchors.minimal_html(sheets, family)))
        seconds, size = bulk_anchor(items, workers)
        self.add("bulk_export_anchor", f"同样 {len(items)} 份的表格：openpyxl write-only + WeasyPrint 最简 HTML，"
                 f"{workers} 个子进程", [seconds], unit="s", filings=len(items), bytes=size, workers=workers)

    # --- the report ----------------------------------------------------------------------

    def report(self, scale, world):
        verdicts = []
        for key, against, limit, wording in GOALS:
            figure = self.figures.get(key)
            if figure is None or (against and against not in self.figures):
                continue
            if against:
                ratio = figure.median / self.figures[against].median
                met = ratio <= limit
                shown = f"{ratio:.2f} ×"
            else:
                met = figure.median < limit
                shown = f"{figure.shown(figure.median)} {figure.unit}"
            verdicts.append({"figure": key, "against": against, "goal": wording, "value": shown, "met": met})
        context = [{"figure": key, "against": against, "what": wording,
                    "ratio": round(self.figures[key].median / self.figures[against].median, 3)}
                   for key, against, wording in CONTEXT if key in self.figures and against in self.figures]
        self.stdout.write("")
        self.stdout.write(f"{'测量项':<52}{'中位数':>10}{'最小':>10}{'最大':>10}  单位")
        for figure in self.figures.values():
            self.stdout.write(f"{figure.label:<52}{figure.shown(figure.median):>10}"
                              f"{figure.shown(figure.low):>10}{figure.shown(figure.high):>10}  {figure.unit}")
        self.stdout.write("")
        self.stdout.write("目标")
        for verdict in verdicts:
            mark = "达到" if verdict["met"] else "未达到"
            self.stdout.write(f"  {mark}  {verdict['figure']}: {verdict['value']}（目标 {verdict['goal']}）")
        for item in context:
            self.stdout.write(f"  参考  {item['what']}: {item['ratio']:.2f} ×")
        return {
            "scale": scale,
            "database": connection.vendor,
            "debug": settings.DEBUG,
            "cpu_count": os.cpu_count(),
            "generated_units": world["units"],
            "repeat": self.repeat,
            "seconds": round(time.monotonic() - self.started, 1),
            "figures": {key: figure.as_json() for key, figure in self.figures.items()},
            "goals": verdicts,
            "context": context,
        }


def zip_pdf_pages(path):
    """Pages of all the PDFs in a ZIP (None without pdfinfo)."""
    import zipfile

    total = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".pdf"):
                pages = pdf_pages(archive.read(name))
                if pages is None:
                    return None
                total += pages
    return total


def plain_sheets(tables):
    """Our grids as plain cell data for the anchors (no app code in them)."""
    sheets = []
    for table in tables:
        rows = [[None] * table.width for _ in table.rows]
        cells = []
        for cell in table.cells():
            rows[cell.row][cell.col] = cell.text or None
            cells.append((cell.row, cell.col, cell.rowspan, cell.colspan, cell.text))
        sheets.append({"name": table.sheet_name, "orientation": table.orientation,
                       "widths": [column.width for column in table.columns],
                       "nrows": len(table.rows), "ncols": table.width, "rows": rows, "cells": cells})
    return sheets
