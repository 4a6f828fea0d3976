"""DOA9xx: across documents. These rules receive the run's Project (doalint.project)."""

KINDS = ("project",)
