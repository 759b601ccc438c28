"""运行监控 and 绩效自评: the reports a unit files on its approved targets
during and after the year (see reports/fields.py for what they hold)."""
