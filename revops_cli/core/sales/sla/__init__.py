"""SLA audit: was every lead worked the way the SOPs say, and did every rep do the daily work?

The rules, each number from ``[sla]`` of the config (how each is judged, with
the edge cases and examples: docs/sla.md, "How each check is judged"):

* **Response by band** (Sales Process SOP, "Response Time SLAs": Hot (80+) 5
  minutes, Warm 1 hour, Qualified 24 hours, Cold 48 hours; ``response_minutes``
  keyed by scoring band): minutes from the clock start (``assigned_at``, else
  ``created_at``) to the first touch (call, email, meeting, demo or social
  activity on the lead, by anyone, not after ``now``). Bands in
  ``wall_clock_bands`` (Hot) count wall-clock minutes, the others business
  minutes of the owner's calendar. Met when the elapsed minutes are at most the
  SLA; compliance = met / (met + breached + open overdue).
* **Sales SLA** (Sales Funnel 101: "Sales will respond to leads within two
  business hours both by phone and email"; ``first_response_business_hours``,
  ``require_phone_and_email``): the first call and the first email both within
  the limit.
* **Cadence** (Sales Funnel 101: with no contact, work the lead "for a period of
  two weeks during which the seller will call a total of three times and email
  a total of four times", then mark it unresponsive for marketing nurture;
  ``cadence_days``, ``cadence_calls``, ``cadence_emails``): calls and emails in
  the wall-clock window from the clock start; ``short`` is a breach.
* **Disposition** (Lead Management SOP, 6. Lead Disposition, "Compliance:
  Update within 24 hours of contact"; ``disposition_hours``): the status
  changed within the hours of the first touch, else the lead is stuck in Open.
* **Weekly QA** (Lead Management SOP, Quality Assurance, "All new leads
  assigned", "SLA compliance >95%"; ``compliance_target``): owners that are
  blank, a queue, not on the roster or inactive; compliance against the target.
* **Daily minimums** (Sales Process SOP: SDR 50/100/3/-, AE 30/50/2/1, Senior AE
  20/30/3/2 calls/emails/meetings/demos; ``activity_minimums``): per active
  roster rep per working day of the rep's calendar.

Where: :mod:`.checks` (band, clock start, owner, touches, the per-lead checks,
business time), :mod:`.figures` (the breaches frame and the summary figures),
:mod:`.minimums` (rep-days), :mod:`.audit` (:func:`audit_sla` and the
:class:`SlaAudit` every table, ``--json`` and breaches file come from, so each
number is computed once), :mod:`.arrays` (the pieces they share). Vectorised
throughout: per-lead figures are ``np.minimum.at``/``bincount`` over the
activity arrays (no sort of five million rows), business time goes through
:mod:`revops_cli.core.sales.business_time` with one calendar object per rep,
texts are Arrow joins. Only the roster (reps, a few time zones) is looped over.
"""

from __future__ import annotations

from revops_cli.core.sales.sla.audit import SLA_COLUMNS, SlaAudit, audit_sla
from revops_cli.core.sales.sla.checks import (
    AGREEMENT_STATUSES,
    CADENCE_STATUSES,
    CONTACT_OUTCOMES,
    DISPOSITION_STATUSES,
    NO_CONTACT_OUTCOMES,
    OPEN_STATUS_WORDS,
    RESPONSE_KINDS,
    RESPONSE_STATUSES,
    UNASSIGNED_REASONS,
    UNBANDED,
    is_contact_outcome,
    lead_timestamps,
    recorded_bands,
)
from revops_cli.core.sales.sla.figures import BREACH_CHECKS
from revops_cli.core.sales.sla.minimums import ROLE_SYNONYMS, minimums_role

__all__ = [
    "AGREEMENT_STATUSES",
    "BREACH_CHECKS",
    "CADENCE_STATUSES",
    "CONTACT_OUTCOMES",
    "DISPOSITION_STATUSES",
    "NO_CONTACT_OUTCOMES",
    "OPEN_STATUS_WORDS",
    "RESPONSE_KINDS",
    "RESPONSE_STATUSES",
    "ROLE_SYNONYMS",
    "SLA_COLUMNS",
    "UNASSIGNED_REASONS",
    "UNBANDED",
    "SlaAudit",
    "audit_sla",
    "is_contact_outcome",
    "lead_timestamps",
    "minimums_role",
    "recorded_bands",
]
