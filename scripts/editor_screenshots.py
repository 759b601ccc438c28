"""Screenshots of each layout's editor at 1366 × 768 (issue 13):
docs/screenshots/edit-<layout>-project.png and edit-<layout>-department.png
(Anhui's tables have no department part).

    .venv/bin/python scripts/editor_screenshots.py [--port 8101] [--out docs/screenshots]

A demo database is built in a temporary directory (migrate + load_demo, the
project's db.sqlite3 is not touched) and served by a dev server on the given
port; the demo units' staff (怀来/河北, 沅江/湖南, 宿州/安徽) open their editors.
Hebei's project shows a spending-plan value of 120 typed and marked at its
field before any save, with the checks panel in view; Hunan's project its
indicator grid; Anhui's the end of the 中期 rows over the 年度 rows; the
department parts their top, headings first. Nothing is saved. Needs Debian's
chromium and Playwright (requirements/test.txt).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reviewer_screenshots import ROOT, manage, sign_in, wait_for_port  # noqa: E402

VIEWPORT = {"width": 1366, "height": 768}
SETTLE = 900  # ms: the live checks answer what the page shows


def scroll_to(page, selector, above=12):
    """Scroll so the element starts `above` px under the top of the window."""
    page.evaluate("""([selector, above]) => {
        const element = document.querySelector(selector);
        // Instant: Bootstrap makes scrolling smooth, and a picture taken
        // while it moves is half painted.
        window.scrollTo({top: element.getBoundingClientRect().top + window.scrollY - above, behavior: "instant"});
    }""", [selector, above])
    page.wait_for_timeout(300)


def open_editor(page, base, path):
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE)


def shoot(page, path):
    page.screenshot(path=str(path))
    print(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    if options.port == 8000:
        raise SystemExit("port 8000 is bin/run's; take another")

    work = Path(tempfile.mkdtemp(prefix="editor-screens-"))
    database = work / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from targets.models import Filing
    from units.models import User

    places = {}
    for place, layout in (("huailai", "hebei"), ("yuanjiang", "hunan"), ("suzhou", "anhui")):
        staff = User.objects.get(username=f"staff_{place}")
        filing = Filing.objects.get(unit=staff.unit)
        project = filing.projects.order_by("order", "id").first()
        places[layout] = (staff.username, filing, project)

    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{options.port}",
                               "--noreload"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{options.port}"
    try:
        wait_for_port(options.port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport=VIEWPORT)
            out = options.out

            username, filing, project = places["hebei"]
            sign_in(page, base, username)
            open_editor(page, base, reverse("targets:project", args=[filing.pk, project.pk]))
            page.fill("#id_plan-month_10", "120")
            page.locator("#id_plan-month_10-finding").wait_for()
            page.wait_for_load_state("networkidle")
            scroll_to(page, "fieldset:has(#id_plan-month_10)")
            shoot(page, out / "edit-hebei-project.png")
            open_editor(page, base, reverse("targets:department", args=[filing.pk]))
            shoot(page, out / "edit-hebei-department.png")

            username, filing, project = places["hunan"]
            sign_in(page, base, username)
            open_editor(page, base, reverse("targets:project", args=[filing.pk, project.pk]))
            scroll_to(page, ".indicator-table")
            shoot(page, out / "edit-hunan-project.png")
            open_editor(page, base, reverse("targets:department", args=[filing.pk]))
            shoot(page, out / "edit-hunan-department.png")

            username, filing, project = places["anhui"]
            sign_in(page, base, username)
            open_editor(page, base, reverse("targets:project", args=[filing.pk, project.pk]))
            # The last 中期 rows over the 年度 table's head and first rows.
            page.evaluate("""() => {
                const second = document.querySelectorAll('.indicator-table')[1];
                window.scrollTo({top: second.getBoundingClientRect().top + window.scrollY - 330, behavior: "instant"});
            }""")
            page.wait_for_timeout(300)
            shoot(page, out / "edit-anhui-project.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
