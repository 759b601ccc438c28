"""Long-lived objects of the web processes frozen out of the garbage
collector's full passes (config/long_lived.py, config/gunicorn.conf.py)."""
import gc
import runpy
import weakref
from pathlib import Path

import pytest

from config import long_lived

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "config" / "gunicorn.conf.py"


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


class Node:
    pass


def test_freeze_collects_garbage_first_and_keeps_the_rest_out_of_collections(unfrozen):
    kept = Node()
    cycle = Node()
    cycle.me = cycle  # only the collector frees a cycle
    gone = weakref.ref(cycle)
    del cycle
    long_lived.freeze()
    assert gone() is None
    assert id(kept) not in {id(o) for o in gc.get_objects()}  # in the permanent generation
    assert gc.get_freeze_count() > 0


def test_freeze_after_the_given_count_and_once(monkeypatch):
    calls = []
    monkeypatch.setattr(long_lived, "freeze", lambda: calls.append(1))
    after = long_lived.FreezeAfter(3)
    after()
    after()
    assert calls == []
    after()
    assert calls == [1]
    after.seen = 10  # threads that counted past it together
    after()
    assert calls == [1]


def test_gunicorn_workers_freeze_once_loaded_and_after_their_first_requests(unfrozen):
    hooks = runpy.run_path(str(GUNICORN_CONF))
    hooks["post_worker_init"](None)
    loaded = gc.get_freeze_count()
    assert loaded > 0
    later = [Node() for _ in range(100)]
    for _ in range(199):
        hooks["post_request"](None, None, {}, None)
    # No freeze yet: the permanent generation did not grow (it may shrink by
    # a frozen object that another thread of the test process let go).
    before = gc.get_freeze_count()
    assert before <= loaded
    hooks["post_request"](None, None, {}, None)
    assert gc.get_freeze_count() >= before + len(later)
