"""Forecasts of monthly encounters: models, coherent hierarchies, calibrated intervals,
backtests and a stored track record."""
