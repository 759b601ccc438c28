"""generate_scale: fill the database with a province of generated filings
for benchmarks and load tests (bulk inserts; COPY for indicator rows on
PostgreSQL).

    manage.py generate_scale --units 3000 --projects 10 --indicators 15

One province (→ cities → counties), budget units in all three layouts,
one filing per unit for the year in every status (with their review rounds,
comments, history and notices), one staff account per unit, a reviewer per
city and one for the province, an admin. Accounts are named
scale<province prefix>_…, e.g. scale37_staff00001, scale37_reviewer3701,
scale37_reviewer37, scale37_admin; all share the password below, which is
for benchmark databases only.

With --monitoring every filing is generated approved (submitted and
approved, with both rounds) and a 1–7月 monitoring round is opened over the
province by its reviewer through reports.opening, as the page opens it;
70 % of its reports are then filled in, lagging in places so that the
lights vary (perf/monitoring.py). The filing figures (queue, overview) are
measured on a database generated without it.

With --evaluation likewise every filing is approved and a 绩效自评 round is
opened over the province by its reviewer through reports.opening; 70 % of
its reports are filled in with scores and grades that vary
(perf/evaluation.py). Both may be given: each round is opened.
"""
import io
import random
import dataclasses
import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from perf.content import PROVINCES, filing_document, province_tree
from reviews.actions import ACTIONS
from reviews.log import change_as_dict
from reviews.models import Action, Comment, Conclusion, LogEntry, Notice, Round
from targets.interchange.diff import CHANGED, Change
from targets import field_catalogue as catalogue
from targets.interchange.documents import apply_fields, apply_filing_fields, new_project
from targets.models import Deadline, Filing, FilingStatus, Indicator, Project, SpendingCheckpoint
from targets.values import parse_value
from units.models import BudgetUnit, Region, User

SCALE_PASSWORD = "scale-pass-2024"
CHUNK_UNITS = 200  # filings generated and written at a time
BATCH = 2000

INDICATOR_COLUMNS = ("filing", "project", "order", *(f.column for f in catalogue.fields_of("indicator")),
                     *Indicator.PARSED_VALUE_COLUMNS)

RETURN_COMMENTS = (
    "绩效指标不够细化，请补充可量化的产出指标。",
    "成本指标与预算数不一致，请核实后修改。",
    "年度目标表述过于笼统，请按项目实际情况细化。",
)


def account_prefix(province_code):
    return f"scale{province_code[:2]}"


def province_reviewer_username(province_code):
    return f"{account_prefix(province_code)}_reviewer{province_code[:2]}"


def staff_username(province_code, index):
    return f"{account_prefix(province_code)}_staff{index + 1:05d}"


