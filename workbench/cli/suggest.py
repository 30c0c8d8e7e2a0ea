"""`workbench suggest` and `workbench checkworthiness`: claim suggestions and bulk check-worthiness scoring."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli import app, echo_json, reported_errors

_FIELDS = ("start", "end", "quote", "score", "type", "claimant", "reasons", "claimant_kind", "claimant_span",
           "harm", "harm_reason")
_ALL_FIELDS = ("checkworthy", "left_out")
_CHUNK = 256  # sentences per scoring call, so the progress bar moves


def _read_text(path: str) -> str:
    from workbench.ingest import MAX_FILE_BYTES

    if path == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise typer.BadParameter(f"standard input is over the limit of {MAX_FILE_BYTES:,} bytes")
        return data.decode("utf-8", errors="replace")
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:  # before reading it
            raise typer.BadParameter(f"{path} is over the limit of {MAX_FILE_BYTES:,} bytes")
        return Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise typer.BadParameter(f"cannot read {path} as UTF-8 text: {e}") from e


@app.command()
def suggest(
    path: Annotated[str, typer.Argument(help="Article text file (UTF-8), or - for stdin.")],
    all_sentences: Annotated[bool, typer.Option(
        "--all-sentences", help="Print every sentence with its score, a boolean `checkworthy` and, for a "
                                "sentence not suggested, why in `left_out`.")] = False,
    by_harm: Annotated[bool, typer.Option(
        "--by-harm", help="Order by harm (high, medium, low), then score, instead of reading order.")] = False,
) -> None:
    """Suggest the claims worth checking in an article, one JSON object per line in reading order.

    Offsets are Python str indices (code points) into the file text, so text[start:end] == quote;
    claimant_span gives the offsets the claimant was read from. harm is high, medium or low, with harm_reason.

    \b
    Example:
        workbench suggest workbench/data/ketamine-therapy.txt
        cat article.txt | workbench suggest - --all-sentences
        workbench suggest article.txt --by-harm
    """
    from workbench.suggest import rank_by_harm, suggest_claims

    body = _read_text(path)
    with reported_errors():
        found = suggest_claims(body, all_sentences=all_sentences)
    for s in rank_by_harm(found) if by_harm else found:
        row = {k: v for k, v in asdict(s).items() if k in _FIELDS or (all_sentences and k in _ALL_FIELDS)}
        echo_json(row, indent=None)


@app.command()
def checkworthiness(
    tsv: Annotated[str, typer.Argument(help="CheckThat! TSV (Sentence_id, Text, optional class_label), or -.")],
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Score sentences of a CheckThat! TSV: prints `Sentence_id<TAB>Yes|No<TAB>score` per row.

    When the file has a class_label column, precision, recall and F1 of the Yes class go to stderr.

    \b
    Example:
        workbench checkworthiness CT24_checkworthy_english_dev-test.tsv > predictions.tsv
    """
    import numpy as np
    from tqdm import tqdm

    from workbench.suggest import THRESHOLD, score_texts
    from workbench.suggest.checkthat import gold_labels, parse_rows, prf

    try:
        rows = parse_rows(_read_text(tsv))
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    texts = [r["Text"] for r in rows]
    scores = np.zeros(len(texts))
    with tqdm(total=len(texts), unit="sent", file=sys.stderr, disable=not progress or len(texts) < 2000) as bar:
        for i in range(0, len(texts), _CHUNK):
            scores[i:i + _CHUNK] = score_texts(texts[i:i + _CHUNK])
            bar.update(len(texts[i:i + _CHUNK]))
    for r, s in zip(rows, scores):
        typer.echo(f"{r['Sentence_id']}\t{'Yes' if s >= THRESHOLD else 'No'}\t{s:.4f}")
    gold = gold_labels(rows)
    if gold is not None:
        p, r, f = prf(gold, scores >= THRESHOLD)
        typer.echo(f"precision={p:.3f} recall={r:.3f} F1={f:.3f} (threshold {THRESHOLD:.3f}, n={len(rows)})",
                   err=True)

