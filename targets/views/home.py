"""Each role's landing page after login."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render

from reviews.models import Comment
from targets.services.status import filing_summaries
from targets.visibility import filings_for_user


@login_required
def home(request):
    if not request.user.is_unit_staff:
        return redirect("reviews:queue")
    filings = filings_for_user(request.user).select_related("unit__region").order_by("-year")
    unit = request.user.unit
    open_comments = dict(Comment.objects.filter(filing__in=filings, closed_at__isnull=True)
                         .order_by().values_list("filing").annotate(n=Count("pk")))
    rows = [(summary, open_comments.get(summary.filing.pk, 0)) for summary in filing_summaries(unit, filings)]
    return render(
        request,
        "targets/staff_home.html",
        {"unit": unit, "rows": rows, "next_year": _next_year(filings)},
    )


def _next_year(filings):
    from django.utils import timezone

    this_year = timezone.localdate().year
    years = {filing.year for filing in filings}
    candidate = this_year + 1
    while candidate in years:
        candidate += 1
    return candidate
