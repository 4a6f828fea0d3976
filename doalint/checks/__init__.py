"""Rule implementations, one module per rule, grouped by area.

Every module here is imported by :func:`doalint.engine.registry.load_rules`;
a rule is a module declaring ``RULE = Rule(ID, kinds=...)`` and a ``check`` function (doalint.engine.registry).
"""
