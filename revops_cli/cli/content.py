"""`revops content audit`: the Content Creation SOP on a content inventory, its analytics, review workflow and
promotion log."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (
    Run,
    frame_table,
    json_records,
    main_input,
    parse_now,
    parse_period,
    read_input,
    report_not_measured,
    start,
    write_output,
)
from revops_cli.cli.options import (
    AsOfOption,
    ConfigOption,
    FromOption,
    JsonOption,
    MainFileArgument,
    MapOption,
    QuietOption,
    SheetOption,
    StrictOption,
    ToOption,
)
from revops_cli.columns import (
    CONTENT_ALIASES,
    CONTENT_PROMOTION_ALIASES,
    CONTENT_REVIEW_ALIASES,
    PAGE_ANALYTICS_ALIASES,
    parse_map_options,
)
from revops_cli.core.marketing.content import PERFORMANCE_CHECKS, ContentAuditResult, content_audit
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path

_SCHEMAS = (("content", CONTENT_ALIASES), ("page_analytics", PAGE_ANALYTICS_ALIASES),
            ("content_reviews", CONTENT_REVIEW_ALIASES), ("content_promotion", CONTENT_PROMOTION_ALIASES))


def _maps(map_: list[str] | None) -> dict[str, list[str]]:
    """--map options by the file they name a column of: the inventory's fields first, then the analytics',
    the review workflow's and the promotion log's (a field only they have, e.g. page_views, goes to them)."""
    out: dict[str, list[str]] = {name: [] for name, _ in _SCHEMAS}
    for field, header in parse_map_options(map_).items():
        target = next((name for name, aliases in _SCHEMAS if field in aliases), None)
        if target is None:
            known = sorted({f for _, aliases in _SCHEMAS for f in aliases})
            raise RevopsInputError(f"--map {field}={header or ''}: unknown field {field!r}. Fields: {', '.join(known)}.")
        out[target].append(f"{field}={header or ''}")
    return out


def _read(run: Run, source: str | None, schema: str, maps: dict[str, list[str]]):
    if not source:
        return None, None
    table, mapping = read_input(run, source, map_options=maps[schema], schema=schema)
    return table.frame, mapping


def audit(
    file: MainFileArgument = None,
    content: Annotated[Optional[str], typer.Option(
        "--content", metavar="INVENTORY", show_default=False,
        help="Content inventory from the CMS or a sheet: title, URL, type, author, publish date, last updated, word "
             "count, sources, meta description, promotion (UTM) links, CTA.")] = None,
    analytics: Annotated[Optional[str], typer.Option(
        "--analytics", metavar="PAGES", show_default=False,
        help="Analytics export per page (or per page and month): page views, time on page, conversions or "
             "conversion rate, shares, backlinks (Google Analytics, Search Console, Ahrefs spellings).")] = None,
    workflow: Annotated[Optional[str], typer.Option(
        "--workflow", metavar="REVIEWS", show_default=False,
        help="Review-workflow export: one row per item and review stage (Peer, Manager, Legal, Brand) with its "
             "start and end dates and reviewer.")] = None,
    promotion: Annotated[Optional[str], typer.Option(
        "--promotion", metavar="LOG", show_default=False,
        help="Promotion log: one row per step done (publish, email, social, LinkedIn, newsletter, repurpose, "
             "performance review) with its date.")] = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    rows: Annotated[Optional[str], typer.Option(
        "--rows", metavar="FILE", show_default=False,
        help="Write every item with its findings: the inventory's columns, then one revops_* column per figure and "
             "check, and its SOP actions.")] = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when fewer than PCT % of live items meet all performance targets (page views, time on page, "
             "conversion, shares, backlinks).")] = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The Content Creation SOP: page views ≥ 1,000 a month (per month live in the analytics window),
    time on page ≥ 3 minutes, conversion ≥ 2%, shares ≥ 50, backlinks ≥ 5, blogs ≥ 1,500 words with 3+
    sources, review stages within Peer 1 / Manager 2 / Legal 3 / Brand 1 business days, quarterly refresh
    and annual audit, meta description, UTM parameters and CTA, and the day 0/1/3/7/14/30 promotion
    timeline; each shortfall with the SOP's action, by author and by type. A check whose column or file is
    missing is "not measured", never 0.

    --from/--to give the analytics window when the analytics export has no month or date column.

    **Example**: revops content audit --content content_inventory.csv --analytics content_analytics.csv --workflow content_reviews.csv --promotion content_promotion.csv
    """
    content = main_input(file, content, "--content")
    run = start(config=config, json_mode=json_, quiet=quiet)
    now = parse_now(as_of, run.config)
    zone = run.config.general.timezone
    first, last = parse_period(from_, to, zone)
    window = None
    if first is not None or last is not None:
        if first is None or last is None:
            raise RevopsInputError("Give the analytics window as both --from and --to (its first and last day).")
        window = (first.tz_convert(zone).tz_localize(None), last.tz_convert(zone).tz_localize(None))
    maps = _maps(map_)
    if rows:
        check_output_path(rows, [s for s in (content, analytics, workflow, promotion) if s])
    table, mapping = read_input(run, content, sheet=sheet, map_options=maps["content"], schema="content")
    pages, pages_map = _read(run, analytics, "page_analytics", maps)
    reviews, reviews_map = _read(run, workflow, "content_reviews", maps)
    log, log_map = _read(run, promotion, "content_promotion", maps)
    result = content_audit(table.frame, mapping, run.config, now=now, analytics=pages, analytics_mapping=pages_map,
                           reviews=reviews, review_mapping=reviews_map, promotion=log, promotion_mapping=log_map,
                           window=window)
    share = result.share_meeting_all
    failed = None
    if fail_under is not None:
        if share is None:
            reasons = dict.fromkeys(v.text for k, v in result.not_measured.items() if k in PERFORMANCE_CHECKS)
            raise RevopsInputError(
                "--fail-under: no live item could be rated on every performance target ("
                + ("; ".join(reasons) or "no live item has a row in the analytics export")
                + "). Give an analytics export with --analytics, or drop --fail-under.")
        failed = share < fail_under
    _render(run, content, result)
    if rows:
        frame = _rows_frame(table.frame, result)
        write_output(run, frame, rows, table=table, inputs=[content])
    findings = int(result.pages["actions"].map(len).gt(0).sum())
    run.reporter.json({"content_file": content, "analytics_file": analytics, "workflow_file": workflow,
                       "promotion_file": promotion, "as_of": now.isoformat(), "fail_under": fail_under,
                       "failed": failed, "items_with_actions": findings, **result.summary(),
                       "rows": json_records(result.pages)})
    if failed or (strict and findings):
        raise typer.Exit(1)


