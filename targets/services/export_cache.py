"""A disk cache of a whole filing's rendered tables (its XLSX and PDF), so
that a bulk export renders only the filings whose tables changed since the
last one (approved filings do not change; a province's year is exported
again and again), and a whole filing's download is rendered once for all
who download it until it changes (targets/views/exports.py). Downloads and
bulk exports read and fill the same files.

    MEDIA_ROOT/export_cache/<renderer>/<filing pk>/<version>-<digest>.xlsx
                                                  /<version>-<digest>.pdf
                                      /parts/<table key>.pdf   (PartCache)

<renderer> names the code that renders: RENDERER_VERSION, a digest of the
table builders, templates and CSS, the versions of the libraries that write
the files, the CJK font file, and the rendering function. Files of any other
renderer are never read, and write_bulk_zip() removes them. <version> is
Filing.version and <digest> the SHA-256 of the filing/1 document the files
were rendered from: not every change to what a filing prints bumps its
version (an edit in the Django admin, a unit's code or its region renamed,
a status change — the last prints nothing), so a file is used for exactly
the document it was made from, and the version only helps to find and
remove a filing's older files when a newer one is stored.

Writes go to a temporary name and are renamed into place, so a reader (a
second export running at the same time) sees whole files or none. After
each save a background task renders the filing's files (targets/tasks.py),
and marks each while it renders, so a download asking for it then waits for
that rendering instead of starting a second one. A whole filing's PDF for a
download is joined from single tables' PDFs kept under parts/ by what they
print (targets/tables/pdf_parts.py): a save re-renders only what it changed.
"""
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path

from django.conf import settings

# Bump when the rendering changes in a way the digest of the sources below
# cannot see (for example a change in a dependency's behaviour).
RENDERER_VERSION = 1
_BASE = Path(__file__).resolve().parents[2]
SOURCES = (
    ("targets/tables", "*.py"),
    ("targets/tables", "*.css"),
    ("templates/tables", "*.html"),
    ("static/tables", "*.css"),
)
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "openpyxl", "pypdf")
# A file being rendered has a marker beside it ("<version>-<digest>.pdf.pending").
PENDING = ".pending"
# How long a download waits for a rendering under way (a whole filing's PDF
# takes seconds), leaving time to render the file itself after that within
# the server's timeout of 120 s; a marker older than PENDING_STALE is left by
# a worker that was stopped, is not waited for, and goes with the next file.
PENDING_WAIT = 30
PENDING_STALE = 120
PENDING_POLL = 0.05


class _Rendering:
    def __init__(self, marker):
        self.marker = marker

    def __enter__(self):
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)
            self.marker.touch()
        except OSError:
            pass  # no marker: a download renders the file itself, as before
        return self

    def __exit__(self, *exc_info):
        self.marker.unlink(missing_ok=True)
        return False


def _is_fresh(marker):
    try:
        return time.time() - marker.stat().st_mtime < PENDING_STALE
    except OSError:
        return False


