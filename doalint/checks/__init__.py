"""Rule implementations, one module per rule, grouped by area.

Every module here is imported by :func:`doalint.engine.registry.load_rules`;
a rule is a function decorated with :func:`doalint.engine.registry.rule`.
"""
