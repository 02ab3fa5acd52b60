"""Forms of the funding chain, one module per step (the review and budget forms live beside)."""
