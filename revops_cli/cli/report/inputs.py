"""The files a report reads, named once and read at most once: every report command and `report due --run` share
them, so a cron line that builds five reports reads the leads file once.

Each file is read as its own command reads it (``read_input`` with its schema, activities linked to the leads,
the roster through ``load_roster``), so a figure on a report is the figure that command prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from revops_cli.cli.common import Run, beside_config, read_activities, read_input
from revops_cli.columns import ColumnMapping
from revops_cli.core.leads.routing import Roster, load_roster
from revops_cli.core.reporting.changes import Snapshot
from revops_cli.core.reporting.opportunities import OpportunityTable, read_opportunities
from revops_cli.core.reporting.quotas import Quotas, Teams, read_quotas, rep_teams
from revops_cli.core.sales.activities import ActivityLink

#: Input kind -> the option that names it.
OPTIONS = {"leads": "--leads", "activities": "--activities", "reps": "--reps", "opportunities": "--opportunities",
           "previous": "--previous", "history": "--history", "campaigns": "--campaigns", "events": "--events",
           "event_leads": "--event-leads", "quotas": "--quotas", "accounts": "--accounts"}


@dataclass
class ReportFiles:
    """Every input a report may read, as given on the command line (None / [] when not given)."""

    leads: str | None = None
    activities: list[str] = field(default_factory=list)
    reps: str | None = None
    opportunities: str | None = None
    previous: list[str] = field(default_factory=list)
    history: str | None = None
    campaigns: str | None = None
    events: str | None = None
    event_leads: str | None = None
    quotas: str | None = None
    accounts: str | None = None

    def given(self, kind: str) -> bool:
        return bool(getattr(self, kind))

    def paths(self) -> list[str]:
        out: list[str] = []
        for value in self.__dict__.values():
            out += value if isinstance(value, list) else [value] if value else []
        return out

    def shown(self) -> dict[str, str]:
        """For a report's footer: kind -> file(s)."""
        return {kind: ", ".join(v) if isinstance(v, list) else v for kind, v in self.__dict__.items() if v}


class ReportInputs:
    """Reads each file on first use and keeps it. ``main`` is the kind ``--map``/``--sheet`` apply to."""

    def __init__(self, run: Run, files: ReportFiles, *, now: pd.Timestamp, main: str,
                 sheet: str | None = None, map_options: list[str] | None = None,
                 people: dict[str, str] | None = None, beside: tuple[str, ...] = ()) -> None:
        """``beside``: the kinds ("reps", "quotas") read from the config's folder when not given, as the
        config names them (routing.reps_file, reporting.quotas_file)."""
        self.run, self.files, self.now, self.main = run, files, now, main
        self.sheet, self.map_options, self.people = sheet, map_options, people or {}
        self._cache: dict[str, Any] = {}
        if "reps" in beside:
            files.reps = beside_config(run, files.reps, run.config.routing.reps_file)
        if "quotas" in beside:
            files.quotas = beside_config(run, files.quotas, run.config.reporting.quotas_file)

    @property
    def config(self):
        return self.run.config

    def _read(self, kind: str, schema: str) -> tuple[pd.DataFrame, ColumnMapping]:
        key = f"table:{kind}"
        if key not in self._cache:
            source = getattr(self.files, kind)
            mine = kind == self.main
            table, mapping = read_input(self.run, source, sheet=self.sheet if mine else None,
                                        map_options=self.map_options if mine else None, schema=schema)
            self._cache[key] = (table.frame, mapping)
        return self._cache[key]

    def leads(self) -> tuple[pd.DataFrame, ColumnMapping]:
        return self._read("leads", "leads")

    def link(self) -> ActivityLink | None:
        if "link" not in self._cache:
            frame, mapping = self.leads()
            self._cache["link"] = read_activities(self.run, self.files.activities or None, frame, mapping)
        return self._cache["link"]

    def roster_frame(self) -> tuple[pd.DataFrame, ColumnMapping] | None:
        return self._read("reps", "reps") if self.files.reps else None

    def roster(self) -> Roster | None:
        if "roster" not in self._cache:
            read = self.roster_frame()
            if read is None:
                self._cache["roster"] = None
            else:
                leads, lead_mapping = self.leads() if self.files.leads else (None, None)
                self._cache["roster"] = load_roster(read[0], read[1], self.config, now=self.now, leads=leads,
                                                    lead_mapping=lead_mapping, source=self.files.reps)
        return self._cache["roster"]

    def opportunities_frame(self) -> tuple[pd.DataFrame, ColumnMapping]:
        return self._read("opportunities", "opportunities")

    def opportunities(self) -> OpportunityTable:
        if "deals" not in self._cache:
            frame, mapping = self.opportunities_frame()
            self._cache["deals"] = read_opportunities(frame, mapping, self.config)
        return self._cache["deals"]

    def snapshot(self) -> Snapshot:
        return Snapshot(self.opportunities(), Path(self.files.opportunities).name)

    def previous(self) -> list[Snapshot]:
        if "previous" not in self._cache:
            snapshots = []
            for source in self.files.previous:
                table, mapping = read_input(self.run, source, schema="opportunities")
                snapshots.append(Snapshot(read_opportunities(table.frame, mapping, self.config), Path(source).name))
            self._cache["previous"] = snapshots
        return self._cache["previous"]

    def history(self) -> tuple[pd.DataFrame | None, ColumnMapping | None]:
        return self._read("history", "stage_history") if self.files.history else (None, None)

    def optional(self, kind: str, schema: str) -> tuple[pd.DataFrame | None, ColumnMapping | None]:
        return self._read(kind, schema) if getattr(self.files, kind) else (None, None)

    def quotas(self) -> Quotas | None:
        if "quotas" not in self._cache:
            if not self.files.quotas:
                self._cache["quotas"] = None
            else:
                frame, mapping = self._read("quotas", "quotas")
                self._cache["quotas"] = read_quotas(frame, mapping, self.config, source=self.files.quotas)
        return self._cache["quotas"]

    def teams(self) -> Teams:
        read = self.roster_frame()
        return rep_teams(read[0] if read else None, read[1] if read else None, self.quotas())
