"""The worker process: runs the timed work of both pipeline halves from database rows."""
