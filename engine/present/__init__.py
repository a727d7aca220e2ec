"""Presentation: the answer built from a computed graph (steps, LaTeX, messages)."""
