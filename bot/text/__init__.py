"""Free text: normalising, features, redaction, and ranking FAQ topics."""