@functools.lru_cache(maxsize=1)
def _sources_digest():
    digest = hashlib.sha256(f"renderer {RENDERER_VERSION}\n".encode())
    for folder, pattern in SOURCES:
        for path in sorted((_BASE / folder).glob(pattern)):
            digest.update(f"{folder}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    from targets.tables import fonts

    try:
        font = fonts.cjk_font()
        stat = os.stat(font.path)
        digest.update(f"font {font.family} {font.path} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    except (fonts.FontMissing, OSError):
        digest.update(b"font none\n")  # rendering will fail and say why
    return digest.hexdigest()


def renderer_id(render):
    """The name of the renderer's folder: the sources' digest and the
    rendering function (a different function must not read these files)."""
    name = f"{getattr(render, '__module__', '')}.{getattr(render, '__qualname__', repr(render))}"
    return hashlib.sha256(f"{_sources_digest()}\n{name}".encode()).hexdigest()[:20]


def document_digest(document):
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class ExportCache:
    """The cache of one renderer under `root`."""

    EXTENSIONS = ("xlsx", "pdf")

    def __init__(self, root, render):
        self.root = Path(root)
        self.folder = self.root / renderer_id(render)

    @classmethod
    def default(cls, render):
        return cls(Path(settings.MEDIA_ROOT) / "export_cache", render)

    def key(self, filing_pk, version, document):
        return (int(filing_pk), int(version), document_digest(document))

    def _path(self, key, ext):
        pk, version, digest = key
        return self.folder / str(pk) / f"{version}-{digest}.{ext}"

    def get(self, key):
        """(xlsx bytes, pdf bytes) stored for the key, or None."""
        files = tuple(self.get_file(key, ext) for ext in self.EXTENSIONS)
        return None if None in files else files

    def get_file(self, key, ext):
        """The key's file of one format ("xlsx" or "pdf"), or None."""
        try:
            return self._path(key, ext).read_bytes()
        except OSError:
            return None

    def has_file(self, key, ext):
        return self._path(key, ext).is_file()

    def put(self, key, xlsx, pdf):
        """Store the files of the key and remove the filing's other files."""
        for ext, content in zip(self.EXTENSIONS, (xlsx, pdf)):
            self.put_file(key, ext, content)

    def put_file(self, key, ext, content):
        """Store the key's file of one format and remove the filing's files
        of other keys (older versions or content). A cache that cannot be
        written is no reason to fail an export."""
        path = self._path(key, ext)
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(content)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            stem = path.name[: -len(ext)]  # "<version>-<digest>."
            for other in folder.iterdir():
                if other.name.startswith((stem, ".part-")) or other.name.endswith(PENDING) and _is_fresh(other):
                    continue  # this file, another's write, or another rendering under way
                other.unlink(missing_ok=True)
        except OSError:
            pass

    # --- files being rendered ------------------------------------------------

    def rendering(self, key, ext):
        """A context manager marking the key's file of one format as being
        rendered (by the task that prepares a filing's downloads after a
        save), so that a download asking for it meanwhile waits for it
        rather than rendering it a second time."""
        return _Rendering(self._path(key, ext).with_suffix(f".{ext}{PENDING}"))

    def wait_for_file(self, key, ext, timeout=None):
        """The key's file of one format once its rendering (if one is under
        way) has finished, or None: when none is, when it failed, or after
        `timeout` seconds (default PENDING_WAIT), when the caller renders
        it itself."""
        marker = self._path(key, ext).with_suffix(f".{ext}{PENDING}")
        deadline = time.monotonic() + (PENDING_WAIT if timeout is None else timeout)
        while _is_fresh(marker) and time.monotonic() < deadline:
            time.sleep(PENDING_POLL)
        return self.get_file(key, ext)

    def parts(self):
        """The cache of single tables' PDFs a whole filing's PDF is joined
        from (targets/tables/pdf_parts.py), inside this renderer's folder."""
        return PartCache(self.folder / "parts")

    def remove_other_renderers(self):
        """Delete the folders of other renderers (older code): their files
        can never be read again."""
        try:
            others = [path for path in self.root.iterdir() if path.is_dir() and path != self.folder]
        except OSError:
            return
        for path in others:
            shutil.rmtree(path, ignore_errors=True)


class PartCache:
    """PDFs of single tables by their key (pdf_parts.table_key). A part
    read is touched, so that prune() removes only those no filing has
    used for PART_KEEP_DAYS (a project's old versions after its edits)."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def _path(self, key):
        return self.folder / f"{key}.pdf"

    def get(self, key):
        path = self._path(key)
        try:
            content = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return content

    def put(self, key, content):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(content)
                os.replace(temporary, self._path(key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # not kept: rendered again next time

    def prune(self, now=None):
        """Remove the parts unused for PART_KEEP_DAYS (and writes abandoned
        for a day); returns how many."""
        now = time.time() if now is None else now
        removed = 0
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            keep = PART_KEEP_DAYS * 86400 if entry.name.endswith(".pdf") else 86400
            try:
                if now - entry.stat().st_mtime > keep:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                pass
        return removed


PART_KEEP_DAYS = 30
