"""The fact-check report as one self-contained, printable HTML page: inline styles, no scripts but
the ClaimReview JSON-LD, every piece of user text escaped and only http(s) links."""
from __future__ import annotations

from html import escape

from workbench.transfer.claimreview import script_tag
from workbench.transfer.report import CheckedClaim, Report, safe_link, when

_STYLE = """
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6470; --line: #d9dee4; --paper: #fff; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f7; color: var(--ink);
       font: 16px/1.55 Georgia, "Times New Roman", serif; }
main { max-width: 860px; margin: 2rem auto; background: var(--paper); padding: 2.5rem 3rem;
       border: 1px solid var(--line); border-radius: 6px; }
header h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .6rem; }
.kicker { font: 600 .78rem/1 system-ui, sans-serif; letter-spacing: .08em; text-transform: uppercase;
          color: var(--muted); }
.meta, .byline { color: var(--muted); font: .9rem/1.5 system-ui, sans-serif; margin: .2rem 0; }
a { color: #0b5cad; word-break: break-word; }
section.claim { border-top: 1px solid var(--line); padding: 1.4rem 0 .6rem; break-inside: avoid; }
section.claim h2 { font-size: 1.2rem; margin: 0 0 .6rem; }
blockquote { margin: .4rem 0 .9rem; padding: .6rem .9rem; background: #f7f8fa;
             border-left: 4px solid #9aa5b1; color: #3a424c; }
blockquote mark { background: #fff1b8; color: var(--ink); padding: 0 .1em; }
dl { display: grid; grid-template-columns: 9rem 1fr; gap: .25rem .8rem; margin: .6rem 0;
     font: .95rem/1.5 system-ui, sans-serif; }
dt { color: var(--muted); }
dd { margin: 0; white-space: pre-line; }
.verdict { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-weight: 600;
           color: #fff; background: #6b7480; }
.v1, .v2 { background: #b42318; } .v3 { background: #b54708; } .v4, .v5 { background: #067647; }
ol.sources { font: .92rem/1.5 system-ui, sans-serif; padding-left: 1.3rem; }
ol.sources li { margin-bottom: .5rem; }
.stance { font-weight: 600; text-transform: uppercase; font-size: .75rem; letter-spacing: .05em; }
.passage { display: block; color: #3a424c; font-style: italic; }
.corrections { border-top: 2px solid #b54708; margin-top: 1.5rem; padding-top: 1rem; }
.note { color: var(--muted); font: .85rem/1.4 system-ui, sans-serif; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { margin: 0; border: 0; padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .8em; color: #555; }
  .verdict { color: #000; background: none; border: 1px solid #000; }
}
"""


def e(text: object) -> str:
    """Escaped text for element content and quoted attribute values."""
    return escape("" if text is None else str(text), quote=True)


def _link(url: str | None, label: str | None = None) -> str:
    safe = safe_link(url)
    text = e(label or url)
    return f'<a href="{e(safe)}" rel="noopener noreferrer">{text}</a>' if safe else text


def _claim(n: int, c: CheckedClaim) -> str:
    rows = []
    if c.claimant:
        rows.append(("Claimant", f"{e(c.claimant)} <span class=\"note\">({e(c.claimant_kind)})</span>"))
    verdict = f'<span class="verdict v{e(c.verdict_value or 0)}">{e(c.verdict)}</span>'
    if c.verdict_description:
        verdict += f' <span class="note">{e(c.verdict_description)}</span>'
    rows.append(("Verdict", verdict))
    if c.rationale:
        rows.append(("Rationale", e(c.rationale)))
    rows.append(("Checked by", f"{e(c.checked_by)}, {e(when(c.checked_at))}"))
    rows.append(("Approved by", f"{e(c.approved_by)}, {e(when(c.approved_at))}" if c.approved_by
                 else '<span class="note">not approved yet</span>'))
    sources = []
    for s in c.sources:
        bits = [_link(s.url, s.title)]
        bits += [e(x) for x in (s.publisher, when(s.published)) if x]
        line = ", ".join(bits) + f' &middot; <span class="stance">{e(s.stance)}</span>'
        if s.archive:
            line += f' &middot; <span class="note">archive: {e(s.archive)}</span>'
        if s.passage:
            line += f'<span class="passage">\u201c{e(s.passage)}\u201d</span>'
        sources.append(f"<li>{line}</li>")
    listing = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section class="claim" id="claim-{c.id}"><h2>{n}. {e(c.text)}</h2>'
            f"<blockquote>{e(c.before)}<mark>{e(c.quote)}</mark>{e(c.after)}</blockquote>"
            f"<dl>{listing}</dl><h3 class=\"kicker\">Sources</h3>"
            + (f'<ol class="sources">{"".join(sources)}</ol>' if sources else '<p class="note">None.</p>')
            + "</section>")


def render_html(report: Report) -> str:
    """The report as a complete HTML document."""
    meta = [e(x) for x in (report.publisher, report.author) if x]
    if report.published:
        meta.append(e(when(report.published)))
    if report.source_url:
        meta.append(_link(report.source_url))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Fact check: {e(report.title)}</title><style>{_STYLE}</style>",
        *(script_tag(item) for item in report.claimreview),
        "</head><body><main><header>", f'<div class="kicker">Fact check &middot; {e(report.desk)}</div>',
        f"<h1>{e(report.title)}</h1>",
        f'<p class="meta">Source: {" &middot; ".join(meta) or "not recorded"}</p>',
        f'<p class="byline">Report made {e(when(report.made_at))}. {len(report.claims)} claim(s) '
        "checked, in the order they appear in the article.</p>",
    ]
    if report.claimreview_missing:
        parts.append(f'<p class="note">ClaimReview markup is left out: {e(report.claimreview_missing)}</p>')
    parts.append("</header>")
    parts += [_claim(n, c) for n, c in enumerate(report.claims, start=1)]
    if not report.claims:
        parts.append('<p class="note">No claim of this article has been checked yet.</p>')
    if report.corrections:
        items = "".join(
            f"<li>Claim {k.claim_id}, \u201c{e(k.text)}\u201d: reopened by {e(k.reopened_by)} on "
            f"{e(when(k.reopened_at))} after approval (verdict then: {e(k.verdict_then or '-')}; now "
            f"{e(k.status_now)}, {e(k.verdict_now or 'no verdict')}).</li>" for k in report.corrections)
        parts.append(f'<section class="corrections"><h2>Corrections</h2><ul>{items}</ul></section>')
    parts.append("</main></body></html>")
    return "\n".join(parts)
