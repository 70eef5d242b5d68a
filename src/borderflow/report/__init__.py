"""Charts and reports (matplotlib, rendered off-screen)."""
