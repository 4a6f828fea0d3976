"""DOA7xx: security groups (Terraform, CloudFormation, describe-security-groups output)."""

KINDS = ("ec2-security-group",)
