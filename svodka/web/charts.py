"""Charts as plotly.js figure specs (plain data and layout), drawn in the page by
static/charts.js with the plotly.min.js that the plotly package ships (no CDN). Only the charts
need JavaScript; every figure is also in a table beside its chart."""
from __future__ import annotations

from svodka.kb.track import when
from svodka.web.wording import TARGET_STATUS, amount, month

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#334155"}
ACCENT = "#4f46e5"
STATUS_COLOURS = {"met": "#059669", "not yet met": "#d97706", "overdue": "#dc2626"}


def _layout(**extra) -> dict:
    base = dict(font=FONT, margin=dict(l=56, r=16, t=16, b=40), paper_bgcolor="rgba(0,0,0,0)",
                plot_bgcolor="rgba(0,0,0,0)", showlegend=False, height=260,
                xaxis=dict(gridcolor="#e2e8f0", zeroline=False, type="category"),
                yaxis=dict(gridcolor="#e2e8f0", zeroline=False, rangemode="tozero"))
    return {**base, **extra}


def mentions_per_month(by_month: list[tuple[str, int]]) -> dict | None:
    """Documents naming an entity per month, every month between the first and the last shown."""
    if not by_month:
        return None
    months = _month_range(by_month[0][0], by_month[-1][0])
    counts = dict(by_month)
    layout = _layout()
    layout["xaxis"] = dict(gridcolor="#e2e8f0", type="date", tickformat="%m.%Y", ticklabelmode="period")
    layout["yaxis"].update(tickformat="d", dtick=max(1, max(counts.values()) // 5))
    return dict(data=[dict(type="bar", x=[m + "-15" for m in months], y=[counts.get(m, 0) for m in months],
                           text=[month(m) for m in months], textposition="none", marker=dict(color=ACCENT),
                           hovertemplate="%{text}: %{y} док.<extra></extra>")],
                layout=layout)


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while (y, m) <= (int(last[:4]), int(last[5:7])) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def track_chart(track, unit_of) -> dict | None:
    """Indicators of a metric over time as points joined by a line (those of the commonest unit),
    each target of that unit as a dashed line in its status's colour."""
    units = [unit_of(o.value) for o in (*track.indicators, *track.targets) if o.value.get("amount") is not None]
    if not units:
        return None
    unit = max(set(units), key=units.count)
    points = [(when(o), o) for o in track.indicators if unit_of(o.value) == unit and when(o)]
    targets = [t for t in track.targets if unit_of(t.value) == unit]
    data = [dict(type="scatter", mode="lines+markers", x=[w for w, _ in points],
                 y=[o.value["amount"] for _, o in points], line=dict(color=ACCENT, width=2), marker=dict(size=9),
                 text=[f"{amount(o.value['amount'])} {unit} · {', '.join(o.scope)}" for _, o in points],
                 hovertemplate="%{x}: %{text}<extra></extra>", name="показатель")]
    shapes, notes = [], []
    for t in targets:
        colour = STATUS_COLOURS.get(t.status, "#64748b")
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, y0=t.value["amount"], y1=t.value["amount"],
                           line=dict(color=colour, width=2, dash="dash")))
        notes.append(dict(xref="paper", x=1, xanchor="right", y=t.value["amount"], yanchor="bottom", showarrow=False,
                          text=f"цель {amount(t.value['amount'])} {unit}"
                               + (f" к {t.deadline[:4]}" if t.deadline else "") + f" · {TARGET_STATUS.get(t.status, '')}",
                          font=dict(color=colour, size=12)))
    layout = _layout(shapes=shapes, annotations=notes, height=320)
    layout["xaxis"] = dict(gridcolor="#e2e8f0", type="date", tickformat="%m.%Y")
    layout["yaxis"]["title"] = dict(text=unit)
    return dict(data=data, layout=layout)
