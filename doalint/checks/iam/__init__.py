"""DOA6xx: IAM policies of the ECS task execution role and task roles."""

KINDS = ("iam-policy",)
