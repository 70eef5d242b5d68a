"""Claims checker: statements about border encounters, checked against the warehouse."""
