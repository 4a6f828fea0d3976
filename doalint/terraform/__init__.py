"""Terraform input: an HCL2 parser that keeps positions, a static evaluator, and the
mapping of AWS resources onto doalint's models. Imported only when a run has .tf files."""
