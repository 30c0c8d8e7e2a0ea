"""Panels and components the views share; each module is one panel or one component."""
