"""The checks of a filing as the pages show them, computed once per saved
version: every save bumps Filing.version, so a cached result is never
stale."""
from django.core.cache import cache

from targets.checks import run_checks

# Bump when the rules change, so cached results of the old rules are not used.
RULES_VERSION = 1


def filing_problems(filing, document):
    """run_checks(document) of the filing's current version."""
    if filing.pk is None:
        return run_checks(document)
    # created_at tells a filing apart from an earlier one that had the same
    # id (a restored database, a test's rolled-back transaction).
    stamp = filing.created_at.timestamp() if filing.created_at else ""
    key = f"checks:{RULES_VERSION}:{filing.pk}:{filing.version}:{stamp}"
    problems = cache.get(key)
    if problems is None:
        problems = run_checks(document)
        cache.set(key, problems, timeout=3600)
    return problems
