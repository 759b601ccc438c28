"""A report's official table as files to download: a monitoring report's
项目支出绩效目标执行监控表, a self-evaluation report's 项目支出绩效自评表
(reports.kinds says which functions render which); XLSX and PDF of one
project, or of the whole report (a workbook with a sheet per project; one
PDF with every project's table).

    report_file(report, fmt, project_index=None) -> (bytes, file name)

As a filing's downloads (targets/views/exports.py): PDFs are rendered in
the web process's PDF worker under TABLES_RENDER_TIMEOUT (pdf_worker
raises RenderTimeout, whose message is for the user), never in the web
process itself; a whole report's files are kept in an export cache of
their own (MEDIA_ROOT/report_export_cache), by report, version and the
digest of the document they were rendered from (a folder per kind), so a report downloaded by
its unit and its reviewers is rendered once until it changes."""
import functools
import hashlib
from pathlib import Path

from django.conf import settings

from targets.services.export_cache import ExportCache
from targets.tables import pdf_worker

from .kinds import MONITORING, kind_of

FORMATS = ("xlsx", "pdf")
# The report tables' own sources beside each kind's (ReportKind.sources): a
# change to them must not serve files rendered by the older code
# (ExportCache's renderer digest knows only the filing tables' sources,
# which the report tables render with).
SOURCES = ("reports/fields.py", "reports/kinds.py")


def report_file(report, fmt, project_index=None):
    """(bytes, file name) of the report's table(s) in `fmt` ("xlsx" or
    "pdf"); ValueError for another format, IndexError for a project the
    report does not have. A PDF's RenderTimeout is raised as it comes."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    document = report.document
    kind = kind_of(document)
    projects = document.get("projects") or []
    if project_index is not None and not 0 <= project_index < len(projects):
        raise IndexError(project_index)
    name = kind.filename(document, fmt, project_index)
    if project_index is not None:
        return _render(kind, document, fmt, project_index), name
    cache = report_cache(kind)
    key = cache.key(report.pk, report.version, document)
    content = cache.get_file(key, fmt)
    if content is None:
        content = _render(kind, document, fmt, None)
        cache.put_file(key, fmt, content)
    return content, name


def _render(kind, document, fmt, project_index):
    if fmt == "xlsx":
        return kind.workbook_bytes(document, project_index)
    return pdf(document, project_index, kind)


def pdf(document, project_index=None, kind=None):
    """The kind's PDF renderer in the PDF worker (with its time limit), or
    in this process where the worker is switched off (TABLES_PDF_WORKER)."""
    kind = kind or kind_of(document)
    return pdf_worker.run(kind.pdf_bytes, document, project_index)


@functools.cache
def _sources_digest(sources):
    base = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in sources:
        digest.update((base / name).read_bytes())
    return digest.hexdigest()[:16]


def report_cache(kind=MONITORING):
    """The export cache of whole reports' tables of a kind."""
    return ExportCache(Path(settings.MEDIA_ROOT) / "report_export_cache" / _sources_digest(SOURCES + kind.sources),
                       kind.workbook_bytes)
