"""Lead lifecycle: the action the Lead Management SOP requires of each lead today, and the CRM update file.

The rules (Lead Management SOP, "6. Lead Disposition": "Qualified -> Create
Opportunity, Not Ready -> Return to Marketing, Bad Fit -> Disqualify, No
Response -> Recycle (90 days), Do Not Contact -> Suppress ... Update within 24
hours of contact"; the sales–marketing agreement: "If contact is not made ...
two weeks ... call a total of three times and email a total of four times ...
the seller can mark the lead as unresponsive" and marketing nurtures it).

:func:`plan_lifecycle` gives every lead one action, the first that applies in
this order (:data:`ACTIONS`):

1. ``suppress``: the status or substatus is a ``do_not_contact`` value of
   ``lifecycle.substatus_map``, or the ``unsubscribed`` flag (Email Opt Out,
   Unsubscribed from all email, Do Not Contact, ...) or the ``bounced`` cell
   (a hard-bounce reason) is set. Suppression wins over everything: a Do Not
   Contact lead that also finished the cadence is suppressed, not nurtured.
  It is already done (``none``) when the status reads Do Not Contact, or
  reads closed (a ``bad_fit`` status such as "Closed - Not Converted",
  ``UNQUALIFIED``) and the substatus reads Do Not Contact or the file has no
  substatus column.
2. ``disqualify``: the disposition is ``bad_fit``.
3. ``create_opportunity``: the disposition is ``qualified`` and no
   opportunity is linked to the lead: none in ``opportunities`` (by its
   converted-lead id, else email), the lead's converted column
   (:data:`CONVERTED_HEADERS`: ConvertedOpportunityId, IsConverted, Associated
   Deal) is empty or false,
   and the status does not itself say converted ("Closed - Converted") or
   "Open Deal".
4. ``recycle``: the disposition is ``no_response`` and at least
   ``lifecycle.recycle_days`` calendar days (``general.timezone`` dates) have
   passed since the disposition date. Back to marketing with a fresh nurture
   track by the current score.
5. ``return_to_nurture``: the disposition is ``not_ready``; or the lead has no
   disposition and the SLA audit lists it as unresponsive (no contact, the
   ``sla.cadence_days`` window over, at least ``sla.cadence_calls`` calls and
   ``sla.cadence_emails`` emails in it: see :mod:`revops_cli.core.sales.sla`). The
   owner becomes ``lifecycle.marketing_queue`` with the nurture track of the
   lead's score.
6. ``update_disposition``: no disposition, and the SLA audit finds the status
   not updated within ``sla.disposition_hours`` of the first touch
   (``stuck_open``).
7. ``none``.

Decisions, so they can be checked:

* **Disposition** of a lead: its substatus through ``lifecycle.substatus_map``
  when the map knows it ("Unqualified" with reason "Bad Timing" is Not Ready),
  else its status; either one reading Do Not Contact suppresses.
* **Disposition date** (for the 90 days): the ``status_changed_at`` column,
  else a last-modified column (:data:`MODIFIED_HEADERS`), else ``last_activity_at``, else
  the lead's latest linked activity, else ``created_at``, taken per lead where
  the cell is filled. ``disposition_date_from`` names the source; a No
  Response lead with no date at all is not recycled (its reason says why).
* **Already done** is not a change: a suppress/disqualify whose status
  already reads that disposition, a Not Ready lead already owned by the
  marketing queue (or whose status already reads Not Ready when there is no
  owner column) is ``none`` with the reason "already ...". Leads owned by the
  marketing queue are marketing's: they get no ``return_to_nurture`` for the
  cadence and no ``update_disposition`` (a recycled lead's old touches would
  otherwise send it straight back).
* **Score** for the nurture track: ``revops_score``, else the mapped
  ``score`` column; where that is blank or absent the lead is scored with
  :func:`~revops_cli.core.leads.scoring.score_leads`. The track is the
  ``nurture.tracks`` row holding the score, chosen by the same code as
  routing; the lead enters nurture today, so the next action date is today
  (the sequence's day-0 step).
* **Update values** (:data:`UPDATE_VALUES`): the status and substatus each
  action writes, per CRM format. A blank cell in the update file means "leave
  as is" (Data Loader, Data Import Wizard and HubSpot import all skip blank
  cells), so ``create_opportunity`` only sets the next action date: an import
  cannot convert a lead, the owner converts it in the CRM.
* **Format** (``--format``): ``salesforce`` (Data Loader / Data Import Wizard
  API names), ``hubspot`` (import column labels, HubSpot's internal lead status
  values) or ``generic`` (the input's own headers); by default the one the
  input's headers show (:func:`detect_format`).
* Leads with a blank id are planned but left out of the update file (there is
  no record to update); ``counts["no_id"]`` says how many.

Vectorised: dispositions are looked up once per distinct status and
substatus, dates parsed once per distinct cell, reasons built by column-wise
string concatenation; nothing loops over leads.
"""

from revops_cli.core.leads.lifecycle.codes import ACTIONS, DATE_SOURCES, DISPOSITIONS
from revops_cli.core.leads.lifecycle.plan import LifecycleResult, plan_lifecycle
from revops_cli.core.leads.lifecycle.update_file import FORMAT_HEADERS, FORMATS, UPDATE_VALUES, detect_format

__all__ = [
    "ACTIONS",
    "DATE_SOURCES",
    "DISPOSITIONS",
    "FORMATS",
    "FORMAT_HEADERS",
    "UPDATE_VALUES",
    "LifecycleResult",
    "detect_format",
    "plan_lifecycle",
]
