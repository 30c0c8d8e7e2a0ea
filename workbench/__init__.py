"""Claim Workbench: an editorial fact-checking workbench."""
from workbench import text_rules

text_rules.install()  # every write, from any edge, follows the text rules
