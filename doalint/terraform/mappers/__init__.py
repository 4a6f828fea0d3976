"""One module per area: functions decorated with ``@mapper(tf_type, kind)`` that read a
Terraform resource through a :class:`~doalint.terraform.resources.Builder` and write the
document of that kind, in AWS API key names."""