def _render(run: Run, source: str, result: ContentAuditResult) -> None:
    pages = result.pages
    live = int(pages["live"].sum()) if len(pages) else 0
    frame_table(run, f"content audit: {source} ({len(pages):,} items, {live:,} live)", result.checks,
                ["check", "target", "checked", "meeting", "missing", "not_measured", "action"])
    with_actions = pages[pages["actions"].map(len) > 0]
    frame_table(run, "Items with actions (Content Creation SOP)", with_actions,
                ["item", "type", "author", "page_views_per_month", "conversion_rate", "word_count", "actions"])
    late = result.reviews[result.reviews["status"].isin(["late", "overdue (open)", "stage not mapped"])]
    frame_table(run, "Review stages over their time (business days)", late,
                ["title", "stage", "stage_given", "reviewer", "started", "completed", "business_days", "limit_days",
                 "status"])
    missed = result.promotion[result.promotion["status"].isin(["missed", "late"])]
    frame_table(run, "Promotion steps missed or late", missed, ["title", "step", "due", "done", "status"])
    for title, breakdown in (("By author", result.by_author), ("By type", result.by_type)):
        if breakdown is not None:
            frame_table(run, title, breakdown, list(breakdown.columns))
    for note in result.notes:
        run.reporter.line(note, style="dim")
    report_not_measured(run, result.not_measured)
    rated = int(pages["performance_ok"].notna().sum())
    meeting = int(pages["performance_ok"].eq(True).sum())
    if result.share_meeting_all is None:
        verdict = "Performance targets: not measured for any live item."
    else:
        verdict = (f"{meeting:,} of {rated:,} rated live item(s) meet all performance targets "
                   f"({result.share_meeting_all:.1f}%).")
    run.reporter.line(verdict + f" {len(with_actions):,} item(s) with actions to take.",
                      style="bold red" if len(with_actions) else None)


def _rows_frame(inventory: pd.DataFrame, result: ContentAuditResult) -> pd.DataFrame:
    """The inventory's own columns, then the findings as revops_* columns (lists joined with '; ')."""
    added = result.pages.drop(columns=["item", "url", "type", "author"]).copy()
    for column in added.columns:
        if added[column].map(lambda v: isinstance(v, list)).any():
            added[column] = added[column].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
    added.columns = [f"revops_{c}" for c in added.columns]
    return pd.concat([inventory.reset_index(drop=True), added.reset_index(drop=True)], axis=1)
