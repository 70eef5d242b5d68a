"""Domain analytics over the warehouse (no I/O of their own)."""
