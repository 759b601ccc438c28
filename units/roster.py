"""The roster (名册) workbook: a province's regions, budget units and people
loaded from one XLSX, so that a deployment for thousands of units is not
typed into the admin one by one. Three sheets, each optional:

    行政区划  行政区划代码 | 名称 | 上级区划代码 | 默认版式
    预算单位  行政区划代码 | 单位编码 | 单位名称 | 版式
    人员      账号 | 姓名 | 角色 | 行政区划代码 | 单位编码 | 审核辖区 | 所在机构 | 联系电话 | 状态

Rows are matched by code (regions), region and code (units) and account
name (people): a row that matches is updated, any other is created, so the
same workbook can be loaded again after corrections. Nothing is written
unless every row is right; each error names its sheet, row and column.
状态 (在用/停用) opens or closes an account; left blank it changes nothing.
Existing people keep their passwords; new ones get a random initial
password, returned for the admin to hand out. roster_bytes() writes the
roster of what there is, which loads back unchanged: admins maintain the
roster by downloading, editing and loading it again.
"""
import re
import secrets
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction
from openpyxl import Workbook, load_workbook

from config.safe_files import xlsx_cell
from config.uploads import DAMAGED, ROSTER_LIMITS, WorkbookProblem, scan_workbook
from targets.frameworks import LAYOUT_CHOICES

from .models import BudgetUnit, Region, User

SHEETS = {
    "行政区划": ("行政区划代码", "名称", "上级区划代码", "默认版式"),
    "预算单位": ("行政区划代码", "单位编码", "单位名称", "版式"),
    "人员": ("账号", "姓名", "角色", "行政区划代码", "单位编码", "审核辖区", "所在机构", "联系电话", "状态"),
}
REQUIRED = {  # columns every sheet must have and every row must fill
    "行政区划": ("行政区划代码", "名称"),
    "预算单位": ("行政区划代码", "单位编码", "单位名称"),
    "人员": ("账号", "姓名", "角色"),
}
LAYOUT_LABELS = dict(LAYOUT_CHOICES)
LAYOUTS = {**{value: value for value, _ in LAYOUT_CHOICES},
           **{label: value for value, label in LAYOUT_CHOICES},
           **{label.removesuffix("版式"): value for value, label in LAYOUT_CHOICES}}
# 状态: blank keeps an account as it is (a new one is in use), so an older
# roster loaded again does not re-open accounts closed since.
ACCOUNT_STATES = {"在用": True, "启用": True, "停用": False}
ROLES = {label: value for value, label in User.Role.choices} | {value: value for value, _ in User.Role.choices}
LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")
# A line break in a unit's name ends the subject line of every notice about
# its filings (Django refuses such a header, and the notice is not sent).
LINE_BREAKS = re.compile(r"[\n\r\v\f\x85\u2028\u2029]")
USERNAME = re.compile(r"^[\w.@+-]+$")
# A random initial password of this many characters (about 95 bits) needs
# no key stretching to be safe: it is stored with few PBKDF2 rounds, so a
# province's thousands of accounts load in seconds, and Django stores it
# again with the full count when its owner first signs in.
INITIAL_PASSWORD_LENGTH = 16
INITIAL_PASSWORD_ROUNDS = 1000


