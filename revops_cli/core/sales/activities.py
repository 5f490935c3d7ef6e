"""Activity exports: what kind of touch each row is, when it happened and whose lead it was.

Shared by lead scoring (Lead Management SOP, 3. Lead Scoring: engagement with
recency decay) and the SLA audit (Sales SLA: "3 calls and 4 emails in 14
days"). Salesforce tasks and events, HubSpot engagements, Marketo and Pardot
activity logs all name the same things differently (``Outbound Call``,
``CALL``, ``Logged call``; ``Fill Out Form``, ``Form Submission``), so
:func:`activity_kind_column` maps every spelling to one of
:data:`ACTIVITY_KINDS`, once per distinct value, and :func:`prepare_activities`
links each activity to a row of the leads file:

* by lead id first: the id as given, trimmed; a Salesforce 15-character id
  also matches the 18-character (case-safe) id it is the start of, and the
  other way round, compared case-sensitively as Salesforce does;
* else by email, through the same match key dedupe uses (lower case, ``+tag``
  dropped, Gmail dots ignored), so ``JSmith@Acme.com`` finds ``jsmith@acme.com``;
  an invalid address (``jane.doe@``) matches the same text, case ignored.

When two leads share an id or a match key, the first one in the file gets the
activity. :func:`combine_links` stacks several exports (Salesforce tasks plus
a Marketo engagement log). Everything is lookups over whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.config import RevopsConfig
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.distinct import is_blank, map_distinct
from revops_cli.normalize.timestamps import normalize_timestamp_column

#: Sales touches (counted by the SLA audit) then marketing engagement (scored), then ``other``.
SALES_TOUCHES: tuple[str, ...] = ("call", "email", "meeting", "demo", "social")
ENGAGEMENT_KINDS: tuple[str, ...] = (
    "demo_request", "form_fill", "event_attended", "content_download", "email_click", "email_open", "page_view",
)
ACTIVITY_KINDS: tuple[str, ...] = (*SALES_TOUCHES, *ENGAGEMENT_KINDS, "other")

# Ordered (kind, pattern) table over the normalised type (lower case, punctuation
# and underscores read as spaces): the first match wins, so the specific comes
# before the general. "Email Open" is an open, not an email; "Demo Request" a
# request, not a demo; a bounce, an unsubscribe or an event registration is no
# engagement at all.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("other", r"\bunsubscri|\bopt(ed)? ?out\b|\bbounce"),
    ("other", r"\bregist(er|ers|ered|ering|ration|rations)\b"),  # registering is not attending
    ("demo_request", r"\bdemo requests?\b|\bdemo requested\b|\brequest(s|ed|ing)? (a |an |for |for a )?demo\b"),
    ("email_open", r"\bopen(s|ed)? (an |the )?e ?mails?\b|\be ?mails? open(s|ed)?\b"),
    ("email_click", r"\bclick(s|ed)? (an |the |a )?(e ?mails?|links?)\b|\be ?mails? click(s|ed)?\b|\blink click"),
    ("form_fill", r"\bfill(s|ed)? out (a |the )?forms?\b"
                  r"|\bforms? (fill|fills|filled|submit|submitted|submission|submissions)\b"
                  r"|\bsubmit(s|ted)? (a |the )?forms?\b|^(web )?forms?$"),
    ("event_attended", r"\battend(s|ed)? (an |the )?(event|webinar|conference|trade ?show|workshop|session)s?\b"
                       r"|\b(event|webinar|conference|trade ?show|workshop)s? (attended|attendance|attendee)\b"),
    ("content_download", r"\bdownload"),
    ("page_view", r"\bpage ?views?\b|\bvisit(s|ed)? (a |the )?(web ?pages?|web ?sites?|pages?|sites?)\b"
                  r"|\bweb ?page visits?\b|\bweb ?visits?\b"),
    ("demo", r"\bdemo(s|nstration)?\b"),
    ("meeting", r"\bmeetings?\b|\bevent\b|\bappointments?\b|\bmtg\b"),  # a Salesforce Event is a meeting
    ("social", r"\blinked ?in\b|\binmail\b|\bsocial\b|\btwitter\b|\btweet"),
    ("call", r"\bcall|\bphone|\bdial|\bvoice ?mail|\bvm\b"),
    ("email", r"\be ?mails?\b"),
)
# A subject that starts like a reply or forward is an email, whatever it is about.
_REPLY_SUBJECT = re.compile(r"^(re|fw|fwd|aw|wg|tr)\b")
# Types that say nothing: the subject decides (Salesforce "Task", HubSpot "TASK").
_SUBJECT_FALLBACK = frozenset({"", "task", "other"})
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in KIND_PATTERNS)
_NON_WORD = re.compile(r"[\W_]+")
_FALLBACK = "\0subject"


def _type_key(text: str) -> str:
    """``"Email: Sent"`` -> ``"email sent"``; ``"INCOMING_EMAIL"`` -> ``"incoming email"``."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _override_key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def activity_kind(text: str | None, *, subject: bool = False) -> str:
    """The kind of one activity type (or, with ``subject``, of a subject line); ``other`` when unknown."""
    if text is None:
        return "other"
    key = _type_key(str(text))
    if subject and _REPLY_SUBJECT.match(key):
        return "email"
    for kind, pattern in _COMPILED:
        if pattern.search(key):
            return kind
    return "other"


