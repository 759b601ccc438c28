"""The rules of the reports: warning lights of 运行监控 (lights) and scores of
绩效自评 (scoring), their thresholds as data (config). Pure Python: no
models, no database; docs/monitoring-rules.md and docs/evaluation-rules.md
state them."""
