"""DOA0xx: input rules that apply to every document kind."""

KINDS = None  # every kind
