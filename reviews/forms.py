"""The reviewer queue's filters (year, status, region, unit), limited to what
the user may see."""
from django import forms
from django.db.models import Q

from targets.models import FilingStatus
from targets.visibility import filings_for_user, units_for_user
from units.models import Region


def regions_for_user(user):
    """The regions a reviewer's jurisdiction covers (all for an admin)."""
    if user.is_app_admin:
        return Region.objects.all()
    paths = [region.path for region in user.jurisdiction.all()]
    if not paths:
        return Region.objects.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return Region.objects.filter(query)


class QueueFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False)
    region = forms.TypedChoiceField(label="行政区划", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="预算单位", required=False, coerce=int, empty_value=None)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions_for_user(user)}
        years = sorted(set(filings_for_user(user).values_list("year", flat=True)), reverse=True)
        self.fields["year"].choices = [("", "全部年度")] + [(y, f"{y}年") for y in years]
        self.fields["status"].choices = [("", "全部状态")] + list(FilingStatus.choices)
        self.fields["region"].choices = [("", "全部区划")] + [
            (region.pk, "　" * (region.path.count("/") - 2) + region.name)
            for region in sorted(self.regions.values(), key=lambda r: r.path)
        ]
        self.fields["unit"].choices = [("", "全部单位")] + [
            (unit.pk, unit.name) for unit in units_for_user(user).select_related("region")
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def apply(self, filings, with_status=True):
        data = self.cleaned_data
        if data.get("year"):
            filings = filings.filter(year=data["year"])
        if with_status and data.get("status"):
            filings = filings.filter(status=data["status"])
        if data.get("region"):
            filings = filings.filter(unit__region__path__startswith=self.regions[data["region"]].path)
        if data.get("unit"):
            filings = filings.filter(unit_id=data["unit"])
        return filings
