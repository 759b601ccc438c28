"""Shared test fixtures: the three example filings and small factories."""
import copy
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The examples of docs/filing-format.md, which load_demo loads too.
EXAMPLES_DIR = REPO / "fixtures" / "examples"
EXAMPLE_NAMES = ["hebei-huailai-2022", "hunan-yuanjiang-2024", "anhui-suzhou-2023"]


def load_example(name):
    return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=EXAMPLE_NAMES)
def example(request):
    """Each example document in turn (a fresh copy)."""
    return copy.deepcopy(load_example(request.param))


@pytest.fixture
def examples():
    return {name: load_example(name) for name in EXAMPLE_NAMES}


@pytest.fixture(autouse=True)
def media_root(monkeypatch, tmp_path_factory):
    """Each test its own MEDIA_ROOT: bulk exports and the export cache write
    there, and no test may serve another's cached files. (Not through
    pytest-django's `settings` fixture: settings overridden that way have no
    SETTINGS_MODULE, and the web downloads' PDF worker needs it.)"""
    from django.conf import settings

    path = tmp_path_factory.mktemp("media")
    monkeypatch.setattr(settings, "MEDIA_ROOT", path)
    return path
