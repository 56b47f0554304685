"""Pieces both pipeline packages stand on: the Flask extensions, the clock, operations routes."""
