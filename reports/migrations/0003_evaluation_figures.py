from django.db import migrations, models


class Migration(migrations.Migration):
    """绩效自评: the overview's figures of a self-evaluation report."""

    dependencies = [
        ("reports", "0002_round_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="total_score",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name="自评总分"),
        ),
        migrations.AddField(
            model_name="report",
            name="grade",
            field=models.CharField(blank=True, default="", max_length=2, verbose_name="自评等级"),
        ),
        migrations.AddField(
            model_name="report",
            name="execution_rate",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True,
                                      verbose_name="执行率（%）"),
        ),
        migrations.AddField(
            model_name="report",
            name="review_total",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name="复核总分"),
        ),
        migrations.AddField(
            model_name="report",
            name="review_grade",
            field=models.CharField(blank=True, default="", max_length=2, verbose_name="复核等级"),
        ),
    ]