def activity_kind_column(
    types: pd.Series, subjects: pd.Series | None = None, extra: Mapping[str, str] | None = None
) -> pd.Series:
    """Map activity-type values to :data:`ACTIVITY_KINDS`, once per distinct value.

    ``extra`` maps exact type values (case and surrounding space ignored) to a
    kind and is checked first. A blank type, ``Task`` or ``Other`` falls back to
    the ``subjects`` value of the row (``"Follow-up call"`` -> call, ``"Re: ..."``
    -> email). Returns a Series named ``kind`` with the index of ``types``.
    """
    overrides: dict[str, str] = {}
    for key, kind in (extra or {}).items():
        if kind not in ACTIVITY_KINDS:
            raise ValueError(f"activity kind override {key!r} = {kind!r}: expected one of {', '.join(ACTIVITY_KINDS)}")
        overrides[_override_key(key)] = kind

    def by_type(value: object) -> tuple[str]:
        if value is None:
            return (_FALLBACK,)
        text = str(value)
        if overrides and _override_key(text) in overrides:
            return (overrides[_override_key(text)],)
        if _type_key(text) in _SUBJECT_FALLBACK:
            return (_FALLBACK,)
        return (activity_kind(text),)

    kinds = np.array(map_distinct(types, by_type, ("kind",))["kind"], dtype=object)  # a writable copy
    fallback = kinds == _FALLBACK
    if fallback.any():
        if subjects is not None:
            chosen = subjects[fallback]
            kinds[fallback] = map_distinct(
                chosen, lambda value: (activity_kind(None if value is None else str(value), subject=True),), ("kind",)
            )["kind"].to_numpy(dtype=object)
        else:
            kinds[fallback] = "other"
    return pd.Series(kinds, index=types.index, dtype=object, name="kind")


# --------------------------------------------------------------------------
# Linking records (activities, opportunities) to the rows of a leads file
# --------------------------------------------------------------------------

_SALESFORCE_ID = r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?"


def _clean_ids(values: pd.Series) -> pd.Series:
    """Trimmed id text with a plain RangeIndex; blank -> None."""
    text = values.astype("str").str.strip()
    return text.where(~is_blank(values), None).reset_index(drop=True).astype(object)


def _first_index(keys: pd.Series) -> tuple[pd.Index, np.ndarray]:
    """A unique index over non-missing ``keys`` and, per entry, the position it first occurs at."""
    keep = (keys.notna() & ~keys.duplicated()).to_numpy()
    return pd.Index(keys.to_numpy(dtype=object)[keep], dtype=object), np.flatnonzero(keep)


def _lookup(index: tuple[pd.Index, np.ndarray], query: pd.Series) -> np.ndarray:
    keys, positions = index
    if len(keys) == 0:
        return np.full(len(query), -1, dtype=np.int64)
    # Arrow's hash lookup: pandas' object-index get_indexer took 7 s for 5M activity keys
    found = pc.index_in(pa.array(query.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True),
                        value_set=pa.array(keys.to_numpy(dtype=object), type=pa.large_string()))
    found = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(found >= 0, positions[np.maximum(found, 0)], -1).astype(np.int64)


