"""Customer Handoff SOP audit: form completeness, kickoff, 30-day CSAT, time to value, NPS.

Targets come from ``config.handoff``: form complete 100% (met when >= target),
kickoff within ``kickoff_days`` for >= ``kickoff_target`` % of handoffs, average
30-day CSAT > ``csat_30d`` (strict), average time to first value < ``time_to_value_days``
(strict), NPS > ``nps`` (strict). Figures are per CSM (``owner``) and overall.

Decisions:

* Day counts are calendar days between the dates (times of day ignored):
  closed 11/1, kickoff 11/4 is 3 days (within 3), 11/5 is 4 (late).
* Kickoff denominator: handoffs with a close date whose kickoff happened, plus those
  with no kickoff yet whose window has already passed at ``now`` (late). A handoff
  still inside its window without a kickoff is pending and not counted.
* Form completeness: a handoff is complete when every ``required`` column is filled.
  ``required`` defaults to every column that is not an id (mapped ``handoff_id`` /
  ``account_id`` or a header ending in "id"), not a mapped date (close, kickoff, first
  value) and not a later survey score (CSAT, NPS): those are filled after the handoff.
* CSAT and time to value are averages over the handoffs that have them; NPS is
  % promoters (9-10) - % detractors (0-6) of the scored handoffs, to 0.1.
* Any figure whose denominator is 0 is None, and so is its ``met`` flag.

Should move to columns.py / config later: ``HANDOFF_ALIASES`` and the default
``required`` form fields (config.handoff.form_fields).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import percent
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.timestamps import as_utc, normalize_timestamp_column

_NOT_FORM = ("handoff_id", "account_id", "close_date", "kickoff_date", "first_value_date", "csat", "nps")
METRICS = ("form_complete", "kickoff", "csat", "time_to_value", "nps")
ALL = "(all)"


@dataclass
class HandoffAudit:
    """What :func:`audit_handoffs` returns.

    ``handoffs``: the input rows' findings; ``by_csm``: one row per CSM; ``overall``:
    the same figures for everyone; ``targets``: the SOP targets used.
    """

    handoffs: pd.DataFrame
    by_csm: pd.DataFrame
    overall: dict
    targets: dict
    required: list[str] = field(default_factory=list)

    def summary(self) -> str:
        o, t = self.overall, self.targets

        def show(value, unit=""):
            return "n/a" if value is None else f"{value:g}{unit}"

        def mark(met):
            return "n/a" if met is None else ("met" if met else "MISSED")

        return "\n".join([
            f"{o['handoffs']} handoffs",
            f"form complete: {show(o['form_complete_pct'], '%')} (target {t['form_complete']:g}%) "
            f"{mark(o['form_complete_met'])}",
            f"kickoff within {t['kickoff_days']} days: {show(o['kickoff_pct'], '%')} "
            f"(target {t['kickoff_target']:g}%) {mark(o['kickoff_met'])}",
            f"30-day CSAT: {show(o['csat_avg'])} (target > {t['csat_30d']:g}) {mark(o['csat_met'])}",
            f"time to first value: {show(o['ttv_avg_days'], ' days')} (target < {t['time_to_value_days']}) "
            f"{mark(o['ttv_met'])}",
            f"NPS: {show(o['nps'])} (target > {t['nps']}) {mark(o['nps_met'])}",
        ])

    def to_dict(self) -> dict:
        return {"overall": self.overall, "targets": self.targets, "required": self.required,
                "by_csm": self.by_csm.to_dict("records")}


def _text(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str) -> pd.Series:
    column = mapping.get(canonical)
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame[column].astype("str")


def _days(values: pd.Series) -> pd.Series:
    """Text -> UTC calendar day (datetime64, NaT where blank/unparsed)."""
    parsed = normalize_timestamp_column(values, "UTC")["revops_parsed"]
    return pd.Series(pd.to_datetime(parsed, utc=True).to_numpy(), index=values.index,
                     dtype="datetime64[ns, UTC]").dt.normalize()


def _number(values: pd.Series) -> np.ndarray:
    text = values.astype("str").str.replace(r"[\s,]", "", regex=True).str.replace(r"/10$", "", regex=True)
    return pd.to_numeric(text, errors="coerce").astype(np.float64).to_numpy()


def default_required(columns: Sequence[str], mapping: ColumnMapping) -> list[str]:
    """Form columns: every column but ids, mapped dates and survey scores (see the module doc)."""
    skip = {mapping.get(c) for c in _NOT_FORM} - {None}
    return [c for c in columns if c not in skip and _words(str(c))[-1:] != ["id"]]


def _words(header: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", header).lower()) if w]


def _figures(g: dict, cfg) -> dict:
    """Derived figures from summed counts (one CSM or everyone)."""
    form = percent(g["form_complete"], g["handoffs"])
    kick = percent(g["kickoff_within"], g["kickoff_n"])
    csat = round(g["csat_sum"] / g["csat_n"], 2) if g["csat_n"] else None
    ttv = round(g["ttv_sum"] / g["ttv_n"], 1) if g["ttv_n"] else None
    nps = round(100.0 * (g["promoters"] - g["detractors"]) / g["nps_n"], 1) if g["nps_n"] else None
    return {
        "handoffs": int(g["handoffs"]),
        "form_complete": int(g["form_complete"]), "form_complete_pct": form,
        "form_complete_met": None if form is None else form >= cfg.form_complete,
        "kickoff_within": int(g["kickoff_within"]), "kickoff_n": int(g["kickoff_n"]),
        "kickoff_pending": int(g["kickoff_pending"]), "kickoff_pct": kick,
        "kickoff_met": None if kick is None else kick >= cfg.kickoff_target,
        "csat_n": int(g["csat_n"]), "csat_avg": csat, "csat_met": None if csat is None else csat > cfg.csat_30d,
        "ttv_n": int(g["ttv_n"]), "ttv_avg_days": ttv,
        "ttv_met": None if ttv is None else ttv < cfg.time_to_value_days,
        "nps_n": int(g["nps_n"]), "promoters": int(g["promoters"]), "passives": int(g["passives"]),
        "detractors": int(g["detractors"]), "nps": nps, "nps_met": None if nps is None else nps > cfg.nps,
    }


def audit_handoffs(
    handoffs: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp | str,
    required: Sequence[str] | None = None,
) -> HandoffAudit:
    """Audit customer handoffs against the Customer Handoff SOP (see the module doc)."""
    cfg = config.handoff
    now = as_utc(now)
    today = now.normalize()
    frame = handoffs
    required = list(default_required(list(frame.columns), mapping) if required is None else required)
    missing_cols = [c for c in required if c not in frame.columns]
    if missing_cols:
        raise RevopsInputError(f"required handoff columns not in the file: {', '.join(map(str, missing_cols))}")

    if required:
        blank = np.column_stack([
            is_blank(frame[c]).to_numpy(dtype=bool) for c in required])
        missing_fields = [", ".join(np.asarray(required, dtype=object)[row]) for row in blank]
        complete = ~blank.any(axis=1)
    else:
        complete = np.ones(len(frame), dtype=bool)
        missing_fields = [""] * len(frame)

    close = _days(_text(frame, mapping, "close_date"))
    kickoff = _days(_text(frame, mapping, "kickoff_date"))
    first_value = _days(_text(frame, mapping, "first_value_date"))
    kickoff_days = ((kickoff - close).dt.days).to_numpy(np.float64) if len(frame) else np.array([])
    ttv_days = ((first_value - close).dt.days).to_numpy(np.float64) if len(frame) else np.array([])
    has_close = close.notna().to_numpy(bool)
    has_kick = ~np.isnan(kickoff_days)
    window_over = has_close & ((today - close).dt.days.to_numpy(np.float64) > cfg.kickoff_days) \
        if len(frame) else np.zeros(0, bool)
    within = has_kick & (kickoff_days <= cfg.kickoff_days)
    late_missing = has_close & ~kickoff.notna().to_numpy(bool) & window_over
    counted = has_kick | late_missing
    pending = has_close & ~kickoff.notna().to_numpy(bool) & ~window_over

    csat = _number(_text(frame, mapping, "csat"))
    nps = _number(_text(frame, mapping, "nps"))
    has_nps = ~np.isnan(nps)
    owner = _text(frame, mapping, "owner").str.strip().fillna("(no CSM)").replace("", "(no CSM)")

    rows = pd.DataFrame({
        "account": _text(frame, mapping, "account").to_numpy(object),
        "csm": owner.to_numpy(object),
        "form_complete": complete,
        "missing_fields": missing_fields,
        "kickoff_days": kickoff_days,
        "kickoff_within": within,
        "kickoff_late": counted & ~within,
        "kickoff_pending": pending,
        "csat": csat,
        "time_to_value_days": ttv_days,
        "nps_score": nps,
        "nps_group": np.where(~has_nps, None, np.where(nps >= 9, "promoter",
                                                       np.where(nps <= 6, "detractor", "passive"))).astype(object),
    }, index=frame.index)

    counts = pd.DataFrame({
        "csm": rows["csm"].to_numpy(object), "handoffs": 1, "form_complete": complete.astype(int),
        "kickoff_within": within.astype(int), "kickoff_n": counted.astype(int), "kickoff_pending": pending.astype(int),
        "csat_sum": np.nan_to_num(csat), "csat_n": (~np.isnan(csat)).astype(int),
        "ttv_sum": np.nan_to_num(ttv_days), "ttv_n": (~np.isnan(ttv_days)).astype(int),
        "promoters": (has_nps & (nps >= 9)).astype(int), "passives": (has_nps & (nps > 6) & (nps < 9)).astype(int),
        "detractors": (has_nps & (nps <= 6)).astype(int), "nps_n": has_nps.astype(int),
    })
    sums = counts.groupby("csm", sort=True).sum()
    by_csm = pd.DataFrame([{"csm": csm, **_figures(g, cfg)} for csm, g in sums.to_dict("index").items()])
    overall = _figures(counts.drop(columns="csm").sum().to_dict() if len(counts) else
                       dict.fromkeys(counts.columns.drop("csm"), 0), cfg)
    targets = {"form_complete": cfg.form_complete, "kickoff_days": cfg.kickoff_days,
               "kickoff_target": cfg.kickoff_target, "csat_30d": cfg.csat_30d,
               "time_to_value_days": cfg.time_to_value_days, "nps": cfg.nps}
    return HandoffAudit(handoffs=rows, by_csm=by_csm, overall=overall, targets=targets, required=required)


def follow_ups(result: HandoffAudit, frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """One row per finding to follow up: blank form fields, a late or missing kickoff, a CSAT not above the
    target, first value on or after the target day, an NPS detractor (``handoff``, ``account``, ``csm``,
    ``problem``, ``detail``). ``frame``/``mapping`` are the audited handoffs, for their ids."""
    rows = result.handoffs
    cfg_days = result.targets["kickoff_days"]
    parts = []
    id_column = mapping.get("handoff_id")
    ids = frame[id_column] if id_column else pd.Series(frame.index + 2, index=frame.index).astype(str)

    def add(mask, problem, detail):
        if mask.any():
            parts.append(pd.DataFrame({"handoff": ids[mask].to_numpy(object), "account": rows.loc[mask, "account"],
                                       "csm": rows.loc[mask, "csm"], "problem": problem,
                                       "detail": detail[mask].to_numpy(object)}))

    add(~rows["form_complete"], "form incomplete", "blank: " + rows["missing_fields"].astype(str))
    late_days = rows["kickoff_days"].map(lambda d: "no kickoff yet" if pd.isna(d) else f"kickoff on day {int(d)}")
    add(rows["kickoff_late"], f"kickoff after day {cfg_days}", late_days)
    csat_text = rows["csat"].map(lambda v: f"CSAT {v:g}")
    add(rows["csat"] <= result.targets["csat_30d"], f"CSAT not above {result.targets['csat_30d']:g}", csat_text)
    ttv_text = rows["time_to_value_days"].map(lambda v: f"first value on day {v:g}")
    add(rows["time_to_value_days"] >= result.targets["time_to_value_days"],
        f"first value on/after day {result.targets['time_to_value_days']}", ttv_text)
    add(rows["nps_group"].eq("detractor").fillna(False).to_numpy(bool), "NPS detractor",
        rows["nps_score"].map(lambda v: f"NPS score {v:g}"))
    columns = ["handoff", "account", "csm", "problem", "detail"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
