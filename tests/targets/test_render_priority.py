"""Table rendering in the background yields the CPU to page views: the web
processes' PDF worker and the bulk export's children run at a lower
priority (targets/tables/priority.py)."""
import multiprocessing
import os

import pytest

from targets.services import year_archive
from targets.tables import pdf_worker

pytestmark = pytest.mark.django_db


def lowered(niceness):
    return min(niceness + 10, 19)  # 19 is the lowest priority there is


def test_the_pdf_worker_of_a_web_process_runs_at_lower_priority():
    assert pdf_worker.enabled()
    worker = pdf_worker._get_executor()
    assert worker.submit(os.nice, 0).result() == lowered(os.nice(0))


def test_bulk_export_children_run_at_lower_priority():
    with multiprocessing.get_context("fork").Pool(1, initializer=year_archive._child_started) as pool:
        assert pool.apply(os.nice, (0,)) == lowered(os.nice(0))


def test_niceness_zero_leaves_the_priority_alone(settings):
    settings.TABLES_RENDER_NICENESS = 0
    with multiprocessing.get_context("fork").Pool(1, initializer=year_archive._child_started) as pool:
        assert pool.apply(os.nice, (0,)) == os.nice(0)
