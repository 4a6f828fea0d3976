"""DOA801: the ECS cluster."""

KINDS = ("ecs-cluster",)
