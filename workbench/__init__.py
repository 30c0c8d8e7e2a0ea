"""Claim Workbench: an editorial fact-checking workbench."""
