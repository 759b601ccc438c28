"""Keep a web process's long-lived objects out of the garbage collector's
full passes.

A full (generation 2) collection walks every object that can hold
references. In a process that has set Django up and loaded its URLs and
templates, ~100,000 of them live as long as the process (modules, classes,
URL patterns, compiled templates), yet every full pass walks them again:
measured ~80 ms a pass, about every 70 page views, with all of the
process's threads waiting behind it; ~15 ms with them frozen
(docs/performance.md).

gc.freeze() moves every object alive now to a permanent generation that
collections skip. Collect first, so that no garbage is frozen with them.
gunicorn workers call it once their application and URLs are loaded and
again after their first requests (config/gunicorn.conf.py). What becomes
garbage later is still freed by reference counting; only cycles among
frozen objects would stay, and workers are replaced after a few thousand
requests. (The PDF renderers gain ~1 % of their instructions from it:
not done there.)
"""
import gc


def freeze():
    gc.collect()
    gc.freeze()


class FreezeAfter:
    """Call once per event (a request, a render): freezes after the
    `count`-th, once the process has loaded what it loads lazily."""

    def __init__(self, count):
        self.count = count
        self.seen = 0
        self.done = False

    def __call__(self):
        # Threads may count at once: ">=" so that none can step over it.
        self.seen += 1
        if self.seen >= self.count and not self.done:
            self.done = True
            freeze()
