"""Claim suggestions: rank an article's sentences worth checking, with type, claimant and reasons."""
from __future__ import annotations

from workbench.suggest.model import load_model, score_texts, shipped_threshold
from workbench.suggest.harm import triage_key
from workbench.suggest.pipeline import Suggestion, rank_by_harm, suggest_claims

THRESHOLD: float = shipped_threshold()

__all__ = ["THRESHOLD", "Suggestion", "load_model", "rank_by_harm", "score_texts", "suggest_claims", "triage_key"]
