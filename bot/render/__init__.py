"""Rendering: pages from templates, plain text for text-only channels, the limit chart."""
