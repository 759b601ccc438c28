"""The official tables of a filing, built once as grids from a filing/1
document and rendered to XLSX, to HTML (the app's preview) and to PDF.

    build_tables(document, project_index=None) -> [Table]
    workbook_bytes(document, project_index=None) -> bytes   (XLSX)
    html_for(document, project_index=None) -> str           (fragment for a page)
    page_html(document, project_index=None) -> str          (full page, as printed)
    pdf_bytes(document, project_index=None) -> bytes
    export_filename(document, ext, project_index=None) -> str

Builders take documents, not models, so a filing in the database
(targets.interchange.export_document) and a review snapshot print alike.

The layout modules are imported when first used: importing this package
loads no Django models, so the PDF worker (pdf_worker.py) can name its
start-up function here before Django is set up in it.
"""
import importlib

from .grid import Cell, Column, Table
from .names import export_filename, sheet_name, unique_sheet_names

BUILDERS = {"hebei": "hebei", "hunan": "hunan", "anhui": "anhui"}  # layout -> module here


def layout_module(document):
    try:
        name = BUILDERS[document["layout"]]
    except (KeyError, TypeError):
        raise ValueError(f"不支持的版式：{document.get('layout')!r}") from None
    return importlib.import_module(f"{__name__}.{name}")


def build_tables(document, project_index=None):
    """The department table (where the layout has one), then one table per
    project; with project_index, that project's table only."""
    module = layout_module(document)
    projects = document.get("projects") or []
    # A project's own table needs only the department sheet's name.
    department = module.department_table(document) if project_index is None else None
    department_name = department.sheet_name if department else module.department_sheet_name(document)
    # Sheet names are made unique over the whole filing, so a project's sheet
    # is named alike in the filing's workbook and in its own.
    bases = ([sheet_name(department_name, "部门")] if department_name else []) + [
        sheet_name(p.get("name"), f"项目{i + 1}") for i, p in enumerate(projects)
    ]
    names = unique_sheet_names(bases)
    offset = 1 if department_name else 0
    if project_index is not None:
        if not 0 <= project_index < len(projects):
            raise IndexError(f"没有第 {project_index + 1} 个项目")
        table = module.project_table(document, project_index)
        table.sheet_name = names[offset + project_index]
        return [table]
    tables = [department] if department else []
    tables += [module.project_table(document, i) for i in range(len(projects))]
    for table, name in zip(tables, names):
        table.sheet_name = name
    return tables


def workbook_bytes(document, project_index=None):
    from .metadata import metadata_for
    from .xlsx import workbook_bytes as render

    return render(build_tables(document, project_index), metadata_for(document, project_index))


def html_for(document, project_index=None):
    from .html import fragment

    return fragment(build_tables(document, project_index))


def page_html(document, project_index=None):
    from .html import page

    return page(build_tables(document, project_index))


def pdf_bytes(document, project_index=None):
    from .pdf import render_pdf

    return render_pdf(build_tables(document, project_index))


__all__ = [
    "Cell",
    "Column",
    "Table",
    "build_tables",
    "export_filename",
    "html_for",
    "page_html",
    "pdf_bytes",
    "workbook_bytes",
]
