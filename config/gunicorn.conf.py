"""gunicorn settings for production (README) and the load test
(scripts/loadtest.py): .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

Threaded workers (gthread): a request that waits for something outside its
process (its PDF from the web process's PDF worker, the database) leaves
the worker's other threads serving pages. With plain sync workers, three
people downloading filing PDFs held all three workers for seconds and every
page view queued behind them (load test, docs/performance.md).

Each thread keeps its own database connection (CONN_MAX_AGE): PostgreSQL
sees workers × threads connections per app server.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Python runs one thread at a time per process: two processes per core, so
# that a core is not idle while a process waits (database, PDF worker), and
# four threads each, so that a process whose threads wait for PDFs still
# serves pages. Measured with the load test on 2 cores (docs/performance.md):
# 3 sync workers p95 1.4 s, 3 x 4 threads 480 ms, 4 x 2 370-680 ms,
# 4 x 4 330 ms, 5 x 4 370 ms (page views, same code and data).
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
# Whole-filing PDFs of large filings take seconds; nothing takes minutes.
timeout = 120
# Longer than the pause between two requests of a person (and than the
# proxy's own idle timeout to us), so that a kept-alive connection is not
# closed by us just as the next request is sent on it.
keepalive = 75
# Workers are replaced now and then, so that no process grows for ever.
max_requests = 5000
max_requests_jitter = 500
# nginx in front terminates TLS on the same machine and says so.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


# Python's full garbage collections walked every object Django had loaded
# (~80 ms each, all of a worker's threads waiting): freeze what a worker
# keeps, once its application and URLs are loaded and again once the first
# requests have compiled the templates (config/long_lived.py).
_freeze_after_requests = None


def post_worker_init(worker):
    global _freeze_after_requests
    from django.urls import get_resolver

    from config.long_lived import FreezeAfter, freeze

    get_resolver().url_patterns  # loaded on the first request otherwise
    freeze()
    _freeze_after_requests = FreezeAfter(200)


def post_request(worker, req, environ, resp):
    if _freeze_after_requests is not None:
        _freeze_after_requests()
