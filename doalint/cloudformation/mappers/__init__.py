"""One module per area: functions decorated with ``@cfn_mapper("AWS::...", kind)``."""
