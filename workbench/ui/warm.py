"""Warm the server in the background: import what the pages need and load the suggestion model
while the reviewer's browser connects, so neither the first page nor the first Workspace view pays.

start() is idempotent and safe from any thread; a failure here only means a cold first page."""
from __future__ import annotations

import threading

_started = threading.Event()
_THREAD = "workbench-warm"
WARM_BODY_LIMIT = 20_000  # characters: the newest article's suggestions are made ahead only below this


def _warm() -> None:
    # The pages' imports (pandas, pyarrow, SQLAlchemy and the services): about 6 s cold on this CPU.
    import workbench.ui.reads  # noqa: F401
    from workbench.segment import split_sentences
    from workbench.suggest import load_model, score_texts

    split_sentences("Warm the segmenter. It compiles its patterns on first use.")
    load_model()
    score_texts(["The model answers its first call after loading the ONNX session."])
    _suggest_newest_article()


def _suggest_newest_article() -> None:
    """Make the model's suggestions for the newest article, the one the Articles page offers first;
    a long one is left for when it is opened (its scoring would take the CPU from the first clicks)."""
    from workbench import articles
    from workbench.database import read_session
    from workbench.ui import reads

    with read_session() as s:
        newest = articles.list_articles(s, limit=1)
        found = articles.get_article(s, newest[0].id) if newest else None
        if found is None or len(found.body) > WARM_BODY_LIMIT:
            return
        article_id, version = found.id, found.version
    reads._model_suggestions(article_id, version)


def _not_from_this_thread(record) -> bool:
    # The suggestions' cache shows a spinner, which needs a page: outside one Streamlit warns, harmlessly.
    return threading.current_thread().name != _THREAD


def _run() -> None:
    import logging
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        _not_from_this_thread)
    try:
        _warm()
    except Exception:  # noqa: BLE001 - a warm-up must never take the server down
        logging.getLogger(__name__).warning("warm-up failed; the first page will be slower", exc_info=True)


def start() -> None:
    """Start warming in a daemon thread, once per process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_run, name=_THREAD, daemon=True).start()
