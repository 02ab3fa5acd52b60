"""Forms of the funding chain, one module per step: applications, review, budget."""
