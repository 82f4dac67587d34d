"""Models of this app are added by the issue that owns its capability."""
