"""Quota Doctor: an honest advisor for WeChat micro-loan (微粒贷) limit cuts."""
__version__ = "0.1.0"
