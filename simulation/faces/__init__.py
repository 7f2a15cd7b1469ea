"""The faces: the command line, plots and plain-language reports."""
