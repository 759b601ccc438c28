"""Project-wide facts: settings from the environment, the admin, checks."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

from config.settings import database_from_url

REPO = Path(__file__).resolve().parent.parent


def test_database_url_selects_the_database():
    postgres = database_from_url("postgres://user:p%40ss@db.example:5433/jixiao")
    assert (postgres["ENGINE"], postgres["NAME"], postgres["USER"], postgres["PASSWORD"],
            postgres["HOST"], postgres["PORT"]) == (
        "django.db.backends.postgresql", "jixiao", "user", "p@ss", "db.example", "5433")
    sqlite = database_from_url("sqlite:////var/lib/jixiao/db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert str(sqlite["NAME"]) == "/var/lib/jixiao/db.sqlite3"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]


def _run_manage(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_debug_off_refuses_to_start_without_a_secret_key():
    result = _run_manage(["check"], DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_every_model_is_in_the_admin_with_a_chinese_name():
    ours = [m for m in apps.get_models() if m._meta.app_label in ("units", "targets", "reviews")]
    assert ours
    for model in ours:
        assert model in admin.site._registry, model.__name__
        name = str(model._meta.verbose_name)
        assert any("\u4e00" <= c <= "\u9fff" for c in name), model.__name__
        for field in model._meta.get_fields():
            if hasattr(field, "verbose_name") and not field.auto_created and field.concrete:
                label = str(field.verbose_name)
                assert any("\u4e00" <= c <= "\u9fff" for c in label), f"{model.__name__}.{field.name}"


@pytest.mark.django_db
def test_system_check_is_clean():
    call_command("check")
