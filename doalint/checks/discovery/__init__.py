"""DOA501: AWS Cloud Map service discovery."""

KINDS = ("cloudmap-service",)
