"""The Workspace page (see workbench/ui/workspace.py)."""
from workbench.ui.workspace import main

main()
