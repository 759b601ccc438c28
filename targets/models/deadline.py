"""Filing deadlines (申报截止日期) a finance bureau sets for its region."""
from django.db import models


class Deadline(models.Model):
    region = models.ForeignKey(
        "units.Region", verbose_name="行政区划", on_delete=models.CASCADE, related_name="deadlines"
    )
    year = models.PositiveSmallIntegerField("预算年度")
    due_date = models.DateField("截止日期")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "申报截止日期"
        verbose_name_plural = "申报截止日期"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="one_deadline_per_region_year")]

    def __str__(self):
        return f"{self.region} {self.year}年 截止 {self.due_date}"

    @classmethod
    def for_unit(cls, unit, years):
        """{year: Deadline} for a unit: the deadline of the nearest region
        above it that set one. One query."""
        ids = [int(i) for i in unit.region.path.strip("/").split("/") if i]
        depth = {region_id: position for position, region_id in enumerate(ids)}
        found = {}
        for deadline in cls.objects.filter(region_id__in=ids, year__in=list(years)):
            current = found.get(deadline.year)
            if current is None or depth[deadline.region_id] > depth[current.region_id]:
                found[deadline.year] = deadline
        return found
