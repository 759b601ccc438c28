#!/usr/bin/env python
"""Load test: gunicorn on 127.0.0.1 over PostgreSQL with province-scale data
(generate_scale), 50 simulated people for 60 seconds (perf/locustfile.py),
then throughput, p50/p95/p99 and errors, page views and exports apart.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench \\
        .venv/bin/python scripts/loadtest.py [--users 50] [--seconds 60] [--workers 4] [--threads 4] [--warmup 20] [--json PATH]

It starts and stops gunicorn itself and only ever talks to 127.0.0.1. The
people save, submit, approve and return: the generated data changes (run
generate_scale into a fresh database for a clean start). Requests carry
X-Forwarded-Proto: https, as behind the TLS-terminating nginx of a
deployment, so the production settings (secure cookies) apply unchanged.
"""
import argparse
import json
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CATEGORIES = {"page": "页面浏览", "action": "保存/提交/审核", "api": "API 列表", "export": "导出"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--warmup", type=int, default=20,
                        help="seconds of load before the measured run (0: measure from a cold start)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--json", dest="json_path", help="write the report as JSON")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite (not representative)")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") and not args.allow_sqlite:
        sys.exit("DATABASE_URL must point to PostgreSQL with generate_scale data "
                 "(e.g. postgres://postgres@127.0.0.1:5432/jixiao_bench)")
    port = args.port or free_port()
    # Sessions are made here and read by gunicorn: one secret key for both.
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    workdir = Path(tempfile.mkdtemp(prefix="jx-loadtest-"))
    plan = make_plan(args.users)
    plan_path = write_json(workdir / "plan.json", plan)
    print(f"数据：{plan['units']} 个生成的单位；模拟 {args.users} 人 {args.seconds} 秒；"
          f"gunicorn {args.workers} 个进程 × {args.threads} 线程，{HOST}:{port}")

    server = start_gunicorn(port, args.workers, args.threads, workdir)
    try:
        wait_for_port(port, server)
        if args.warmup:
            # Every process loads its templates, URL patterns, database
            # connections and PDF worker on first use: done here, not
            # measured. The warm-up people browse, save and export but
            # leave the submissions and reviews to the measured run.
            warmup_path = write_json(workdir / "warmup-plan.json", warmup_plan(plan))
            print(f"预热 {args.warmup} 秒（不计入结果）")
            run_locust(port, warmup_path, args.users, args.warmup, workdir / "warmup")
        stats = run_locust(port, plan_path, args.users, args.seconds, workdir / "locust")
    finally:
        stop(server)
    report = summarise(stats, args)
    report["failure_reasons"] = failure_reasons(workdir / "locust_failures.csv")
    print_report(report)
    for log in ("gunicorn-errors.log", "app.log"):
        if "Traceback" in (workdir / log).read_text(encoding="utf-8", errors="replace"):
            print(f"日志中有异常：{workdir / log}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"结果已写入 {args.json_path}")


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_locust(port, plan_path, users, seconds, prefix):
    """Run locust headless against the server; its JSON statistics."""
    stats_path = prefix.with_name(prefix.name + "-stats.json")
    locust = subprocess.run(
        [str(VENV_BIN / "locust"), "-f", str(BASE_DIR / "perf" / "locustfile.py"), "--headless",
         "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s",
         "--host", f"http://{HOST}:{port}", "--only-summary", "--stop-timeout", "10",
         "--json-file", str(stats_path.with_suffix("")), "--csv", str(prefix),
         "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env=dict(os.environ, LOADTEST_PLAN=str(plan_path)), cwd=BASE_DIR,
        capture_output=True, text=True, timeout=seconds + 120,
    )
    if locust.returncode != 0 or not stats_path.exists():
        sys.stderr.write(locust.stdout[-4000:] + locust.stderr[-4000:])
        sys.exit(f"locust failed ({locust.returncode})")
    return json.loads(stats_path.read_text(encoding="utf-8"))


def warmup_plan(plan):
    """The plan without submissions and reviews (they change the data the
    measured run works on)."""
    warm = dict(plan)
    warm["staff"] = [dict(person, submitted=True) for person in plan["staff"]]
    warm["reviewers"] = [dict(person, filings=[]) for person in plan["reviewers"]]
    return warm


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def make_plan(users):
    """Signed-in sessions for generated people and the filings each works
    on: staff of draft or returned filings, city reviewers with disjoint
    lists of submitted filings, the admin."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from targets.models import Filing, FilingStatus, Project
    from units.models import Region, User

    def session(user):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    province = max(
        (r for r in Region.objects.filter(level=Region.Level.PROVINCE)
         if User.objects.filter(username=f"scale{r.code[:2]}_reviewer{r.code[:2]}").exists()),
        key=lambda r: Filing.objects.filter(unit__region__path__startswith=r.path).count(),
        default=None,
    )
    if province is None:
        sys.exit("no generate_scale data: run manage.py generate_scale --units 3000 --projects 10 --indicators 15")
    prefix = f"scale{province.code[:2]}"
    in_province = Filing.objects.filter(unit__region__path__startswith=province.path)
    year = in_province.order_by("-year").values_list("year", flat=True).first()

    staff = []
    editable = (in_province.filter(status__in=[FilingStatus.DRAFT, FilingStatus.RETURNED], year=year)
                .select_related("unit").order_by("pk")[:users])
    for filing in editable:
        person = User.objects.filter(unit=filing.unit, role=User.Role.STAFF).first()
        projects = list(filing.projects.order_by("order").values_list("pk", flat=True)[:3])
        if person and projects:
            staff.append({"session": session(person), "filing": filing.pk, "projects": projects})

    reviewers = []
    for city in Region.objects.filter(parent=province).order_by("code"):
        person = User.objects.filter(jurisdiction=city, role=User.Role.REVIEWER).first()
        filings = list(in_province.filter(unit__region__path__startswith=city.path, year=year,
                                          status=FilingStatus.SUBMITTED)
                       .order_by("pk").values_list("pk", flat=True)[:40])
        if person:
            reviewers.append({"session": session(person), "filings": filings})
    admin = User.objects.get(username=f"{prefix}_admin")
    export_filings = list(in_province.filter(year=year).order_by("?").values_list("pk", flat=True)[:200])
    export_projects = [(filing, project) for project, filing in Project.objects.filter(
        filing__in=export_filings[:100], order=0).values_list("pk", "filing_id")]
    alphabet = string.ascii_letters + string.digits
    return {
        "units": in_province.filter(year=year).count(),
        "year": year,
        "staff": staff,
        "reviewers": reviewers,
        "admins": [{"session": session(admin)}],
        "export_filings": export_filings,
        "export_projects": export_projects,
        "csrf": "".join(secrets.choice(alphabet) for _ in range(32)),
    }


def start_gunicorn(port, workers, threads, workdir):
    """gunicorn with the production settings (config/gunicorn.conf.py)."""
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_LOG_LEVEL="WARNING",
        # An empty export cache each run: downloads of filings an earlier
        # run (of the same generated data) rendered are not served from it.
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
    )
    env.pop("DJANGO_ALLOW_INSECURE_KEY", None)
    return subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(BASE_DIR / "config" / "gunicorn.conf.py"), "config.wsgi",
         "-w", str(workers), "--threads", str(threads), "-b", f"{HOST}:{port}",
         "--forwarded-allow-ips", HOST, "--error-logfile", str(workdir / "gunicorn-errors.log"),
         # Each request with its process, end time and duration (µs): where a slow one came from.
         "--access-logfile", str(workdir / "access.log"),
         "--access-logformat", '%(p)s %(t)s %(D)s %(s)s "%(r)s"'],
        # The app's own log (Django's errors, with tracebacks) goes to stderr.
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=(workdir / "app.log").open("wb"),
        start_new_session=True,
    )


def wait_for_port(port, server, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode})")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not start listening")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def percentile(histogram, share):
    """The response time (ms) below which `share` of the requests fall,
    from locust's {rounded ms: count} histogram."""
    total = sum(histogram.values())
    if not total:
        return None
    seen = 0
    for millis in sorted(histogram):
        seen += histogram[millis]
        if seen >= share * total:
            return millis
    return max(histogram)


def summarise(stats, args):
    duration = max((e["last_request_timestamp"] or 0) for e in stats) - min(e["start_time"] for e in stats)
    duration = duration or args.seconds
    groups = {}
    names = []
    for entry in stats:
        category = entry["name"].split(":", 1)[0]
        group = groups.setdefault(category, {"requests": 0, "failures": 0, "histogram": {}})
        group["requests"] += entry["num_requests"]
        group["failures"] += entry["num_failures"]
        for millis, n in entry["response_times"].items():
            group["histogram"][float(millis)] = group["histogram"].get(float(millis), 0) + n
        names.append(row(entry["name"], entry["num_requests"], entry["num_failures"],
                         {float(k): v for k, v in entry["response_times"].items()}, duration))
    total_histogram = {}
    for group in groups.values():
        for millis, n in group["histogram"].items():
            total_histogram[millis] = total_histogram.get(millis, 0) + n
    return {
        "users": args.users,
        "seconds": round(duration, 1),
        "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads,
        "warmup_seconds": args.warmup,
        "groups": {CATEGORIES.get(k, k): row(k, g["requests"], g["failures"], g["histogram"], duration)
                   for k, g in sorted(groups.items())},
        "all": row("all", sum(g["requests"] for g in groups.values()),
                   sum(g["failures"] for g in groups.values()), total_histogram, duration),
        "requests": sorted(names, key=lambda r: r["name"]),
    }


def failure_reasons(path):
    """[{"name", "reason", "count"}] from locust's failures CSV."""
    import csv

    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{"name": r["Name"], "reason": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(handle)]


def row(name, requests, failures, histogram, duration):
    return {
        "name": name,
        "requests": requests,
        "failures": failures,
        "per_second": round(requests / duration, 2),
        "p50_ms": percentile(histogram, 0.50),
        "p95_ms": percentile(histogram, 0.95),
        "p99_ms": percentile(histogram, 0.99),
    }


def print_report(report):
    print(f"\n{report['users']} 人，{report['seconds']} 秒（此前预热 {report['warmup_seconds']} 秒），gunicorn {report['gunicorn_workers']} 个进程 × {report['gunicorn_threads']} 线程")
    print(f"{'请求':<34}{'次数':>7}{'错误':>6}{'次/秒':>8}{'p50':>8}{'p95':>8}{'p99':>8}  (ms)")
    for item in report["requests"] + [None] + list(report["groups"].items()) + [("合计", report["all"])]:
        if item is None:
            print("-" * 80)
            continue
        name, r = (item["name"], item) if isinstance(item, dict) else item
        print(f"{name:<34}{r['requests']:>7}{r['failures']:>6}{r['per_second']:>8}"
              f"{r['p50_ms'] or 0:>8.0f}{r['p95_ms'] or 0:>8.0f}{r['p99_ms'] or 0:>8.0f}")
    for failure in report["failure_reasons"]:
        print(f"错误：{failure['name']}：{failure['reason']}（{failure['count']} 次）")


if __name__ == "__main__":
    main()
