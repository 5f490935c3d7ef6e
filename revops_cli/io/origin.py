"""Where an export came from, judged by its headers: an API extract or a report a person ran.

It matters for timestamps written without an offset. Salesforce Data Loader, Data Export and
Workbench, HubSpot's API, and warehouse loaders (Fivetran, Stitch, Airbyte) write date-times in
**UTC** with or without a ``Z``; a report exported from the CRM's screen shows them in **the
user's time zone**. The two kinds name their columns differently: API exports use field names
(``CreatedDate``, ``CREATEDDATE``, ``SystemModstamp``, ``hs_createdate``, ``createdate``,
``property_createdate``, ``_fivetran_synced``), reports use labels with spaces (``Created Date``,
``Create Date``, ``Last Modified Date``).

:func:`timestamp_origin` says which kind a header row is, with the headers that decided it; the
reader (``cli.common.read_input``) turns that into the zone for the file's naive date-times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Field names that only an API extract writes (compared without case; snake_case spellings are
# the warehouse loaders' copies of the same fields).
_API_DATETIME_NAMES = {
    # Salesforce (CamelCase in Data Export and Workbench, UPPER CASE in Data Loader)
    "createddate", "lastmodifieddate", "systemmodstamp", "lastvieweddate", "lastreferenceddate",
    "emailbounceddate", "activitydatetime", "completeddatetime", "reminderdatetime", "lasttransferdate",
    "system_modstamp",
    # HubSpot API properties (and Fivetran's property_ copies)
    "createdate", "hs_createdate", "hs_lastmodifieddate", "hs_lastactivitydate", "notes_last_updated",
    "notes_last_contacted", "hs_last_sales_activity_timestamp", "hs_timestamp", "closedate",
    "property_createdate", "property_hs_createdate", "property_lastmodifieddate", "property_hs_lastmodifieddate",
    "property_closedate",
    # warehouse loaders: their copies of CRM objects keep the API's UTC
    "_fivetran_synced", "_sdc_extracted_at", "_sdc_batched_at", "_airbyte_extracted_at", "_airbyte_emitted_at",
}
# Exact-case CamelCase spellings: "CreatedDate" is the API, "Createddate" is a person typing.
_CAMEL = re.compile(r"^(?:[A-Z][a-z]+)+(?:Date|DateTime|Modstamp)$")
# A report label of a date or time: words with spaces, one of them about time.
_LABEL = re.compile(r"\b(date|time|created|modified|updated)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimestampOrigin:
    """``kind`` is "api" (naive date-times are UTC), "labels" (the user's zone) or None (cannot tell)."""

    kind: str | None
    evidence: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        shown = ", ".join(self.evidence[:3])
        if self.kind == "api":
            return f"API export (headers {shown}): date-times without an offset are UTC"
        if self.kind == "labels":
            return f"report export (headers {shown}): date-times without an offset are in the user's time zone"
        if self.evidence:
            return f"headers mix API names and report labels ({shown}): date-times read in general.timezone"
        return "no header names the export's origin: date-times read in general.timezone"


def _is_api_name(header: str) -> bool:
    name = header.strip().strip("\ufeff")
    if " " in name:
        return False
    lowered = name.lower()
    if lowered not in _API_DATETIME_NAMES:
        return False
    # Salesforce names count in their API spelling (CreatedDate, CREATEDDATE); lower-case ones are
    # HubSpot's or the loaders' (createdate, hs_createdate, _fivetran_synced).
    return name.isupper() or name.islower() or bool(_CAMEL.match(name))


def _is_label(header: str) -> bool:
    name = header.strip()
    return " " in name and bool(_LABEL.search(name))


def timestamp_origin(headers: list[str]) -> TimestampOrigin:
    """Whether a file's headers are an API extract's field names or a report's labels."""
    api = tuple(h for h in headers if _is_api_name(h))
    labels = tuple(h for h in headers if _is_label(h))
    if api and not labels:
        return TimestampOrigin("api", api)
    if labels and not api:
        return TimestampOrigin("labels", labels)
    return TimestampOrigin(None, api + labels)


_TIME_OF_DAY = re.compile(r"\d:\d\d")


def has_time_of_day(values) -> bool:  # noqa: ANN001 - a pandas Series of text
    """Whether a column's cells carry a time of day (date-only columns are calendar dates in any zone).

    Give it the cells detection samples (``columns.confirm.sampled_cells``), so a file read whole and
    the same file streamed in batches answer alike."""
    sample = values.dropna().head(500).astype("str")
    return bool(len(sample)) and bool(sample.str.contains(_TIME_OF_DAY, regex=True).any())
