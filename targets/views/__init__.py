"""Pages of the targets app: the staff home and the filing editor."""
