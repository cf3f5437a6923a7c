"""Protected sites on the staff site (verifiers and admins only)."""
