"""What a unit's home page shows about each filing: status, open problems
and the deadline."""
from dataclasses import dataclass

from targets.checks import ERROR
from targets.interchange import export_document, filings_for_export
from targets.models import Deadline

from .checking import filing_problems


@dataclass
class FilingSummary:
    filing: object
    errors: int
    warnings: int
    deadline: object


def problem_counts(filing, document):
    problems = filing_problems(filing, document)  # cached by content, as the filing's own pages
    errors = sum(1 for p in problems if p.severity == ERROR)
    return errors, len(problems) - errors


def filing_summaries(unit, filings):
    filings = list(filings_for_export(filings))
    # The checks compare each year's targets with the year before's
    # self-evaluation: read those for every filing in one query.
    from reports.previous_year import prime_last_year_results  # reports builds on targets

    prime_last_year_results(filings)
    deadlines = Deadline.for_unit(unit, {f.year for f in filings} | {max([f.year for f in filings], default=0) + 1})
    summaries = []
    for filing in filings:
        errors, warnings = problem_counts(filing, export_document(filing))
        summaries.append(FilingSummary(filing, errors, warnings, deadlines.get(filing.year)))
    return summaries
