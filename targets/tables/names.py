"""Sheet names and download file names for the exported tables."""
import re

SHEET_NAME_MAX = 31
# Characters Excel refuses in a sheet name, and control characters.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# Characters Windows, macOS and Linux refuse (or mangle) in a file name.
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
FILE_STEM_MAX = 150


def sheet_name(text, fallback):
    name = _SHEET_BAD.sub("", text or "").strip().strip("'").strip()
    return name[:SHEET_NAME_MAX].strip() or fallback


def unique_sheet_names(names):
    """Valid, distinct sheet names (Excel compares them case-blind): the
    second "经费" becomes "经费(2)", cut so the suffix still fits."""
    taken = set()
    result = []
    for base in names:
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f"({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        result.append(name)
    return result


def export_filename(document, ext, project_index=None):
    """"2022-224001-中共…办公室.xlsx"; with a project, its name is added."""
    unit = document.get("unit") or {}
    parts = [str(document.get("year") or ""), unit.get("code") or "", unit.get("name") or ""]
    if project_index is not None:
        project = document["projects"][project_index]
        parts.append(project.get("name") or f"项目{project_index + 1}")
    stem = "-".join(_FILE_BAD.sub("", p).strip() for p in parts if p and _FILE_BAD.sub("", p).strip())
    stem = stem.strip(". ")[:FILE_STEM_MAX] or "绩效目标表"
    return f"{stem}.{ext.lstrip('.')}"


def safe_file_part(text):
    """A piece of a file or folder name with the characters Windows, macOS
    and Linux refuse removed ("" when nothing is left)."""
    return _FILE_BAD.sub("", text or "").strip(". ")
