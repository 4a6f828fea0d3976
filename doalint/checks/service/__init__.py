"""DOA2xx: ECS services and the rolling deployment configuration."""

KINDS = ("ecs-service", "ecs-deployment-configuration")
