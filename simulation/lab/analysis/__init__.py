"""Analyses of a sweep's results: QCA, tipping curves, global sensitivity, scenario discovery, the report."""
