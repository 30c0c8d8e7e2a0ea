"""`workbench claim ...` and `workbench ratings`: make, edit and review claims."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from workbench import audit, citations, claims, concurrency, review
from workbench.cli import Actor, VersionOpt, app, claim_app, latest_version, say, unit_of_work


@claim_app.command("add")
def claim_add(article_id: Annotated[int, typer.Argument(help="The article's id.")], actor: Actor,
              quote: Annotated[Optional[str], typer.Option(help="Words of the article to anchor the claim to.")] = None,
              start: Annotated[Optional[int], typer.Option(help="Start offset (with --end).")] = None,
              end: Annotated[Optional[int], typer.Option(help="End offset (with --start).")] = None,
              sentence: Annotated[Optional[int], typer.Option(help="Sentence number, from 1.")] = None,
              text: Annotated[Optional[str], typer.Option(help="The claim as you word it (default: the quote).")] = None,
              claimant: Annotated[Optional[str], typer.Option(help="Who made the claim.")] = None,
              claimant_kind: Annotated[Optional[str], typer.Option(help="Person or Organization (ClaimReview's type of the claimant).")] = None,
              claim_type: Annotated[str, typer.Option("--type", help=f"One of: {', '.join(claims.CLAIM_TYPES)}.")] = "other") -> None:
    """Create a claim from a quote, from offsets, or from a sentence number.

    \b
    Example:
        workbench claim add 1 --quote "an estimated 70% of people" --claimant Stewart --type statistic --actor rita
        workbench claim add 1 --sentence 4 --claimant "Ministry of Health" --claimant-kind Organization --actor rita
    """
    fields = {"text": text, "claimant": claimant, "claim_type": claim_type, "claimant_kind": claimant_kind}
    with unit_of_work() as session:
        if quote:
            claim = claims.create_claim_from_quote(session, article_id=article_id, quote=quote, actor=actor, **fields)
        elif start is not None and end is not None:
            claim = claims.create_claim(session, article_id=article_id, start=start, end=end, actor=actor, **fields)
        elif sentence is not None:
            claim = claims.create_claim_from_sentence(session, article_id=article_id,
                                                      sentence_index=sentence - 1, actor=actor, **fields)
        else:
            raise typer.BadParameter("give --quote, or --start and --end, or --sentence.")
        say(f"Created claim #{claim.id} at {claim.start}-{claim.end}: \u201c{claim.quote}\u201d")


@claim_app.command("edit")
def claim_edit(claim_id: int, actor: Actor, version: VersionOpt = None,
               text: Annotated[Optional[str], typer.Option(help="New wording.")] = None,
               claimant: Annotated[Optional[str], typer.Option(help="Who made the claim.")] = None,
               claimant_kind: Annotated[Optional[str], typer.Option(help="Person or Organization.")] = None,
               claim_type: Annotated[Optional[str], typer.Option("--type", help="Claim type.")] = None,
               assignee: Annotated[Optional[str], typer.Option(help="Who checks it.")] = None) -> None:
    """Edit a claim's wording, claimant, type or assignee.

    \b
    Example:
        workbench claim edit 3 --claimant Krystal --type health/medical --actor rita
        workbench claim edit 3 --claimant "WHO" --claimant-kind Organization --actor rita
    """
    fields = {k: v for k, v in {"text": text, "claimant": claimant, "claimant_kind": claimant_kind,
                                "claim_type": claim_type,
                                "assignee": assignee}.items() if v is not None}
    with unit_of_work() as session:
        claim = claims.update_claim(session, claim_id=claim_id, actor=actor,
                                    expected_version=latest_version(session, claim_id, version, actor), **fields)
        say(f"Saved claim #{claim.id} (version {claim.version}).")


@claim_app.command("delete")
def claim_delete(claim_id: int, actor: Actor, version: VersionOpt = None) -> None:
    """Delete a claim and its citations (kept in the history).

    \b
    Example:
        workbench claim delete 3 --actor rita
    """
    with unit_of_work() as session:
        claims.delete_claim(session, claim_id=claim_id, actor=actor,
                            expected_version=latest_version(session, claim_id, version, actor))
    say(f"Deleted claim #{claim_id}.")


@claim_app.command("split")
def claim_split(claim_id: int, actor: Actor, at: Annotated[Optional[int], typer.Option(help="Body offset to split at; without it, split into sentences.")] = None,
                version: VersionOpt = None) -> None:
    """Split a claim in two at an offset, or into its sentences.

    \b
    Example:
        workbench claim split 3 --at 180 --actor rita
    """
    with unit_of_work() as session:
        v = latest_version(session, claim_id, version, actor)
        if at is None:
            parts = claims.split_claim_into_sentences(session, claim_id=claim_id, expected_version=v, actor=actor)
        else:
            parts = claims.split_claim(session, claim_id=claim_id, at=at, expected_version=v, actor=actor)
        say("Now claims " + ", ".join(f"#{c.id}" for c in parts) + ".")


@claim_app.command("merge")
def claim_merge(first_id: int, second_id: int, actor: Actor) -> None:
    """Merge a claim with the next one in reading order.

    \b
    Example:
        workbench claim merge 3 4 --actor rita
    """
    with unit_of_work() as session:
        merged = claims.merge_claims(session, first_id=first_id, second_id=second_id, actor=actor,
                                     first_version=latest_version(session, first_id, None, actor),
                                     second_version=latest_version(session, second_id, None, actor))
        say(f"Merged into claim #{merged.id}: \u201c{merged.quote}\u201d")


@claim_app.command("cite")
def claim_cite(claim_id: int, actor: Actor,
               url: Annotated[str, typer.Option(help="http(s) address of the evidence.")],
               stance: Annotated[str, typer.Option(help="supports, refutes or context.")] = "supports",
               title: Annotated[Optional[str], typer.Option(help="Title of the source.")] = None,
               publisher: Annotated[Optional[str], typer.Option(help="Publisher.")] = None,
               published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
               passage: Annotated[Optional[str], typer.Option(help="The quoted passage.")] = None,
               source_type: Annotated[str, typer.Option(help=f"One of: {', '.join(citations.SOURCE_TYPES)}.")] = "other",
               note: Annotated[Optional[str], typer.Option(help="A note for the desk.")] = None) -> None:
    """Attach a citation (evidence) to a claim.

    \b
    Example:
        workbench claim cite 3 --url https://doi.org/10.1000/x --stance supports --source-type "peer-reviewed study" --actor rita
    """
    with unit_of_work() as session:
        c = citations.add_citation(session, claim_id=claim_id, actor=actor, url=url, stance=stance,
                                   title=title, publisher=publisher, published=published,
                                   quoted_passage=passage, source_type=source_type, note=note)
        say(f"Added citation #{c.id} to claim #{claim_id}.")


@claim_app.command("uncite")
def claim_uncite(citation_id: int, actor: Actor, version: VersionOpt = None) -> None:
    """Remove a citation.

    \b
    Example:
        workbench claim uncite 7 --actor rita
    """
    with unit_of_work() as session:
        if version is None:
            citation = citations.require_citation(session, citation_id)
            version = concurrency.version_to_edit(session, citation, actor=actor, entity="citation",
                                                  label=f"Citation #{citation_id}")
        citations.remove_citation(session, citation_id=citation_id, actor=actor, expected_version=version)
    say(f"Removed citation #{citation_id}.")


@claim_app.command("verdict")
def claim_verdict(claim_id: int, actor: Actor,
                  rating: Annotated[str, typer.Option(help="A label of the rating scale (see `workbench ratings`).")],
                  rationale: Annotated[str, typer.Option(help="Why: the reasoning readers will see.")],
                  version: VersionOpt = None) -> None:
    """Give a claim a verdict with a rationale.

    \b
    Example:
        workbench claim verdict 3 --rating "Mostly true" --rationale "The 2023 cohort study found 28%." --actor rita
    """
    with unit_of_work() as session:
        c = review.set_verdict(session, claim_id=claim_id, rating=rating, rationale=rationale, actor=actor,
                               expected_version=latest_version(session, claim_id, version, actor))
        say(f"Claim #{c.id}: {rating} (status {c.status}).")


def _move(action: str):
    def command(claim_id: int, actor: Actor, version: VersionOpt = None) -> None:
        with unit_of_work() as session:
            c = review.transition(session, claim_id=claim_id, action=action, actor=actor,
                                  expected_version=latest_version(session, claim_id, version))
            say(f"Claim #{c.id} is now {c.status}.")
    return command


for _action, _help in [("submit", "Send a draft or reopened claim for review."),
                       ("check", "Mark a claim checked (needs a verdict, a rationale and a citation)."),
                       ("approve", "Approve a checked claim (not by the person who gave the verdict)."),
                       ("reopen", "Reopen a checked or approved claim.")]:
    _cmd = _move(_action)
    _cmd.__doc__ = f"{_help}\n\n    Example:\n        workbench claim {_action} 3 --actor sam\n    "
    claim_app.command(_action)(_cmd)


@claim_app.command("history")
def claim_history(claim_id: int) -> None:
    """Show who changed what on a claim, oldest first.

    \b
    Example:
        workbench claim history 3
    """
    with unit_of_work() as session:
        claims.require_claim(session, claim_id)
        for e in audit.claim_history(session, claim_id):
            fields = ", ".join(e.changes)
            say(f"{e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action} {e.entity} #{e.entity_id} ({fields})")


@app.command()
def ratings() -> None:
    """List the rating scale with its ClaimReview values.

    \b
    Example:
        workbench ratings
    """
    with unit_of_work() as session:
        for r in review.rating_scale(session):
            value = r.rating_value if r.rating_value is not None else "-"
            say(f"{r.label}\t{value}\t{r.alternate_name}")
