"""Renderings made slow on purpose, for the time-limit tests. Module-level
functions: the PDF worker (spawned) and the bulk export's children (forked)
receive them by name."""
import time

from targets.services.year_archive import render_filing  # the real one, before a test patches it

SLOW_UNIT = "沅江市财政局"


def never_finishes(document, parts_folder=None):
    time.sleep(600)


def slow_for_one_unit(document):
    """The bulk export's render_filing, endless for SLOW_UNIT's filing."""
    if (document.get("unit") or {}).get("name") == SLOW_UNIT:
        time.sleep(600)
    return render_filing(document)
