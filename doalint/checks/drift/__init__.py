"""DOA960: drift between the files and what an account runs (scan-aws --compare). These rules
receive a doalint.live.drift.Drift."""

KINDS = ("drift",)