def link_to_leads(
    ids: pd.Series | None, emails: pd.Series | None, leads: pd.DataFrame, lead_mapping: ColumnMapping
) -> tuple[np.ndarray, np.ndarray]:
    """Position of the lead row each record belongs to (-1: none), and a mask "linked by id".

    ``ids``/``emails`` are the record's lead-id and email columns (either may be
    None). Id first (exact after trimming, then Salesforce 15 <-> 18 characters),
    else email match key. Vectorised: index lookups over whole columns.
    """
    n = len(ids) if ids is not None else len(emails) if emails is not None else 0
    positions = np.full(n, -1, dtype=np.int64)
    lead_id_column = lead_mapping.get("lead_id")
    if ids is not None and lead_id_column is not None and n:
        query = _clean_ids(ids)
        lead_ids = _clean_ids(leads[lead_id_column])
        positions = _lookup(_first_index(lead_ids), query)
        # Salesforce: the 15-character id is the first 15 of the 18-character one (case-sensitive).
        query_text = query.astype("str")
        query_sf = query_text.str.fullmatch(_SALESFORCE_ID).fillna(False).to_numpy(dtype=bool) & (positions < 0)
        if query_sf.any() and len(lead_ids):
            query_len = query_text.str.len().to_numpy(dtype=float)
            lead_text = lead_ids.astype("str")
            lead_sf = lead_text.str.fullmatch(_SALESFORCE_ID).fillna(False).to_numpy(dtype=bool)
            lead_len = lead_text.str.len().to_numpy(dtype=float)
            long_prefix = lead_ids.str.slice(0, 15).where(lead_sf & (lead_len == 18), None)
            short = lead_ids.where(lead_sf & (lead_len == 15), None)
            want_long = pd.Series(np.where(query_sf & (query_len == 15), query.to_numpy(dtype=object), None))
            want_short = pd.Series(np.where(query_sf & (query_len == 18),
                                            query.str.slice(0, 15).to_numpy(dtype=object), None))
            found = _lookup(_first_index(long_prefix), want_long)
            found = np.where(found >= 0, found, _lookup(_first_index(short), want_short))
            positions = np.where(query_sf, found, positions)
    by_id = positions >= 0
    lead_email_column = lead_mapping.get("email")
    if emails is not None and lead_email_column is not None and n and not by_id.all():
        open_ = ~by_id
        query = _email_keys(emails[open_])
        positions[open_] = _lookup(_first_index(_email_keys(leads[lead_email_column])), query)
    return positions, by_id


_GMAIL_DOMAINS = ("gmail.com", "googlemail.com")


def _email_keys(emails: pd.Series) -> pd.Series:
    """The key two spellings of one inbox share, for joining activities to leads.

    Syntax only, vectorised (no validator: a million lead emails would take half a
    minute through it): unwrapped from ``Name <...>``, quotes and ``mailto:``, lower-cased,
    ``+tag`` dropped, Gmail dots dropped and googlemail.com read as gmail.com, as
    :func:`~revops_cli.normalize.email.email_match_key` does for valid addresses.
    Text that is not an address keys as itself, lower-cased and trimmed, so ``jane.doe@``
    in the activity export still finds ``jane.doe@`` in the leads file. Blank -> None.
    """
    text = emails.astype("str").str.strip().str.lower().reset_index(drop=True)
    blank = text.isna() | text.eq("") | is_blank(text).to_numpy(dtype=bool)
    wrapped = text.str.extract(r"<\s*([^<>\s]+@[^<>\s]+)\s*>", expand=False)
    address = wrapped.fillna(text).str.replace(r"^mailto:", "", regex=True).str.strip(" \"'")
    parts = address.str.extract(r"^(.*)@([^@]*)$")  # Arrow regex; rpartition maps in Python
    local, domain = parts[0].fillna(""), parts[1].fillna("")
    is_address = local.ne("") & domain.ne("")
    local = local.str.replace(r"(?<=.)\+.*$", "", regex=True)
    gmail = domain.isin(_GMAIL_DOMAINS)
    local = local.mask(gmail, local.str.replace(".", "", regex=False))
    domain = domain.mask(gmail, "gmail.com")
    keys = (local + "@" + domain).where(is_address, text)
    return keys.astype(object).where(~blank.to_numpy(), None)


@dataclass
class ActivityLink:
    """What :func:`prepare_activities` returns.

    ``frame``: one row per activity (the export's index) with ``lead_pos``
    (position of the lead row in the leads frame, -1 when unlinked), ``kind``
    (one of :data:`ACTIVITY_KINDS`), ``at`` (UTC, NaT when blank or
    unparsable), ``rep`` and ``outcome`` (text as given, missing when the
    export has no such column). The counts say how the rows were linked.
    """

    frame: pd.DataFrame
    linked: int
    unlinked: int
    by_lead_id: int
    by_email: int
    unparsable_times: int

    @property
    def kind_counts(self) -> dict[str, int]:
        counts = self.frame["kind"].value_counts()
        return {kind: int(counts.get(kind, 0)) for kind in ACTIVITY_KINDS}

    def summary(self) -> dict:
        return {
            "activities": len(self.frame),
            "linked": self.linked,
            "unlinked": self.unlinked,
            "linked_by_lead_id": self.by_lead_id,
            "linked_by_email": self.by_email,
            "unparsable_times": self.unparsable_times,
            "kinds": self.kind_counts,
        }


