"""The lifecycle's CRM update file: its format (detected from the input's headers), headers and values.

Lead Management SOP, 6. Lead Disposition: "Update within 24 hours of
contact". Each action writes a status and substatus per CRM format
(:data:`UPDATE_VALUES`) under that format's headers (:data:`FORMAT_HEADERS`);
a blank cell means "leave as is" for Data Loader, the Data Import Wizard and
HubSpot import alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, header_key
from revops_cli.config import LifecycleConfig
from revops_cli.core.leads.lifecycle.codes import ACTIONS, _column, _pick

FORMATS: tuple[str, ...] = ("salesforce", "hubspot", "generic")

#: Update-file headers per format. ``id`` is the record id; generic uses the input's own headers.
FORMAT_HEADERS: dict[str, dict[str, str]] = {
    # Data Loader and the Data Import Wizard match API names (custom fields end in __c).
    "salesforce": {"id": "Id", "status": "Status", "substatus": "Substatus__c", "owner": "OwnerId",
                   "nurture_track": "Nurture_Track__c", "next_action_date": "Next_Action_Date__c"},
    # HubSpot's import maps a column to the property whose label it repeats.
    "hubspot": {"id": "Record ID", "status": "Lead Status", "substatus": "Lead Substatus",
                "owner": "Contact owner", "nurture_track": "Nurture Track", "next_action_date": "Next Action Date"},
    "generic": {"id": "Id", "status": "Status", "substatus": "Substatus", "owner": "Owner",
                "nurture_track": "Nurture Track", "next_action_date": "Next Action Date"},
}

#: (status, substatus) each kind of change writes, per format; None leaves the cell blank (unchanged).
#: Every status/substatus pair reads back to the same disposition through the default substatus_map.
UPDATE_VALUES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "generic": {
        "suppress": ("Unqualified", "Do Not Contact"), "disqualify": ("Unqualified", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("Open", "Recycled"),
        "not_ready": ("Unqualified", "Not Ready"), "unresponsive": ("Unqualified", "No Response"),
        "update_disposition": ("Contacted", None),
    },
    # Salesforce's default lead status picklist; the reason goes to the substatus field.
    "salesforce": {
        "suppress": ("Closed - Not Converted", "Do Not Contact"), "disqualify": ("Closed - Not Converted", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("Open - Not Contacted", "Recycled"),
        "not_ready": ("Closed - Not Converted", "Not Ready"), "unresponsive": ("Closed - Not Converted", "No Response"),
        "update_disposition": ("Working - Contacted", None),
    },
    # HubSpot's internal hs_lead_status values.
    "hubspot": {
        "suppress": ("UNQUALIFIED", "Do Not Contact"), "disqualify": ("UNQUALIFIED", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("OPEN", "Recycled"),
        "not_ready": ("BAD_TIMING", "Not Ready"), "unresponsive": ("ATTEMPTED_TO_CONTACT", "No Response"),
        "update_disposition": ("IN_PROGRESS", None),
    },
}

_UPDATE_FIELDS = ("id", "status", "substatus", "owner", "nurture_track", "next_action_date")
_SF_ID = re.compile(r"^(?:00Q|003)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")
_HUBSPOT_HEADERS = frozenset({"recordid", "hsobjectid", "recordidcontact", "contactowner", "hubspotownerid",
                              "hsleadstatus", "lifecyclestage", "lifecyclestagecontact"})
_SALESFORCE_HEADERS = frozenset({"leadid", "leadowner", "ownerid", "convertedopportunityid",
                                 "isconverted", "hasoptedoutofemail", "salesforceid", "18digitid"})


def detect_format(frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None = None
                  ) -> tuple[str, str]:
    """(format, why) the input's headers show: HubSpot's ``Record ID``/``Contact owner``, Salesforce's
    ``Lead ID``/``Lead Owner``/``OwnerId`` or 15/18-character lead ids (``00Q...``); else generic."""
    shown = {column: (headers or {}).get(column, column) for column in frame.columns}
    keys = {header_key(h): h for h in shown.values()}
    hubspot = [keys[k] for k in keys if k in _HUBSPOT_HEADERS]
    if hubspot:
        return "hubspot", f"HubSpot headers in the input ({', '.join(repr(h) for h in hubspot[:2])})"
    salesforce = [keys[k] for k in keys if k in _SALESFORCE_HEADERS]
    if salesforce:
        return "salesforce", f"Salesforce headers in the input ({', '.join(repr(h) for h in salesforce[:2])})"
    ids = _column(frame, mapping, "lead_id")
    if ids is not None:
        sample = ids.dropna().astype(str).str.strip().head(50)
        sample = sample[sample.ne("")]
        if len(sample) and sample.str.match(_SF_ID).all():
            return "salesforce", "Salesforce lead ids (00Q...) in the input"
    return "generic", "no CRM-specific headers in the input"


def _update_headers(crm_format: str, frame: pd.DataFrame, mapping: ColumnMapping,
                    headers: dict[str, str] | None) -> dict[str, str]:
    """Header of each update field: the format's, or (generic) the input's own where it has the field."""
    names = dict(FORMAT_HEADERS[crm_format])
    if crm_format == "generic":
        for key, canonical in (("id", "lead_id"), ("status", "status"), ("substatus", "substatus"),
                               ("owner", "owner")):
            column = mapping.get(canonical)
            if column is not None and column in frame.columns:
                names[key] = (headers or {}).get(column, column)
    return names


def _update_values(crm_format: str, lifecycle: LifecycleConfig) -> dict[str, tuple[str | None, str | None]]:
    """(status, substatus) each kind of change writes in ``crm_format``, with the config's own statuses."""
    custom_status = lifecycle.update_status.get(crm_format, {})
    return {kind: (custom_status.get(kind, status), substatus)
            for kind, (status, substatus) in UPDATE_VALUES[crm_format].items()}


