"""The dashboard's bar charts: claims per status or verdict, in a given order and colours, each
bar labelled with its count."""
from __future__ import annotations

import altair as alt
import pandas as pd

# Workflow colours: grey to do, amber under review, blue checked, green approved, red reopened.
STATUS_COLOURS = ["#9aa0a6", "#f2a33a", "#4c8bf5", "#2e9e5b", "#d9534f"]


def bar_chart(frame: pd.DataFrame, category: str, title: str, colours: list[str]) -> alt.Chart:
    """Horizontal bars of `claims` per category, in the frame's order, each with its count."""
    order = frame[category].tolist()
    colour = alt.Color(f"{category}:N", scale=alt.Scale(domain=order, range=colours), legend=None)
    bars = alt.Chart(frame).mark_bar(cornerRadiusEnd=3).encode(
        y=alt.Y(f"{category}:N", sort=order, title=None),
        x=alt.X("claims:Q", title="Claims", axis=alt.Axis(tickMinStep=1, format="d")),
        color=colour,
        tooltip=[alt.Tooltip(f"{category}:N", title=title), alt.Tooltip("claims:Q", title="Claims")],
    )
    labels = bars.mark_text(align="left", dx=4).encode(text="claims:Q", color=alt.value("#555"))
    return (bars + labels).properties(height=34 * len(order) + 20)
