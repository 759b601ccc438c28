"""import_filing and export_filing from the command line."""
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from targets.models import Filing, Project

from ..conftest import EXAMPLES_DIR, load_example
from .test_interchange import comparable, database_counts


@pytest.mark.django_db
def test_import_prints_the_new_id_last(capsys):
    call_command("import_filing", str(EXAMPLES_DIR / "hebei-huailai-2022.json"))
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line == str(Filing.objects.get().pk)


@pytest.mark.django_db
def test_import_refuses_an_existing_filing_without_replace():
    path = str(EXAMPLES_DIR / "hebei-huailai-2022.json")
    call_command("import_filing", path)
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", path)
    assert refused.value.returncode == 1
    assert "已存在" in str(refused.value) and "--replace" in str(refused.value)
    call_command("import_filing", path, "--replace")
    assert Filing.objects.count() == 1


@pytest.mark.django_db
def test_import_failure_names_the_path_and_writes_nothing(tmp_path):
    document = load_example("anhui-suzhou-2023")
    document["projects"][2]["indicators"][5]["value"] = 5
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = database_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path))
    assert refused.value.returncode == 1
    assert "projects[2].indicators[5].value" in str(refused.value)
    assert "未写入任何数据" in str(refused.value)
    assert database_counts() == before


@pytest.mark.django_db
def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "filing/1",\n "year": }', encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path))
    assert "第 2 行" in str(refused.value)


@pytest.mark.django_db
def test_directory_import_is_all_or_nothing(tmp_path):
    for name in ("hebei-huailai-2022", "hunan-yuanjiang-2024"):
        shutil.copy(EXAMPLES_DIR / f"{name}.json", tmp_path / f"{name}.json")
    broken = load_example("anhui-suzhou-2023")
    del broken["unit"]["name"]
    (tmp_path / "zz-broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(tmp_path))
    assert "zz-broken.json" in str(refused.value) and "unit.name" in str(refused.value)
    assert Filing.objects.count() == 0
    (tmp_path / "zz-broken.json").unlink()
    call_command("import_filing", str(tmp_path))
    assert Filing.objects.count() == 2


@pytest.mark.django_db
def test_export_writes_the_document_back(tmp_path):
    call_command("import_filing", str(EXAMPLES_DIR / "anhui-suzhou-2023.json"))
    filing = Filing.objects.get()
    out = tmp_path / "out.json"
    call_command("export_filing", str(filing.pk), "--format", "json", "-o", str(out))
    assert comparable(json.loads(out.read_text(encoding="utf-8"))) == comparable(load_example("anhui-suzhou-2023"))


@pytest.mark.django_db
def test_a_year_backs_up_and_restores(tmp_path):
    call_command("import_filing", str(EXAMPLES_DIR))
    backup = tmp_path / "2024"
    call_command("export_filing", "--year", "2024", "-o", str(backup))
    files = sorted(backup.glob("*.json"))
    assert len(files) == 1
    Project.objects.all().delete()
    Filing.objects.all().delete()
    call_command("import_filing", str(backup))
    restored = Filing.objects.get()
    assert restored.year == 2024 and restored.projects.count() == 7


@pytest.mark.django_db
def test_export_of_unknown_id_fails_in_chinese(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("export_filing", "999", "-o", str(tmp_path / "x.json"))
    assert "找不到编号为 999 的申报" in str(refused.value)
