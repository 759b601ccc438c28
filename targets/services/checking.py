"""The checks of a filing as the pages show them, computed once per content:
the cache key is a digest of the filing/1 document itself and of last year's
results the checks hold it against, so an edit by any path (the editor, an
import, the Django admin) or a change to last year's self-evaluation is
never shown stale."""
from django.core.cache import cache

from targets.checks import run_checks
from targets.checks.registry import context_problems, document_position

from .export_cache import document_digest

# Bump when the rules change, so cached results of the old rules are not used.
RULES_VERSION = 3


def rules_context(filing):
    """What the context rules read beside the document: {"last_year":
    {(project, 三级): LastYear}} from the unit's self-evaluation of the
    year before (reports.previous_year; one query, kept on `filing`)."""
    # Imported here: the reports app builds on the targets models.
    from reports.previous_year import last_year_results

    return {"last_year": last_year_results(filing)}


def filing_problems(filing, document):
    """run_checks(document) with the filing's context, cached by content."""
    context = rules_context(filing)
    last_year = sorted([list(key), list(result)] for key, result in context["last_year"].items())
    key = f"checks:{RULES_VERSION}:{document_digest(document)}:{document_digest(last_year)}"
    problems = cache.get(key)
    if problems is None:
        problems = run_checks(document, context)
        cache.set(key, problems, timeout=3600)
    return problems


def with_context_problems(filing, document, problems):
    """`problems`, found in `document` without a context (the editor's live
    checks of a trial save), with those of the context rules added, all in
    document order."""
    added = context_problems(document, rules_context(filing))
    if not added:
        return problems
    return sorted([*problems, *added], key=lambda p: document_position(document, p.location))
