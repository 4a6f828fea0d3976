"""Names as words, for the front ends and the rules alike (a security group's name and description
say which role it plays: "LoadBalancerSecurityGroup", "alb-sg", "ecs tasks")."""

from __future__ import annotations

import re


def words(*texts) -> str:
    """Names as lower-case words: "LoadBalancerSecurityGroup" -> "load balancer security group"."""
    joined = " ".join(t for t in texts if isinstance(t, str))
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", joined).lower()
