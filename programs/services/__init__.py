"""Writes to programs. Each function is typed, keyword-only and named <noun>_<verb>."""
