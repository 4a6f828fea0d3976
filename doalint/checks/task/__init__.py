"""DOA1xx: ECS task definitions."""

KINDS = ("ecs-task-definition",)
