"""doalint: a policy-and-compliance linter for AWS ECS Fargate deployments."""

__version__ = "0.1.0"
