"""Reviewer pages (placeholder until the review workflow lands)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from targets.visibility import filings_for_user

app_name = "reviews"


@login_required
def queue(request):
    filings = filings_for_user(request.user).select_related("unit__region")
    return render(request, "reviews/queue.html", {"filings": filings})


urlpatterns = [path("", queue, name="queue")]
