"""Downloads of a filing (filing/1 JSON, the official tables as XLSX and
PDF, for the whole filing or one project) and the in-app preview, for
whoever may see the filing."""
import json
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from targets import tables
from targets.interchange import export_document, filings_for_export
from targets.services.year_archive import filing_cache
from targets.services.export_cache import ExportCache
from targets.tables import pdf_worker
from targets.visibility import filings_for_user

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def visible_document(user, pk):
    """(filing, document) if the user may see the filing, else 404."""
    filing = get_object_or_404(filings_for_export(filings_for_user(user)), pk=pk)
    return filing, export_document(filing)


def project_index(filing, project_pk):
    """The project's place in the table order, or 404."""
    if project_pk is None:
        return None
    for index, project in enumerate(filing.projects.all()):
        if project.pk == project_pk:
            return index
    raise Http404


def rendered(filing, document, fmt, index=None):
    """(bytes, file name) of a filing's document in one of our formats."""
    if fmt == "json":
        content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    elif fmt in ExportCache.EXTENSIONS:
        content = _table_file(filing, document, fmt, index)
    else:
        raise Http404
    return content, tables.export_filename(document, fmt, project_index=index)


def _table_file(filing, document, fmt, index):
    """The official tables as XLSX or PDF. A whole filing's come from the
    export cache when it holds them for this very document (a filing is
    downloaded by its unit, its reviewers and the bulk export, most often
    unchanged: a PDF takes seconds to render), and are stored there."""
    if index is not None:
        return _render_table(document, fmt, index)
    cache = filing_cache()
    key = cache.key(filing.pk, filing.version, document)
    # Rendered after the filing's last save (targets/tasks.py), or being rendered now.
    content = cache.get_file(key, fmt) or cache.wait_for_file(key, fmt)
    if content is None:
        if fmt == "xlsx":
            content = tables.workbook_bytes(document)
        else:
            # Joined from the tables' PDFs kept by what they print: after a
            # save only the changed tables are rendered (pdf_parts.py).
            content = pdf_worker.filing_pdf(document, str(cache.parts().folder))
        cache.put_file(key, fmt, content)
    return content


def _render_table(document, fmt, index):
    if fmt == "xlsx":
        return tables.workbook_bytes(document, project_index=index)
    # In a worker process: the web process never loads WeasyPrint.
    return pdf_worker.pdf_bytes(document, project_index=index)


def render_failed(request, filing, error):
    """The page a download answers when its rendering ran out of time."""
    return render(request, "targets/download_failed.html", {"filing": filing, "message": str(error)},
                  status=503)


# A filing or a roster is for the signed-in person only: no shared proxy or
# browser cache keeps a copy for whoever uses the computer next.
PRIVATE_DOWNLOAD = "private, no-store"


def attachment(content, filename, fmt):
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    # RFC 5987 so browsers keep the Chinese file name.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = PRIVATE_DOWNLOAD
    return response


@login_required
def download(request, pk, fmt):
    filing, document = visible_document(request.user, pk)
    try:
        content, filename = rendered(filing, document, fmt)
    except pdf_worker.RenderTimeout as error:
        return render_failed(request, filing, error)
    return attachment(content, filename, fmt)


@login_required
def download_project(request, pk, project_pk, table_format):
    filing, document = visible_document(request.user, pk)
    index = project_index(filing, project_pk)
    try:
        content, filename = rendered(filing, document, table_format, index)
    except pdf_worker.RenderTimeout as error:
        return render_failed(request, filing, error)
    return attachment(content, filename, table_format)


@login_required
def preview(request, pk, project_pk=None):
    filing, document = visible_document(request.user, pk)
    index = project_index(filing, project_pk)
    return render(request, "targets/preview.html", {
        "filing": filing,
        "project_pk": project_pk,
        "projects": list(filing.projects.all()),
        "table_html": tables.html_for(document, project_index=index),
    })
