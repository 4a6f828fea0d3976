"""DOA8xx: monitoring (CloudWatch alarms)."""

KINDS = ("cloudwatch-alarm",)