def prepare_activities(
    activities: pd.DataFrame,
    activity_mapping: ColumnMapping,
    leads: pd.DataFrame,
    lead_mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    extra_kinds: Mapping[str, str] | None = None,
) -> ActivityLink:
    """Kind, time and lead of every activity (see the module docstring for the linking rules).

    Times without an offset are read in ``config.general.timezone``; ``at`` is
    UTC. ``extra_kinds`` maps exact type values to kinds (see
    :func:`activity_kind_column`).
    """
    index = activities.index
    column = activity_mapping.get

    def series(field: str) -> pd.Series | None:
        name = column(field)
        return None if name is None else activities[name]

    types = series("type")
    subjects = series("subject")
    if types is not None:
        kind = activity_kind_column(types, subjects, extra_kinds)
    elif subjects is not None:
        kind = activity_kind_column(pd.Series(None, index=index, dtype=object), subjects, extra_kinds)
    else:
        kind = pd.Series("other", index=index, dtype=object, name="kind")

    stamps = series("timestamp")
    if stamps is not None:
        # parse each distinct timestamp once: 5M task rows hold far fewer distinct times
        codes, uniques = pd.factorize(stamps.astype(object), use_na_sentinel=True)
        parsed = normalize_timestamp_column(pd.Series(np.asarray(uniques, dtype=object), dtype="str"),
                                            timezone=activity_mapping.naive_timezone(
                                                "timestamp", config.general.timezone))["revops_parsed"]
        utc = pd.DatetimeIndex(parsed).tz_convert("UTC").as_unit("ns")
        values = np.append(utc.asi8, np.iinfo(np.int64).min)[codes]  # code -1 (blank) -> NaT
        at = pd.Series(pd.DatetimeIndex(values.view("M8[ns]")).tz_localize("UTC"), index=index)
        unparsable = int((at.isna() & ~is_blank(stamps)).sum())
    else:
        at = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")
        unparsable = 0

    positions, by_id = link_to_leads(series("lead_id"), series("email"), leads, lead_mapping)
    linked = positions >= 0
    rep = series("rep")
    outcome = series("outcome")
    frame = pd.DataFrame(
        {
            "lead_pos": pd.Series(positions, index=index, dtype=np.int64),
            "kind": kind,
            "at": at,
            "rep": rep if rep is not None else pd.Series(None, index=index, dtype=object),
            "outcome": outcome if outcome is not None else pd.Series(None, index=index, dtype=object),
        },
        index=index,
    )
    return ActivityLink(
        frame=frame,
        linked=int(linked.sum()),
        unlinked=int((~linked).sum()),
        by_lead_id=int(by_id.sum()),
        by_email=int((linked & ~by_id).sum()),
        unparsable_times=unparsable,
    )


def combine_links(links: Sequence[ActivityLink]) -> ActivityLink | None:
    """Several activity exports (calls from Salesforce, engagement from Marketo) as one link.

    The frames are stacked with a two-level index (``source``: position in
    ``links``, ``row``: the export's own index) so rows of different files never
    share a label; the counts add up. None for no links; one link is returned as is.
    """
    links = list(links)
    if not links:
        return None
    if len(links) == 1:
        return links[0]
    frame = pd.concat([link.frame for link in links], keys=range(len(links)), names=["source", "row"])
    return ActivityLink(
        frame=frame,
        linked=sum(link.linked for link in links),
        unlinked=sum(link.unlinked for link in links),
        by_lead_id=sum(link.by_lead_id for link in links),
        by_email=sum(link.by_email for link in links),
        unparsable_times=sum(link.unparsable_times for link in links),
    )


def link_activity_exports(exports: Sequence[MappedFrame], leads: pd.DataFrame, lead_mapping: ColumnMapping,
                          config: RevopsConfig, *, merged_into: Mapping[str, str] | None = None) -> ActivityLink | None:
    """Link the rows of each activities export to the leads (by lead id, else email) as one link.

    ``merged_into`` maps the ids of records a dedupe merged away to their survivor's id,
    so their activities count for the survivor. An export with no activity date, or with
    neither a lead id nor an email column, is a :class:`RevopsInputError` naming it.
    None when there are no exports.
    """
    links = []
    for export in exports:
        frame, activity_mapping, source = export.frame, export.mapping, export.source
        id_column = activity_mapping.get("lead_id")
        if merged_into and id_column is not None:
            frame = frame.copy()
            ids = frame[id_column]
            frame[id_column] = ids.where(~ids.isin(list(merged_into)), ids.map(merged_into))
        if activity_mapping.get("timestamp") is None:
            raise RevopsInputError(f"{source}: no activity date column found (looked for 'Activity Date', 'Date', "
                                   "'Timestamp', ...); rename the date column's header to 'Activity Date'.")
        if id_column is None and activity_mapping.get("email") is None:
            raise RevopsInputError(f"{source}: no lead id or email column to join activities to leads "
                                   "(looked for 'Lead ID', 'Who ID', 'Email', ...).")
        links.append(prepare_activities(frame, activity_mapping, leads, lead_mapping, config))
    return combine_links(links)
