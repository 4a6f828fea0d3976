"""DOA4xx: CodeDeploy blue/green and canary deployments, and the ECS AppSpec file."""

KINDS = (
    "codedeploy-appspec",
    "codedeploy-deployment-config",
    "codedeploy-deployment-group",
    "codedeploy-deployment-settings",
)
