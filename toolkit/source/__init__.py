"""Reading and writing the canonical source (``policy_src/``, YAML)."""
