"""Build tools that are not part of the running app (see each script's docstring)."""
