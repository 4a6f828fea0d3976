"""DOA103: the task's cpu/memory equal the service's tier in the catalog."""

from doalint.checks._ecs import parse_cpu, parse_memory
from doalint.engine.registry import Rule, Violation


def _shown(raw: str, value: int, unit: str) -> str:
    """'512 CPU units' or "'0.5 vCPU' (512 CPU units)"."""
    if raw.strip() == str(value):
        return f"{value} {unit}"
    return f"{raw!r} ({value} {unit})"


RULE = Rule("DOA103", needs_service=True)


def check(task, ctx):
    svc = ctx.service
    cpu, memory = parse_cpu(task.cpu), parse_memory(task.memory)
    # A missing, unreadable or non-Fargate size is DOA104's finding: the tier is only
    # compared once the size itself is one Fargate can run.
    if cpu is None or memory is None:
        return
    valid = ctx.facts.fargate.memories_for(cpu)
    if valid is None or memory not in valid:
        return
    if cpu != svc.cpu:
        yield Violation(
            ("cpu",),
            f"cpu is {_shown(task.cpu, cpu, 'CPU units')}; {svc.name}'s tier in the catalog is {svc.cpu} CPU units",
        )
    if memory != svc.memory:
        yield Violation(
            ("memory",),
            f"memory is {_shown(task.memory, memory, 'MiB')}; {svc.name}'s tier in the catalog is {svc.memory} MiB",
        )
