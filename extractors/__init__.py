"""Pure extraction functions: raw page bytes in, a clean article record or a reject out.

Nothing in this package imports Prefect, touches the network or writes files.
"""

__version__ = "0.5.2"
