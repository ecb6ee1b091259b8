"""Numbers that are commitments: quantities, measure words, horizons, metrics, targets."""
