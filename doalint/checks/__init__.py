"""Rule implementations, one module per rule, grouped by area.

Every module here is imported by :func:`doalint.engine.registry.load_rules`;
a rule is a module declaring ``RULE = Rule(ID, needs_service=...)`` and a ``check`` function
(doalint.engine.registry); the document kinds ``check`` receives are its catalog entry's
(``rules/catalog/<ID>-<name>.yaml``). An area package lists in ``KINDS`` the kinds of its rules.
"""
