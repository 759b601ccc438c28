"""The indicator table of a sheet read back into filing/1 rows.

Columns are found from the header row, by the headings the table's builder
prints (table_maps.TableMap.headings); a second 二级/三级/指标值 group in
the same header is the right-hand side of the Anhui table (中期 left, 年度
right). 一级 and 二级 come from their merged cells; a cell left empty
outside any merged area (a row inserted at the edge of a group, or an area
unmerged in Excel) takes the name from above. A text too long for one row
continues in the rows below (targets/tables/continued.py): those rows are
part of the row above.
"""
from targets import field_catalogue as catalogue
from targets.frameworks import PLACEHOLDER_NAMES, canonical

from .reading import continued_text, is_continued

ROW_KEYS = catalogue.keys("indicator")
GROUP_KEYS = ("level1", "level2")  # the merged columns that group the rows
# What a row says of its own: its texts other than the groups' names.
CONTENT_KEYS = tuple(key for key in catalogue.keys("indicator", "text*") if key not in GROUP_KEYS)


def header_columns(sheet, header_row, headings):
    """(level1 column, [{field: column}] per side) from the header row;
    `headings` maps each printed heading (normal()) to its field."""
    level1, sides = None, []
    for c in sheet.row_cells(header_row):
        field = headings.get(sheet.label(header_row, c))
        if field is None:
            continue
        if field == "level1":
            level1 = c
        elif not sides or field in sides[-1]:
            sides.append({field: c})
        else:
            sides[-1][field] = c
    return level1, sides


def read_rows(sheet, reading, header_row, stop_row, periods, headings):
    """[(side period, row dict, {field: cell ref})] for every row between the
    header and `stop_row` that has content. `periods` names the sides left to
    right (None where the table does not say: the row keeps its base's)."""
    level1_col, sides = header_columns(sheet, header_row, headings)
    if level1_col is None or not sides or "name" not in sides[0]:
        wanted = "".join(f"“{label}”" for label, key in headings.items() if key in GROUP_KEYS + ("name",))
        reading.problem(sheet.ref(header_row, 1), f"指标表的表头应有{wanted}等栏目")
        return []
    last = {}

    def filled(r, c):
        # An empty cell outside merged areas continues the group above it.
        text = sheet.text(r, c)
        if text is None and not sheet.is_merged(r, c):
            return last.get(c)
        last[c] = text
        return text

    # Side by side tables list the left side's rows first (中期, then 年度).
    found = [[] for _ in sides]
    content = [[c for key, c in columns.items() if key in CONTENT_KEYS] for columns in sides]
    for r in range(header_row + 1, stop_row + 1):
        level1 = filled(r, level1_col)
        # A row that holds the rest of a long text of the row above
        # (targets/tables/continued.py), on either side, is part of it.
        continuation = any(is_continued(sheet, r, c) for columns in content for c in columns)
        for index, columns in enumerate(sides):
            level2 = filled(r, columns["level2"]) if "level2" in columns else None
            if continuation and all(sheet.anchor(r, c)[0] < r or is_continued(sheet, r, c)
                                    for c in content[index]):
                continue
            row = {key: continued_text(sheet, r, c) for key, c in columns.items() if key in CONTENT_KEYS}
            if not any(row.values()):
                continue
            row.update(level1=level1, level2=level2)
            refs = {key: sheet.ref(r, c) for key, c in columns.items()}
            refs["level1"] = sheet.ref(r, level1_col)
            refs["row"] = sheet.ref(r, columns["name"])
            period = periods[index] if index < len(periods) else None
            found[index].append((period, row, refs))
    return [item for side in found for item in side]


def is_placeholder(row):
    return row.get("name") in PLACEHOLDER_NAMES and not any(
        row.get(key) for key in CONTENT_KEYS if key != "name")


def drop_generated_placeholders(rows, base_rows):
    """Hunan tables print every 二级 category, an unused one as a "……" row.
    Such a row alone in its group is dropped unless the base filed one there
    too (without a base it is kept: the example filings file them)."""
    if base_rows is None:
        return rows
    groups = {}
    for _, row, _ in rows:
        key = (canonical(row.get("level1")), canonical(row.get("level2")))
        groups[key] = groups.get(key, 0) + 1
    filed = {(canonical(b.get("level1")), canonical(b.get("level2")))
             for b in base_rows if is_placeholder(b)}
    kept = []
    for item in rows:
        row = item[1]
        key = (canonical(row.get("level1")), canonical(row.get("level2")))
        if is_placeholder(row) and groups[key] == 1 and key not in filed:
            continue
        kept.append(item)
    return kept


def merge_rows(rows, base_rows, printed, kept_base=()):
    """The document's rows: printed fields from the sheet, the rest (and the
    period where the table does not show it) from the matching base row.
    `kept_base` are base rows the table does not show at all, kept as they
    are after the others."""
    candidates = [b for b in base_rows or [] if not any(b is k for k in kept_base)]
    matches = _match(rows, candidates)
    result = []
    for index, (period, row, refs) in enumerate(rows):
        base = matches.get(index) or {}
        merged = {}
        for key in ROW_KEYS:
            if key == "period":
                merged[key] = period or base.get("period") or "annual"
            elif key in printed or key in GROUP_KEYS:
                value = row.get(key)
                # An empty cell stays "" where the base had "" rather than null.
                merged[key] = base.get(key) if value is None and base.get(key) == "" else value
            else:
                merged[key] = base.get(key)
        result.append((catalogue.as_written("indicator", merged), refs))
    result += [(dict(row), {}) for row in kept_base]
    return result


def _match(rows, candidates):
    """{sheet row index: base row} it continues, in passes over all rows so
    an added row cannot take the base row of a later unchanged one: same
    period, 一级, 二级 and 三级 name; else the same name; else the next
    unmatched row of the same 二级 group (a renamed row)."""
    def group(row):
        return canonical(row.get("level1")), canonical(row.get("level2"))

    keys = (
        lambda row: (group(row), row.get("name")),
        lambda row: row.get("name"),
        group,
    )
    matches, used = {}, set()
    for key in keys:
        for index, (period, row, _) in enumerate(rows):
            if index in matches:
                continue
            wanted = key(row)
            for number, base in enumerate(candidates):
                same_period = period is None or (base.get("period") or "annual") == period
                if number not in used and same_period and key(base) == wanted:
                    matches[index] = base
                    used.add(number)
                    break
    return matches
