"""Helpers shared by the DOA3xx rules."""

from __future__ import annotations

from typing import Optional

from doalint.checks._show import number

# Application Auto Scaling has a high-resolution (sub-minute) variant of some predefined
# metrics, named by this suffix (ECSServiceAverageCPUUtilizationHighResolution); it
# measures the same thing, so the standard's target applies to it too.
HIGH_RESOLUTION_SUFFIX = "HighResolution"

TT = "TargetTrackingScalingPolicyConfiguration"


def tracking(policy, metric: Optional[str] = None):
    """The policy's target tracking configuration, if it has one (and, when ``metric``
    is given, it tracks that predefined metric or its high-resolution variant)."""
    tt = policy.TargetTrackingScalingPolicyConfiguration
    if tt is None:
        return None
    if metric is not None and tt.metric_type() not in (metric, metric + HIGH_RESOLUTION_SUFFIX):
        return None
    return tt


def target_value(policy, metric: str, want, what: str):
    """(path, message) when the policy tracks ``metric`` at a target other than ``want``."""
    tt = tracking(policy, metric)
    if tt is None:
        return None
    path = (TT, "TargetValue")
    if tt.TargetValue is None:
        return path, f"TargetValue is not set; the standard's {what} target for {tt.metric_type()} is {want}"
    if tt.TargetValue != want:
        return path, (f"TargetValue is {number(tt.TargetValue)} for {tt.metric_type()}; the standard's {what} "
                      f"target is {number(want)}")
    return None


def target_fix(path, want):
    """The fix of a target tracking policy's TargetValue: the standard's target."""
    from doalint.fixes import Fix, Set

    return Fix(f"set TargetValue to {number(want)}", [Set(path, want)])
