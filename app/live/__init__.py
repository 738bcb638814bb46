"""Live measurements: polling with per-group rates, point state (min/max, staleness),
unit scaling, ring buffers for trends, CSV logging and phasors read from meters."""
