"""Warm the server in the background: import what the pages need and load the suggestion model
while the reviewer's browser connects, so neither the first page nor the first Workspace view pays.

start() is idempotent and safe from any thread; a failure here only means a cold first page."""
from __future__ import annotations

import threading

_started = threading.Event()


def _warm() -> None:
    # The pages' imports (pandas, pyarrow, SQLAlchemy and the services): about 6 s cold on this CPU.
    import workbench.ui.reads  # noqa: F401
    from workbench.segment import split_sentences
    from workbench.suggest import load_model, score_texts

    split_sentences("Warm the segmenter. It compiles its patterns on first use.")
    load_model()
    score_texts(["The model answers its first call after loading the ONNX session."])


def _run() -> None:
    try:
        _warm()
    except Exception:  # noqa: BLE001 - a warm-up must never take the server down
        import logging
        logging.getLogger(__name__).warning("warm-up failed; the first page will be slower", exc_info=True)


def start() -> None:
    """Start warming in a daemon thread, once per process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_run, name="workbench-warm", daemon=True).start()
