"""Device-model logic that needs no link: numbering schemes, settings rules, derived values."""
