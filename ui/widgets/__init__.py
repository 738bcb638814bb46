"""Reusable Qt widgets: plots (waveforms, phasors, harmonics) and their styling."""
