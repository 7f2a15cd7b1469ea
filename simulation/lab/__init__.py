"""The lab: running scenarios, and storing their results with provenance."""
