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
