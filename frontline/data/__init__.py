"""Data tables shipped with Frontline (read with importlib.resources)."""
