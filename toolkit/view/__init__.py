"""Views of the model per audience.  :func:`redact` is the only place visibility is decided;
:mod:`toolkit.view.visibility` answers questions about it (effective classification, who sees a node,
what a view leaves out)."""

from toolkit.view.redact import effective_classification, hidden_nodes, redact
from toolkit.view.visibility import left_out, node_classifications, node_visibility, sees, shown_texts

__all__ = ["effective_classification", "hidden_nodes", "left_out", "node_classifications", "node_visibility",
           "redact", "sees", "shown_texts"]
