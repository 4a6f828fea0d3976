class UsageError(Exception):
    """A usage, configuration or profile error: one line for the user, exit code 2."""
