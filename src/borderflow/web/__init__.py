"""The dashboard pages, served by the API process."""
