"""Terraform input: an HCL2 parser that keeps positions, a static evaluator, and the
mapping of AWS resources onto doalint's models. Its modules are imported only when a run has
Terraform files; this one only says which files those are."""


def file_kind(name: str) -> str:
    """"tf" for a module file (.tf, .tf.json), "tfvars" for variable values (.tfvars,
    .tfvars.json), "" for any other file."""
    name = name.lower()
    if name.endswith((".tf", ".tf.json")):
        return "tf"
    if name.endswith((".tfvars", ".tfvars.json")):
        return "tfvars"
    return ""


# Parsed .tf files by text, kept while a caller lints the same module again and again (the fixes'
# rounds and checks, the language server): see parse_cache. None: no cache (a plain run parses each
# file once).
PARSE_CACHE = None


class parse_cache:
    """``with parse_cache():`` a .tf file whose text was parsed before in the block is not parsed
    again (the parsed file is never changed by its readers). At most ``size`` files are kept."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size

    def __enter__(self):
        global PARSE_CACHE
        self.saved = PARSE_CACHE
        if PARSE_CACHE is None:
            PARSE_CACHE = _Bounded(self.size)
        return self

    def __exit__(self, *exc) -> None:
        global PARSE_CACHE
        PARSE_CACHE = self.saved


class _Bounded(dict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key, value) -> None:
        if len(self) >= self.size:
            del self[next(iter(self))]  # the oldest
        self[key] = value
