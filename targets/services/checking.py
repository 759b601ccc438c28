"""The checks of a filing as the pages show them, computed once per content:
the cache key is a digest of the filing/1 document itself, so an edit by any
path (the editor, an import, the Django admin) is never shown stale."""
from django.core.cache import cache

from targets.checks import run_checks

from .export_cache import document_digest

# Bump when the rules change, so cached results of the old rules are not used.
RULES_VERSION = 2


def filing_problems(filing, document):
    """run_checks(document), cached by the document's content."""
    key = f"checks:{RULES_VERSION}:{document_digest(document)}"
    problems = cache.get(key)
    if problems is None:
        problems = run_checks(document)
        cache.set(key, problems, timeout=3600)
    return problems
