"""Renderings made slow on purpose, for the time-limit tests. Module-level
functions: the PDF worker (spawned) and the bulk export's children (forked)
receive them by name."""
import time

SLOW_UNIT = "沅江市财政局"


def never_finishes(document, parts_folder=None):
    time.sleep(600)


def slow_for_one_unit(document):
    """The bulk export's render_filing, endless for SLOW_UNIT's filing and
    done at once for the others: their real rendering, on a machine busy
    with other work, took longer than the test's short limit itself (and
    the export failed naming another filing)."""
    if (document.get("unit") or {}).get("name") == SLOW_UNIT:
        time.sleep(600)
    return b"PK\x05\x06" + bytes(18), b"%PDF-1.7\n%%EOF\n"
