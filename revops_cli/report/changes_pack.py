"""Pipeline Changes as a document (made for Slack first: the headlines and totals come before the full list).

Presentation only: every number is in :class:`~revops_cli.core.reporting.changes.PipelineChanges`. Section ids:
:data:`SECTION_IDS`.
"""

from __future__ import annotations

from typing import Any

from revops_cli.core.reporting.changes import PipelineChanges
from revops_cli.report.document import BulletItem, BulletList, MetricCard, Metrics, Note, Section
from revops_cli.report.pack import count, money, not_measured, plain, rows, table

SECTION_IDS = ("summary", "changes", "owners", "pushes")
KIND_LABELS = {
    "new": "New deal", "won": "Won", "lost": "Lost", "reopened": "Reopened", "moved_forward": "Moved forward",
    "moved_back": "Slipped back", "stage_changed": "Stage changed", "amount_up": "Amount up",
    "amount_down": "Amount down", "amount_changed": "Amount set or cleared", "close_pushed": "Close date pushed",
    "close_pulled_in": "Close date pulled in", "owner_changed": "Owner changed",
    "category_changed": "Forecast category changed", "vanished": "Vanished",
}
_HEADLINE_KINDS = ("won", "lost", "reopened", "moved_back", "vanished", "new")
#: Rows of the "Every change" table on the page (the .json file holds every change): a page, an email, a
#: Slack message stay readable on a day a bulk update touched thousands of deals.
MAX_LISTED = 500


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + money(value)


def changes_sections(f: PipelineChanges, *, headlines: int = 25) -> list[Section]:
    t = f.totals
    cards = [
        MetricCard("New deals", count(t["new"]), note=money(t["new_amount"]), value=t["new"]),
        MetricCard("Won", count(t["won"]), note=money(t["won_amount"]), value=t["won"]),
        MetricCard("Lost", count(t["lost"]), note=money(t["lost_amount"]), value=t["lost"]),
        MetricCard("Close dates pushed", count(t["close_pushed"]), note=money(t["pushed_amount"]),
                   value=t["close_pushed"]),
        MetricCard("Slipped back a stage", count(t["moved_back"]), value=t["moved_back"]),
        MetricCard("Open pipeline, net change", _signed(t["net_change"]),
                   note=f"{money(t['open_before'])} → {money(t['open_now'])}", value=t["net_change"]),
    ]
    changes = f.changes
    items = []
    for kind in _HEADLINE_KINDS:
        for row in rows(changes[changes["kind"] == kind]):
            label = KIND_LABELS[kind]
            amount = money(row["amount"]) if row["amount"] is not None else "no amount"
            detail = "" if kind in ("new", "won", "lost", "vanished") else f" ({row['before']} → {row['after']})"
            items.append(BulletItem(f"{label}: {row['name'] or row['opportunity_id']} — {amount}, "
                                    f"{row['owner']}{detail}"))
    shown = items[:headlines]
    if len(items) > headlines:
        shown.append(BulletItem(f"… and {len(items) - headlines} more in the list below"))
    bridge = [{"step": b["step"], "amount": b["amount"]} for b in f.bridge]
    summary_blocks: list[Any] = [Metrics(cards=cards), BulletList(shown, title="Headlines",
                                                                  empty_text="No deal was won, lost, reopened, "
                                                                             "created or slipped back.")]
    summary_blocks.append(table([("step", "Open pipeline", "text"), ("amount", "Amount", "money")], bridge,
                                caption="From the previous snapshot's open pipeline to today's"))
    summary_blocks += not_measured(f.not_measured)
    summary_blocks += [Note(note, "warning") for note in f.notes]
    if t["blank_amounts"]:
        summary_blocks.append(Note(f"{t['blank_amounts']:,} deals of today's snapshot have no amount; they add "
                                   "nothing to the sums.", "warning"))
    summary = Section("summary", "What changed", f"{f.previous} → {f.current}: {t['deals_changed']:,} of "
                      f"{t['deals_now']:,} deals changed ({t['changes']:,} changes).", summary_blocks)

    data = []
    for row in rows(changes.head(MAX_LISTED)):
        before, after = row["before"], row["after"]
        data.append({**row, "kind": KIND_LABELS[row["kind"]], "before": "" if before is None else before,
                     "after": "" if after is None else after})
    cut = ([Note(f"The first {MAX_LISTED:,} of {len(changes):,} changes; -o changes.json holds every one.", "info")]
           if len(changes) > MAX_LISTED else [])
    listing = Section("changes", "Every change", "One row per change; a deal can have several (reopened and pushed).",
                      cut + [table([("name", "Opportunity", "text"), ("owner", "Owner", "text"), ("kind", "Change", "text"),
                              ("before", "Before", "text"), ("after", "After", "text"),
                              ("amount", "Amount", "money"), ("delta", "Change (amount or days)", "float"),
                              ("pushes", "Times pushed", "int")], data, empty="Nothing changed.")])
    owners = Section("owners", "Totals per owner", "Counts and amounts by the deal's current owner; net change is "
                     "the owner's open pipeline now minus then.",
                     [table([("owner", "Owner", "text"), ("changes", "Changes", "int"), ("new", "New", "int"),
                             ("won", "Won", "int"), ("won_amount", "Won $", "money"), ("lost", "Lost", "int"),
                             ("lost_amount", "Lost $", "money"), ("close_pushed", "Pushed", "int"),
                             ("moved_back", "Slipped back", "int"), ("open_before", "Open then", "money"),
                             ("open_now", "Open now", "money"), ("net_change", "Net change", "money")],
                            rows(f.owners), empty="No owner's deals changed.")])
    deals = f.deals
    pushed = deals[(deals["pushes"] > 0) | deals["crm_push_count"].fillna(0).gt(0)] if len(deals) else deals
    ordered = pushed.sort_values(["pushes", "amount_now"], ascending=False) if len(pushed) else pushed
    push_rows = rows(ordered.head(MAX_LISTED), ["name", "owner", "stage_now", "close_before", "close_now",
                                                "amount_now", "pushes", "crm_push_count"])
    snapshots = f"the {f.snapshots} snapshots given" if f.snapshots > 2 else "these two snapshots"
    pushes = Section("pushes", "Pushed deals and how often",
                     f"Times pushed counts the close-date moves to a later day across {snapshots}; the CRM's own push "
                     "count is shown where the export has one.",
                     [table([("name", "Opportunity", "text"), ("owner", "Owner", "text"),
                             ("stage_now", "Stage", "text"), ("close_before", "Was closing", "date"),
                             ("close_now", "Now closing", "date"), ("amount_now", "Amount", "money"),
                             ("pushes", "Times pushed", "int"), ("crm_push_count", "CRM push count", "int")],
                            push_rows, empty="No deal was pushed.")]
                     + ([Note(f"The {MAX_LISTED:,} most pushed of {len(pushed):,} deals; -o changes.json holds "
                              "every one.", "info")] if len(pushed) > MAX_LISTED else []))
    return [summary, listing, owners, pushes]


def changes_json(f: PipelineChanges) -> dict:
    return {k: plain(v) if not isinstance(v, (dict, list)) else v for k, v in f.summary().items()}
