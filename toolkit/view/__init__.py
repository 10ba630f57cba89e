"""Views of the model per audience.  :func:`redact` is the only place visibility is decided."""

from toolkit.view.redact import effective_classification, hidden_nodes, redact

__all__ = ["effective_classification", "hidden_nodes", "redact"]
