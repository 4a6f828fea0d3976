"""DOA3xx: Application Auto Scaling scaling policies and scalable targets of ECS services."""

KINDS = ("autoscaling-scaling-policy", "autoscaling-scalable-target")
