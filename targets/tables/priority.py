"""CPU priority of the processes that render tables in the background.

A PDF takes 0.1–0.2 s of CPU a page, a whole filing a second or more, a
year's bulk export minutes of both cores. People opening pages wait for
tens of milliseconds of CPU each; when both are asked for at once, the
pages should go first. The PDF worker of each web process and the children
of a bulk export therefore lower their own priority (Unix niceness, 10 by
default: under contention the kernel gives a nice-0 process about nine
times the CPU of a nice-10 one). On an idle machine they run as fast as
before.

Set TABLES_RENDER_NICENESS (DJANGO_RENDER_NICENESS) to 0 to turn this off.
"""
import os

from django.conf import settings


def lower_priority():
    """Lower this process's CPU priority by the configured niceness.
    A process can only lower its own priority, so calling this in a
    process that already did raises it no further than the system allows."""
    increment = getattr(settings, "TABLES_RENDER_NICENESS", 10)
    if increment > 0:
        try:
            os.nice(increment)
        except OSError:
            pass  # not permitted here (some containers): render at normal priority
