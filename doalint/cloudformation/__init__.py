"""CloudFormation templates: intrinsic functions resolved statically, resources mapped onto
doalint's document kinds. Imported only when a run meets a template."""
