"""Field types shared by the filing models."""
from django.db import models

# Amounts and percentages keep their exact written value: 20 digits with 6
# decimals hold any 元 or 万元 amount a budget table carries, to the fen.
AMOUNT_MAX_DIGITS = 20
AMOUNT_DECIMAL_PLACES = 6


def AmountField(verbose_name, **kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        **kwargs,
    )


def OptionalText(verbose_name, **kwargs):
    """A text cell: null when the document has null, "" when it has ""."""
    return models.TextField(verbose_name, null=True, blank=True, **kwargs)