@dataclass
class _Writes:
    """Per lead, what its action writes: the kind of change (an action, 7 not_ready, 8 unresponsive) and the cells."""

    kind: np.ndarray
    status: pd.Series
    substatus: pd.Series
    owner: pd.Series


def _writes(action: np.ndarray, is_not_ready: np.ndarray, to_marketing: np.ndarray,
            values: dict[str, tuple[str | None, str | None]], marketing_queue: str) -> _Writes:
    """The status, substatus and owner each lead's action writes (missing: leave as is)."""
    kind = np.where(action == 4, np.where(is_not_ready, 7, 8), action)  # 7 not_ready, 8 unresponsive
    kind_names = ["suppress", "disqualify", "create_opportunity", "recycle", "", "update_disposition", "",
                  "not_ready", "unresponsive"]
    status_out = _pick([values[k][0] if k else None for k in kind_names], kind)
    substatus_out = _pick([values[k][1] if k else None for k in kind_names], kind)
    owner_out = _pick([marketing_queue], np.where(to_marketing, 0, -1))
    return _Writes(kind=kind, status=status_out, substatus=substatus_out, owner=owner_out)


def _update_file(crm_format: str, frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None,
                 lifecycle: LifecycleConfig, ids: pd.Series, action: np.ndarray, writes: _Writes,
                 track_text: pd.Series, next_date: pd.Series, actions: pd.DataFrame, reason: pd.Series
                 ) -> tuple[pd.DataFrame, dict[str, str]]:
    """(the update file: leads that change and have an id, under the format's headers; those headers)."""
    changes = (action != len(ACTIONS) - 1) & ids.notna().to_numpy(dtype=bool)
    rows = np.flatnonzero(changes)
    names = {**_update_headers(crm_format, frame, mapping, headers), **lifecycle.update_headers.get(crm_format, {})}
    columns = {"id": ids, "status": writes.status, "substatus": writes.substatus, "owner": writes.owner,
               "nurture_track": track_text, "next_action_date": next_date}
    updates = pd.DataFrame({names[key]: columns[key].iloc[rows].reset_index(drop=True) for key in _UPDATE_FIELDS})
    updates["action"] = actions["action"].iloc[rows].reset_index(drop=True)
    updates["reason"] = reason.iloc[rows].reset_index(drop=True)
    return updates, names
