"""Shelter capacity planning: occupancy simulation, sizing, validation (no I/O but inputs)."""