class RosterError(Exception):
    """The workbook cannot be loaded; `errors` lists every problem found."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RosterResult:
    created: dict = field(default_factory=lambda: {sheet: 0 for sheet in SHEETS})
    updated: dict = field(default_factory=lambda: {sheet: 0 for sheet in SHEETS})
    unchanged: dict = field(default_factory=lambda: {sheet: 0 for sheet in SHEETS})
    passwords: list = field(default_factory=list)  # (account, initial password) of new people

    def counts(self):
        """[(sheet, created, updated, unchanged)] in sheet order."""
        return [(sheet, self.created[sheet], self.updated[sheet], self.unchanged[sheet]) for sheet in SHEETS]

    def summary(self):
        return "；".join(f"{sheet}：新建 {created}，更新 {updated}，未变 {unchanged}"
                        for sheet, created, updated, unchanged in self.counts())


def template_bytes():
    """An empty roster workbook: the three sheets with their headings."""
    return _workbook_bytes({})


def roster_bytes():
    """(The roster workbook of the regions, units and people there are,
    how many of them it leaves out). Loaded again it changes nothing, so
    admins maintain the roster by downloading, editing and loading it.
    Left out is what a roster cannot name: regions without a code (and
    what is below them), units without a code, and the people of either."""
    regions = {r.pk: r for r in Region.objects.order_by("path")}
    named = {}  # region id -> code, for regions whose whole line up is coded
    for region in regions.values():  # parents first: ordered by path
        if region.code and (region.parent_id is None or region.parent_id in named):
            named[region.pk] = region.code
    all_units = list(BudgetUnit.objects.order_by("region__path", "code"))
    units = {u.pk: u for u in all_units if u.code and u.region_id in named}
    reach = {}
    for person_id, region_id in User.jurisdiction.through.objects.values_list("user_id", "region_id"):
        reach.setdefault(person_id, []).append(region_id)
    people = []
    left_out = len(regions) - len(named) + len(all_units) - len(units)
    for person in User.objects.order_by("username"):
        role = User.Role.ADMIN if person.is_superuser else person.role
        unit = units.get(person.unit_id) if role == User.Role.STAFF else None
        regions_of = reach.get(person.pk, []) if role == User.Role.REVIEWER else []
        if (role == User.Role.STAFF and unit is None) or any(r not in named for r in regions_of) \
                or (role == User.Role.REVIEWER and not regions_of):
            left_out += 1
            continue
        people.append([person.username, person.get_full_name(), User.Role(role).label,
                       named[unit.region_id] if unit else "", unit.code if unit else "",
                       "、".join(sorted(named[r] for r in regions_of)), person.organisation, person.phone,
                       "在用" if person.is_active else "停用"])
    rows = {
        "行政区划": [[r.code, r.name, named.get(r.parent_id, ""), LAYOUT_LABELS.get(r.layout, "")]
                  for r in regions.values() if r.pk in named],
        "预算单位": [[named[u.region_id], u.code, u.name, LAYOUT_LABELS.get(u.layout, "")] for u in units.values()],
        "人员": people,
    }
    return _workbook_bytes(rows), left_out


def _workbook_bytes(rows):
    """A roster workbook: the three sheets with their headings and `rows`
    ({sheet: [[cell, ...], ...]}), every cell text."""
    workbook = Workbook(write_only=True)
    for sheet, headings in SHEETS.items():
        ws = workbook.create_sheet(sheet)
        ws.append(headings)
        for row in rows.get(sheet, []):
            # Every text as text: a name starting with "=" was written as a
            # formula, which Excel ran and which no longer loaded back.
            ws.append([xlsx_cell(ws, value) for value in row])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def load_roster(source, dry_run=False):
    """Load the roster workbook (a path or binary file). Returns a
    RosterResult; raises RosterError, having written nothing, when any row
    is wrong. `dry_run` checks and counts, and writes nothing."""
    return apply_roster(read_roster(source), dry_run=dry_run)


def read_roster(source):
    """The rows of the roster workbook's sheets, as plain data (the web
    page carries them, signed, from the check to the confirmation):
    {sheet: [[row number, {column: text}], ...]}."""
    return {sheet: [[row.number, row.values] for row in rows] for sheet, rows in _read(source).items()}


def apply_roster(data, dry_run=False):
    """Write what read_roster() read, all or nothing (see load_roster)."""
    rows = {sheet: [_Row(sheet, number, values) for number, values in data.get(sheet, [])] for sheet in SHEETS}
    loader = _Loader()
    with transaction.atomic():
        loader.regions(rows["行政区划"])
        loader.units(rows["预算单位"])
        loader.people(rows["人员"])
        if loader.errors:
            transaction.set_rollback(True)
            raise RosterError(loader.errors)
        if dry_run:
            transaction.set_rollback(True)
    return loader.result


@dataclass
class _Row:
    sheet: str
    number: int  # the row's number in the sheet, as Excel shows it
    values: dict

    def __getitem__(self, column):
        return self.values.get(column, "")

    def where(self, column=None):
        return f"“{self.sheet}”第 {self.number} 行" + (f"“{column}”" if column else "")


def _read(source):
    data = _bytes_of(source)
    try:
        scan_workbook(data, ROSTER_LIMITS)  # before openpyxl expands anything
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except WorkbookProblem as problem:
        raise RosterError([f"无法读取名册文件：{problem}"]) from None
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise RosterError([f"无法读取名册文件：{DAMAGED}"]) from None
    found = {}
    errors = []
    try:
        for sheet in SHEETS:
            if sheet not in workbook.sheetnames:
                continue
            lines = workbook[sheet].iter_rows(values_only=True)
            headings = [_text(value) for value in next(lines, ())]
            missing = [c for c in REQUIRED[sheet] if c not in headings]
            if missing:
                errors.append(f"“{sheet}”表第 1 行缺少列：{'、'.join(missing)}")
                continue
            rows = []
            for number, line in enumerate(lines, start=2):
                values = {h: _text(v) for h, v in zip(headings, line) if h in SHEETS[sheet]}
                if any(values.values()):
                    rows.append(_Row(sheet, number, values))
            found[sheet] = rows
    finally:
        workbook.close()
    if errors:
        raise RosterError(errors)
    if not found:
        raise RosterError([f"名册中没有“{'”“'.join(SHEETS)}”中的任何一张表"])
    return found


def _bytes_of(source):
    """The bytes of a path or a binary file."""
    if hasattr(source, "read"):
        return source.read()
    with open(source, "rb") as file:
        return file.read()


def _text(value):
    """A cell as text: numbers typed into Excel (region codes) without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Loader:
    def __init__(self):
        self.errors = []
        self.result = RosterResult()
        self.regions_by_code = {r.code: r for r in Region.objects.exclude(code=None)}
        # What rows are matched against, read once rather than per row.
        self.units_by_key = {(u.region_id, u.code): u for u in BudgetUnit.objects.exclude(code=None)}
        self.people_by_name = {}
        self.jurisdictions = {}  # person id -> region ids
        for person_id, region_id in User.jurisdiction.through.objects.values_list("user_id", "region_id"):
            self.jurisdictions.setdefault(person_id, set()).add(region_id)

    def fail(self, row, column, message):
        self.errors.append(f"{row.where(column)}：{message}")

    def _required(self, row):
        # An account made in the admin may have no name: a downloaded
        # roster gives it none, and loading that back is no error.
        missing = [c for c in REQUIRED[row.sheet] if not row[c]
                   and not (c == "姓名" and self._nameless(row["账号"]))]
        for column in missing:
            self.fail(row, column, "不能为空")
        return not missing

    def _nameless(self, username):
        person = self.people_by_name.get(username)
        return person is not None and not person.get_full_name()

    def _layout(self, row, column):
        value = row[column]
        if value and value not in LAYOUTS:
            self.fail(row, column, f"“{value}”不是版式（可填：{'、'.join(label for _, label in LAYOUT_CHOICES)}）")
        return LAYOUTS.get(value, "")

    def regions(self, rows):
        seen = {}
        for row in rows:
            if not self._required(row):
                continue
            code = row["行政区划代码"]
            if not re.fullmatch(r"\d{6}", code):
                self.fail(row, "行政区划代码", f"“{code}”应为 6 位数字")
            elif code in seen:
                self.fail(row, "行政区划代码", f"与第 {seen[code].number} 行重复")
            else:
                seen[code] = row
        # Parents first, wherever they are in the sheet.
        pending = dict(seen)  # code -> row
        while pending:
            ready = [row for row in pending.values() if row["上级区划代码"] not in pending]
            if not ready:  # the rest wait on each other: a loop
                for row in pending.values():
                    self.fail(row, "上级区划代码", "区划的上下级关系成环")
                break
            for row in ready:
                self._region(row)
                del pending[row["行政区划代码"]]

    def _region(self, row):
        code, parent_code = row["行政区划代码"], row["上级区划代码"]
        parent = None
        if parent_code:
            parent = self.regions_by_code.get(parent_code)
            if parent is None:
                self.fail(row, "上级区划代码", f"区划“{parent_code}”不存在（本表和系统中都没有）")
                return
        layout = self._layout(row, "默认版式")
        region = self.regions_by_code.get(code)
        if region is not None and parent is not None and f"/{region.pk}/" in parent.path:
            self.fail(row, "上级区划代码", "上级区划不能是本区划或其下级")
            return
        if LINE_BREAKS.search(row["名称"]):
            self.fail(row, "名称", "不能包含换行")
            return
        level = Region.Level.PROVINCE if parent is None else Region.level_for_code(code)
        region = self.regions_by_code[code] = region or Region(code=code)
        self._store(row.sheet, region, {"name": row["名称"], "parent_id": parent.pk if parent else None,
                                        "level": level, "layout": layout})

    def units(self, rows):
        seen = {}
        for row in rows:
            if not self._required(row):
                continue
            region = self._region_of(row)
            layout = self._layout(row, "版式")
            if region is None:
                continue
            if LINE_BREAKS.search(row["单位名称"]):
                self.fail(row, "单位名称", "不能包含换行")
                continue
            key = (region.pk, row["单位编码"])
            if key in seen:
                self.fail(row, "单位编码", f"与第 {seen[key]} 行重复（同一行政区划内单位编码唯一）")
                continue
            seen[key] = row.number
            unit = self.units_by_key.get(key)
            if unit is None:
                unit = self.units_by_key[key] = BudgetUnit(region=region, code=row["单位编码"])
            self._store(row.sheet, unit, {"name": row["单位名称"], "layout": layout})

    def _region_of(self, row, column="行政区划代码"):
        code = row[column]
        region = self.regions_by_code.get(code)
        if region is None:
            self.fail(row, column, f"区划“{code}”不存在（“行政区划”表和系统中都没有）")
        return region

    def people(self, rows):
        seen = {}
        names = [row["账号"] for row in rows]
        self.people_by_name = {u.username: u for u in User.objects.filter(username__in=names)}
        for row in rows:
            if not self._required(row):
                continue
            username = row["账号"]
            if not USERNAME.fullmatch(username) or len(username) > 150:
                self.fail(row, "账号", "只能由字母、数字和 @ . + - _ 组成，最长 150 个字符")
                continue
            if username in seen:
                self.fail(row, "账号", f"与第 {seen[username]} 行重复")
                continue
            seen[username] = row.number
            role = ROLES.get(row["角色"])
            if role is None:
                self.fail(row, "角色", f"“{row['角色']}”不是角色（可填：填报人、审核人、管理员）")
                continue
            if row["状态"] and row["状态"] not in ACCOUNT_STATES:
                self.fail(row, "状态", f"“{row['状态']}”不是账号状态（可填：在用、停用，或留空不变）")
                continue
            unit, jurisdiction = None, []
            if role == User.Role.STAFF:
                unit = self._unit_of(row)
                if unit is None:
                    continue
            elif role == User.Role.REVIEWER:
                jurisdiction = self._jurisdiction(row)
                if jurisdiction is None:
                    continue
            person = self.people_by_name.get(username)
            if person is None:
                person = User(username=username)
                password = _initial_password()
                person.password = _initial_hash(password)
                self.result.passwords.append((username, password))
            regions = {region.pk for region in jurisdiction}
            changed_reach = regions != self.jurisdictions.get(person.pk, set())
            # The name goes to first_name, unless it is the name the person
            # has already (given and family name set apart in the admin).
            first, last = row["姓名"][:150], ""
            if person.pk is not None and row["姓名"] == person.get_full_name():
                first, last = person.first_name, person.last_name
            self._store(row.sheet, person, {
                "first_name": first, "last_name": last, "role": role,
                "unit_id": unit.pk if unit else None, "organisation": row["所在机构"][:200],
                "phone": row["联系电话"][:50],
                "is_staff": role == User.Role.ADMIN, "is_superuser": role == User.Role.ADMIN,
                "is_active": ACCOUNT_STATES.get(row["状态"], person.is_active),
            }, changed=changed_reach)
            if changed_reach:
                person.jurisdiction.set(jurisdiction)

    def _store(self, sheet, obj, fields, changed=False):
        """Create or update the row's object, counting which; a row that
        changes nothing is not written (a roster loaded again after a few
        corrections takes seconds)."""
        if obj.pk is None:
            self.result.created[sheet] += 1
        elif changed or any(getattr(obj, name) != value for name, value in fields.items()):
            self.result.updated[sheet] += 1
        else:
            self.result.unchanged[sheet] += 1
            return
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()

    def _unit_of(self, row):
        if not row["行政区划代码"] or not row["单位编码"]:
            for column in ("行政区划代码", "单位编码"):
                if not row[column]:
                    self.fail(row, column, "填报人须填写所在单位的行政区划代码和单位编码")
            return None
        region = self._region_of(row)
        if region is None:
            return None
        unit = self.units_by_key.get((region.pk, row["单位编码"]))
        if unit is None:
            self.fail(row, "单位编码", f"{region.name}没有编码为“{row['单位编码']}”的预算单位")
        return unit

    def _jurisdiction(self, row):
        codes = [c for c in LIST_SEPARATORS.split(row["审核辖区"]) if c]
        if not codes:
            self.fail(row, "审核辖区", "审核人须填写审核辖区（行政区划代码，多个用顿号分隔）")
            return None
        missing = [c for c in codes if c not in self.regions_by_code]
        if missing:
            self.fail(row, "审核辖区", f"区划“{'、'.join(missing)}”不存在")
            return None
        return [self.regions_by_code[c] for c in codes]


def _initial_password():
    """A random initial password that does not start with "-", which a
    spreadsheet would take for a formula in the passwords' CSV."""
    while True:
        password = secrets.token_urlsafe(INITIAL_PASSWORD_LENGTH)[:INITIAL_PASSWORD_LENGTH]
        if not password.startswith("-"):
            return password


def _initial_hash(password):
    """The stored form of a random initial password: with few rounds when
    the site hashes with PBKDF2 (Django's default), else as the site does."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=INITIAL_PASSWORD_ROUNDS)
    return make_password(password, hasher=hasher)
