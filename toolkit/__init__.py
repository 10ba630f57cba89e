"""千曲市 情報セキュリティポリシー toolkit.

Pipeline, one folder a stage: ``source`` (YAML → model) → ``model`` (frozen
dataclasses, no I/O) → ``view`` (redaction per audience) → ``render`` (one
module a format).  ``commands`` holds the ``policy`` CLI sub-commands.
"""

__version__ = "0.1.0"
