"""DOA502-DOA503: ALB target groups and listener rules."""

KINDS = ("elbv2-target-group", "elbv2-listener-rules")
