"""`python -m workbench.ui.server run ...`: Streamlit's own command line, with the pages' imports
and the suggestion model warming in a background thread from the first instant, instead of when
the first browser asks for a page (`workbench serve` and the browser tests start the app this way)."""
from __future__ import annotations

if __name__ == "__main__":
    from streamlit.web.cli import main

    from workbench.ui import warm

    warm.start()
    main(prog_name="streamlit")
