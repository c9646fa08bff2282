"""Prefect flows and thin tasks: they find inputs, read and write files, and call ``extractors``."""

import os

# Prefect's temporary local server can take more than its default 20 s to start on a fresh
# PREFECT_HOME (it migrates a new database). Set before Prefect is imported; a user's value wins.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# The temporary local server would otherwise try to send usage telemetry on start; a cleaning
# run makes no network request of its own.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
