"""Reach: who knows whom among the user's people (``graph``) and the warm paths to someone (``paths``)."""