class Command(BaseCommand):
    help = "生成大规模测试数据（基准测试和压力测试用）：一个省的区划、预算单位、人员和各状态的申报。"

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True, help="预算单位数（每单位一份申报）")
        parser.add_argument("--projects", type=int, default=10, help="每份申报的项目数")
        parser.add_argument("--indicators", type=int, default=15, help="每个项目的绩效指标行数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同内容）")
        parser.add_argument("--year", type=int, default=timezone.localdate().year + 1, help="预算年度")
        parser.add_argument("--province", default="370000", choices=sorted(PROVINCES),
                            help="生成哪个省（区划代码），同一数据库可生成多个省")
        parser.add_argument("--monitoring", action="store_true",
                            help="所有申报均为审核通过，并由全省审核人发起 1–7月 运行监控，70% 的报告已填写（部分进度滞后）")
        parser.add_argument("--evaluation", action="store_true",
                            help="所有申报均为审核通过，并由全省审核人发起绩效自评，70% 的自评报告已填写（得分和等级各异）")

    def handle(self, units, projects, indicators, seed, year, province, **options):
        if units < 1 or projects < 0 or indicators < 0:
            raise CommandError("--units 至少为 1，--projects 和 --indicators 不能为负数")
        if Region.objects.filter(code=province).exists():
            raise CommandError(f"区划 {province}（{PROVINCES[province]}）已存在：请换用 --province 或空数据库")
        self.verbose = options.get("verbosity", 1) > 0
        self.started = time.monotonic()
        self.parsed = {}  # value text -> ParsedValue: realistic values repeat a lot
        self.use_copy = connection.vendor == "postgresql" and _copy_cursor_available()
        regions, specs = province_tree(units, province, seed)
        if options.get("monitoring") or options.get("evaluation"):
            specs = [dataclasses.replace(spec, status=FilingStatus.APPROVED) for spec in specs]
        rng = random.Random(f"people:{seed}:{province}")
        with transaction.atomic():
            region_objects = self.write_regions(regions)
            self.say(f"区划 {len(region_objects)} 个")
            unit_objects = self.write_units(specs, region_objects)
            people = self.write_people(province, regions, specs, unit_objects, region_objects, rng)
            self.say(f"预算单位 {len(unit_objects)} 个，用户 {people['count']} 个")
            Deadline.objects.create(region=region_objects[province], year=year,
                                    due_date=date(year - 1, 10, 31), note="生成数据")
            totals = {"filings": 0, "projects": 0, "indicators": 0, "rounds": 0}
            for start in range(0, len(specs), CHUNK_UNITS):
                chunk = specs[start:start + CHUNK_UNITS]
                counts = self.write_filings(chunk, unit_objects, people, year, projects, indicators, seed)
                for key, value in counts.items():
                    totals[key] += value
                self.say(f"申报 {start + len(chunk)}/{len(specs)}，指标 {totals['indicators']} 行")
        if options.get("monitoring"):
            self.write_monitoring(region_objects[province], people, year, seed)
        if options.get("evaluation"):
            self.write_evaluation(region_objects[province], people, year, seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.say(
            f"完成：{totals['filings']} 份申报，{totals['projects']} 个项目，{totals['indicators']} 行指标，"
            f"{totals['rounds']} 个审核轮次；用时 {time.monotonic() - self.started:.1f} 秒。"
            f"{'（指标表使用 COPY 写入）' if self.use_copy else ''}",
            final=True,
        )
        self.say(f"账号 {account_prefix(province)}_…（如 {staff_username(province, 0)}、"
                 f"{province_reviewer_username(province)}），密码均为 {SCALE_PASSWORD}，仅供测试数据库使用。",
                 final=True)

    def say(self, text, final=False):
        if self.verbose:
            elapsed = time.monotonic() - self.started
            self.stdout.write(text if final else f"[{elapsed:7.1f}s] {text}")

    def write_monitoring(self, province, people, year, seed):
        from perf.monitoring import fill_round, open_round

        started = time.monotonic()
        exercise = open_round(people["province_reviewer"], province, year)
        made = exercise.reports.count()
        self.say(f"运行监控 {exercise.title}：{made} 份报告，发起用时 {time.monotonic() - started:.1f} 秒")
        filled = fill_round(exercise, {person.unit_id: person for person in people["staff"]}, seed)
        self.say(f"已填写 {filled} 份报告")

    def write_evaluation(self, province, people, year, seed):
        from perf.evaluation import fill_round, open_round

        started = time.monotonic()
        exercise = open_round(people["province_reviewer"], province, year)
        made = exercise.reports.count()
        self.say(f"绩效自评 {exercise.title}：{made} 份报告，发起用时 {time.monotonic() - started:.1f} 秒")
        filled = fill_round(exercise, {person.unit_id: person for person in people["staff"]}, seed)
        self.say(f"已填写 {filled} 份自评报告")

    # --- regions, units, people -------------------------------------------------

    def write_regions(self, regions):
        by_code = {}
        province_spec = regions[0]
        province = Region(code=province_spec.code, name=province_spec.name, level=province_spec.level,
                          layout=province_spec.layout)
        province.save()  # save() sets the materialised path
        by_code[province.code] = province
        for level in ("city", "county"):
            created = Region.objects.bulk_create([
                Region(code=spec.code, name=spec.name, level=spec.level, layout=spec.layout,
                       parent=by_code[spec.parent_code])
                for spec in regions if spec.level == level
            ], batch_size=BATCH)
            # bulk_create skips save(): the path is set here, as save() would.
            for region in created:
                region.path = f"{region.parent.path}{region.pk}/"
                by_code[region.code] = region
            Region.objects.bulk_update(created, ["path"], batch_size=BATCH)
        return by_code

    def write_units(self, specs, regions):
        return BudgetUnit.objects.bulk_create([
            BudgetUnit(region=regions[spec.region_code], code=spec.code, name=spec.name, layout=spec.layout)
            for spec in specs
        ], batch_size=BATCH)

    def write_people(self, province, regions, specs, units, region_objects, rng):
        password = make_password(SCALE_PASSWORD)  # hashed once for every account
        prefix = account_prefix(province)
        staff = [
            User(username=staff_username(province, spec.index), password=password, role=User.Role.STAFF,
                 unit=unit, first_name=_person(rng), phone=f"0{rng.randrange(10 ** 10):010d}")
            for spec, unit in zip(specs, units)
        ]
        reviewers = {}
        jurisdiction = []
        for spec in regions:
            if spec.level == "county":
                continue
            key = spec.code[:2] if spec.level == "province" else spec.code[:4]
            bureau = f"{spec.name}财政厅" if spec.level == "province" else f"{spec.name}财政局"
            reviewers[spec.code] = User(username=f"{prefix}_reviewer{key}", password=password,
                                        role=User.Role.REVIEWER, organisation=bureau,
                                        first_name=_person(rng))
        admin = User(username=f"{prefix}_admin", password=password, role=User.Role.ADMIN,
                     first_name="系统管理员")
        User.objects.bulk_create(staff + list(reviewers.values()) + [admin], batch_size=BATCH)
        for code, reviewer in reviewers.items():
            jurisdiction.append(User.jurisdiction.through(user_id=reviewer.pk, region_id=region_objects[code].pk))
        User.jurisdiction.through.objects.bulk_create(jurisdiction, batch_size=BATCH)
        city_of = {spec.code: spec.parent_code for spec in regions if spec.level == "county"}
        return {
            "count": len(staff) + len(reviewers) + 1,
            "staff": staff,
            "province_reviewer": reviewers[province],
            # A unit's reviewer is its city's (units sit in a county or a city).
            "city_reviewer": {spec.index: reviewers[city_of.get(spec.region_code, spec.region_code)]
                              for spec in specs},
        }

    # --- filings ------------------------------------------------------------------

    def write_filings(self, specs, units, people, year, project_count, indicator_count, seed):
        documents = [filing_document(spec, year, project_count, indicator_count, seed) for spec in specs]
        filings = Filing.objects.bulk_create(
            [self.new_filing(units[spec.index], spec, document, people["staff"][spec.index])
             for spec, document in zip(specs, documents)],
            batch_size=BATCH,
        )
        projects = []
        for filing, document in zip(filings, documents):
            projects.extend(new_project(filing, order, p) for order, p in enumerate(document["projects"]))
        Project.objects.bulk_create(projects, batch_size=BATCH)

        checkpoints = []
        rows = []
        position = 0
        for filing, document in zip(filings, documents):
            department = document["department"] or {}
            for order, row in enumerate(department.get("indicators") or []):
                rows.append(self.indicator_row(filing.pk, None, order, row))
            for project_document in document["projects"]:
                project = projects[position]
                position += 1
                for order, point in enumerate(project_document["spending_plan"]):
                    checkpoint = SpendingCheckpoint(project=project, order=order)
                    apply_fields(checkpoint, "plan", point)
                    checkpoints.append(checkpoint)
                for order, row in enumerate(project_document["indicators"]):
                    rows.append(self.indicator_row(filing.pk, project.pk, order, row))
        SpendingCheckpoint.objects.bulk_create(checkpoints, batch_size=BATCH)
        self.write_indicators(rows)
        rounds = self.write_reviews(specs, filings, documents, people, seed)
        return {"filings": len(filings), "projects": len(projects), "indicators": len(rows),
                "rounds": rounds}

    def new_filing(self, unit, spec, document, staff):
        """A Filing with the document's own fields, as apply_document sets them."""
        filing = Filing(unit=unit, status=spec.status, created_by=staff)
        apply_filing_fields(filing, document)
        return filing

    def indicator_row(self, filing_id, project_id, order, row):
        """The column values of one indicator row, parsed by the one parser."""
        value = row.get("value")
        parsed = self.parsed.get(value)
        if parsed is None:
            parsed = self.parsed[value] = parse_value(value)
        fields = Indicator()
        apply_fields(fields, "indicator", row)
        return (filing_id, project_id, order, *(getattr(fields, f.column) for f in catalogue.fields_of("indicator")),
                parsed.kind, parsed.operator, parsed.number, parsed.unit)

    def write_indicators(self, rows):
        if self.use_copy:
            _copy_rows(Indicator, INDICATOR_COLUMNS, rows)
            return
        names = [f"{name}_id" if name in ("filing", "project") else name for name in INDICATOR_COLUMNS]
        Indicator.objects.bulk_create(
            (Indicator(**dict(zip(names, row))) for row in rows), batch_size=BATCH
        )

    def write_reviews(self, specs, filings, documents, people, seed):
        """Rounds with snapshots, return comments, history and notices, as
        reviews.transitions would have left them."""
        rng = random.Random(f"reviews:{seed}:{specs[0].index}")
        now = timezone.now()
        rounds, logs, notices, comments = [], [], [], []
        for spec, filing, document in zip(specs, filings, documents):
            staff = people["staff"][spec.index]
            reviewer = people["city_reviewer"][spec.index]
            logs.append(LogEntry(filing_id=filing.pk, user=staff, action="create",
                                 created_at=now - timedelta(days=40), summary="新建空白申报（生成数据）"))
            if spec.status == FilingStatus.DRAFT:
                continue
            submitted_at = now - timedelta(days=rng.randint(2, 30), minutes=rng.randint(0, 1440))
            steps = [(Action.SUBMIT, FilingStatus.DRAFT, FilingStatus.SUBMITTED, staff, "", "")]
            if spec.status == FilingStatus.RETURNED:
                steps.append((Action.RETURN, FilingStatus.SUBMITTED, FilingStatus.RETURNED, reviewer,
                              rng.choice(RETURN_COMMENTS), Conclusion.FAIR))
            elif spec.status == FilingStatus.APPROVED:
                steps.append((Action.APPROVE, FilingStatus.SUBMITTED, FilingStatus.APPROVED, reviewer, "",
                              rng.choice((Conclusion.EXCELLENT, Conclusion.GOOD))))
            for number, (action, old, new, actor, comment, conclusion) in enumerate(steps, 1):
                at = submitted_at + timedelta(days=number - 1, hours=number)
                round = Round(filing=filing, number=number, action=action, from_status=old, to_status=new,
                              actor=actor, created_at=at, comment=comment, conclusion=conclusion,
                              snapshot=document)
                rounds.append(round)
                label = Action(action).label
                summary = f"第1轮：{label}"  # a submission and its decision: one review round + (f"（审核结论：{conclusion}）" if conclusion else "")
                summary += f"。意见：{comment}" if comment else ""
                change = Change(CHANGED, "status", "申报", "状态", FilingStatus(old).label, FilingStatus(new).label)
                logs.append(LogEntry(filing_id=filing.pk, user=actor, action=action, created_at=at,
                                     summary=summary, changes=[change_as_dict(change)]))
                message = f"{filing.year}年度“{filing.unit_name}”的绩效目标申报{ACTIONS[action].verb}（{actor.display_name()}）"
                if comment:
                    message += f"：{comment}"
                recipients = ([reviewer, people["province_reviewer"]] if action == Action.SUBMIT else [staff])
                last = number == len(steps)
                for person in recipients:
                    read = not last or rng.random() < 0.5
                    notices.append(Notice(recipient=person, filing=filing, round=round, message=message[:500],
                                          created_at=at, read_at=at + timedelta(hours=2) if read else None))
                if action == Action.RETURN:
                    comments.append(Comment(filing=filing, round=round, target=Comment.Target.FILING,
                                            subject="整份申报", text=comment, author=reviewer, created_at=at))
        Round.objects.bulk_create(rounds, batch_size=200)  # snapshots are large
        LogEntry.objects.bulk_create(logs, batch_size=BATCH)
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        return len(rounds)


def _person(rng):
    return rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + rng.choice("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞")


def _copy_cursor_available():
    with connection.cursor() as cursor:
        return hasattr(cursor.cursor, "copy_expert")  # psycopg2


def _copy_value(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_rows(model, field_names, rows, chunk=50_000):
    """Write rows into a model's table with PostgreSQL COPY, in chunks."""
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in field_names)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            buffer = io.StringIO()
            buffer.writelines(
                "\t".join(map(_copy_value, row)) + "\n" for row in rows[start:start + chunk]
            )
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
