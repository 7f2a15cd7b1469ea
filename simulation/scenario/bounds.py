"""The bounds on the whole numbers of every input file and command-line option, stated once.

``trifecta schema`` shows them in each field's ``minimum``/``maximum``; the command line's options use the
same ones. A seed fits numpy's 32-bit seeding; a tick or a number of ticks is at most ``MAX_TICKS`` (some
8,000 years of monthly ticks); replications are at most ``MAX_REPLICATIONS``.
"""

MAX_SEED = 2**32 - 1
MAX_TICKS = 100_000
MAX_REPLICATIONS = 1_000_000
