"""Middleware and view decorators for public responses (see README, Layout)."""
