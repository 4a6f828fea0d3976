"""DOA104: the task's cpu/memory are a combination Fargate offers."""

from doalint.checks._ecs import parse_cpu, parse_memory
from doalint.engine.registry import Rule, Violation


def _memory_choices(size) -> str:
    """The memory values Fargate offers with one CPU size, in words."""
    if size.memory is not None:
        return ", ".join(str(m) for m in size.memory) + " MiB"
    return f"{size.min}-{size.max} MiB in steps of {size.step}"


def _shown(raw: str, value: int, unit: str) -> str:
    """'4096 MiB' for a plain number, "'4 GB' (4096 MiB)" otherwise."""
    if raw.strip() == str(value):
        return f"{value} {unit}"
    return f"{raw!r} ({value} {unit})"


def _tier_hint(ctx) -> str:
    svc = ctx.service
    if svc is None:
        return ""
    return f"; {svc.name}'s tier in the catalog is {svc.cpu} CPU units / {svc.memory} MiB"


RULE = Rule("DOA104", needs_service=False)


def check(task, ctx):
    sizes = ctx.facts.fargate.sizes
    hint = _tier_hint(ctx)
    cpu = parse_cpu(task.cpu)
    memory = parse_memory(task.memory)

    if task.cpu is None:
        yield Violation(("cpu",), f"cpu is not set, and Fargate requires task-level cpu and memory{hint}")
    elif cpu is None:
        yield Violation(
            ("cpu",),
            f"cpu {task.cpu!r} is not a CPU size (write CPU units such as '1024' or vCPUs such as '1 vCPU'){hint}",
        )
    if task.memory is None:
        yield Violation(("memory",), f"memory is not set, and Fargate requires task-level cpu and memory{hint}")
    elif memory is None:
        yield Violation(
            ("memory",),
            f"memory {task.memory!r} is not a memory size (write MiB such as '2048' or GB such as '2 GB'){hint}",
        )
    if cpu is None:
        return

    size = next((s for s in sizes if s.cpu == cpu), None)
    if size is None:
        offered = ", ".join(str(s.cpu) for s in sizes)
        yield Violation(
            ("cpu",),
            f"cpu is {_shown(task.cpu, cpu, 'CPU units')}, which is not a Fargate task size "
            f"(Fargate offers {offered}){hint}",
        )
        return
    if memory is not None and memory not in size.memories():
        yield Violation(
            ("memory",),
            f"memory is {_shown(task.memory, memory, 'MiB')}, which Fargate does not offer with {cpu} CPU units "
            f"(valid: {_memory_choices(size)}){hint}",
        )
