"""The reviewer queue's filters (year, status, region, unit, unit name),
limited to what the user may see."""
from django import forms
from django.db.models import Q

from targets.models import FilingStatus
from targets.widgets import FastSelect
from targets.visibility import units_for_user

from .workspace import RegionTree, years_for_user

# The 「预算单位」 list names every unit of the chosen region (or of the
# whole reach) only up to this many; a province's thousands of options made
# the page slow and unusable. Beyond it: choose a region, or search by name.
UNIT_CHOICES_LIMIT = 300


class QueueFilterForm(forms.Form):
    # The lists hold up to hundreds of regions and units: written without a
    # template per option.
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, widget=FastSelect)
    status = forms.ChoiceField(label="状态", required=False, widget=FastSelect)
    region = forms.TypedChoiceField(label="行政区划", required=False, coerce=int, empty_value=None,
                                    widget=FastSelect)
    unit = forms.TypedChoiceField(label="预算单位", required=False, coerce=int, empty_value=None,
                                  widget=FastSelect)
    q = forms.CharField(label="单位名称或编码", required=False, max_length=100, widget=forms.SearchInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.tree = RegionTree(user)
        self.regions = self.tree.regions
        self.fields["year"].choices = [("", "全部年度")] + [(y, f"{y}年") for y in years_for_user(user)]
        self.fields["status"].choices = [("", "全部状态")] + list(FilingStatus.choices)
        self.fields["region"].choices = [("", "全部区划")] + [
            (region.pk, "　" * (region.path.count("/") - 2) + region.name)
            for region in sorted(self.regions.values(), key=lambda r: r.path)
        ]
        self.unit_list_cut = False
        self.fields["unit"].choices = [("", "全部单位")] + self._unit_choices()
        if self.unit_list_cut:
            self.fields["unit"].widget.attrs["aria-describedby"] = "unit-hint"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs.update({"class": "form-control form-control-sm", "placeholder": "名称或编码"})

    def _raw_int(self, name):
        value = (self.data or {}).get(name) if self.is_bound else None
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def _unit_choices(self):
        """Units of the chosen region (or of the reach) up to the limit, and
        the chosen unit whatever its region, if it is in reach."""
        units = units_for_user(self.user)
        region = self.regions.get(self._raw_int("region"))
        if region is not None:
            units = units.filter(region__path__startswith=region.path)
        listed = list(units.order_by("region__path", "code", "name", "pk")
                      .values_list("pk", "name")[: UNIT_CHOICES_LIMIT + 1])
        if len(listed) > UNIT_CHOICES_LIMIT:
            self.unit_list_cut = True
            listed = []
        chosen = self._raw_int("unit")
        if chosen is not None and chosen not in {pk for pk, _ in listed}:
            listed += list(units_for_user(self.user).filter(pk=chosen).values_list("pk", "name"))
        return listed

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
        if data.get("q"):
            text = data["q"]
            filings = filings.filter(
                Q(unit_name__icontains=text) | Q(unit__name__icontains=text) | Q(unit__code__icontains=text))
        return filings
