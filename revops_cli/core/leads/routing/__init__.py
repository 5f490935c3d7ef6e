"""Lead routing and nurture: the Lead Management SOP's "4. Lead Routing" and "5. Lead Nurturing".

"IF score >= 80 THEN Route to Senior Sales Rep, Alert: SMS + Email, SLA: 5
minutes; ELSE IF score >= 60 THEN Route to Sales Rep (round robin), Alert:
Email, SLA: 1 hour; ELSE IF score >= 40 THEN Route to SDR team, Alert: Queue
notification, SLA: 24 hours; ELSE Add to Marketing Nurture, no sales
assignment." "Territory Assignment: geographic territory, industry vertical,
company size tier, named account list; apply round-robin within territory.
Exception Handling: no eligible rep, escalate to Sales Manager." Every number
is a row of ``[routing]``, ``[nurture]``, ``[scoring].bands`` and ``[sla]``.

:func:`route_leads` adds, after the file's own columns, ``revops_queue``,
``revops_territory``, ``revops_owner``, ``revops_owner_id``, ``revops_alert``,
``revops_sla_minutes``, ``revops_due_at``, ``revops_nurture_track``,
``revops_next_touch``, ``revops_next_touch_at`` and ``revops_route_reason``
(one plain sentence per lead: "Hot 86 → Senior Sales Rep; territory US West
by state CA; round robin Marcus Chen (1 of 1)").

How a lead is routed, in order:

1. **Tier** by score (``routing.tiers``, highest ``min_score`` first): the
   queue, the rep roles, the alert and the SLA minutes. A tier without roles
   (``nurture``) makes no sales assignment: the owner is
   ``lifecycle.marketing_queue``.
2. **Kept owner**: with ``routing.keep_active_owner`` (and no ``--reassign``),
   a lead of a sales tier whose owner (name, email or rep id, any case) is an
   active rep who is not out of office keeps that owner. A lead below the
   sales tiers goes to the marketing queue whoever owns it ("no sales
   assignment"), unless ``routing.keep_owner_in_nurture``.
3. **Territory**, first match wins: territories in ``priority`` order (file
   order without one). A named-account territory listing the lead's company
   (compared by company key: "Acme, Inc." = "ACME Corp") wins outright; then a
   territory matches when every criterion it sets matches (countries, states,
   industries as NAICS sectors, size tiers against employees); one that sets
   nothing is a catch-all. Checks missing from ``routing.territory_order`` are
   ignored (a territory whose only criteria are ignored matches nothing). The
   lead goes to the first matching territory *staffed* for its tier, i.e.
   with at least one active rep of the tier's roles (out of office, at
   capacity or off hours still count: the territory owns the lead and
   escalates it); so an SDR lead from California skips an SDR-less "US West"
   for "North America". Reps whose territory is blank, ``*`` or ``Any``
   (``All``/``Global`` too when no territory has that name) are the fallback
   pool of their role when no matching territory is staffed.
4. **Round robin** among the pool's eligible reps: active, not out of office
   (``out_of_office_until`` is the first day back, in the rep's time zone),
   under capacity (the roster's ``load`` column, else the leads of this input
   they already own and keep, plus this run's assignments so far), weight above 0
   (``round_robin = "even"`` makes every other weight 1), and, with
   ``routing.skip_outside_working_hours``, inside their working hours now
   (their hours or the config's, on ``business_hours.workdays``; holidays are
   not checked here). Weighted fair queuing with counts persisted per pool
   ``"<territory>|<queue>"`` (``"*|<queue>"`` for the fallback pool; see
   :func:`weighted_fair_order`) gives an exact weighted rotation that carries
   over between runs; a rep new to a pool, or back from leave, joins at the
   pool's current level instead of getting a flood. The reason names the rep's
   place among the eligible reps ("(2 of 3)") and the reps skipped, and why.
5. **Escalation** when no rep is eligible, no territory matches, or capacity
   runs out: the territory's ``routing.escalation_roles`` rep (active, not out
   of office; capacity is not checked), else the first such rep on the roster,
   else the text ``routing.escalation_owner``. The queue and SLA stay the
   tier's. The reason says why (at most 3 reps named, then "and N more").
6. **Due date** (``revops_due_at``, ISO 8601 in ``general.timezone``): SLA
   start + the tier's minutes. A lead routed by this run starts its clock now
   (or at ``created_at`` if that is later); a kept owner's clock starts at
   ``assigned_at``, else ``created_at``, else now. Bands in ``sla.wall_clock_bands`` (Hot) count
   clock minutes; the others business minutes in the assigned rep's own
   calendar (time zone, holiday country, working hours) when
   ``routing.business_hours_deadlines``.
7. **Nurture**: the ``nurture.tracks`` row holding the score (none above the
   top track, i.e. Hot), and the first step of ``nurture.sequence`` whose day
   (counted from ``created_at``'s date, else today) is today or later, with its
   date; once every step is past, the track's own cadence ("newsletter
   (monthly)") every ``frequency`` days from the last step, or "sequence
   complete" when the frequency cannot be read.

**Blocks**: leads are decided in blocks of consecutive rows, in file order
(``ROUTE_BLOCK_ROWS`` = 200,000, or ``--batch-rows``): within a block as
above, every pool's leads (pools in the order of their first lead) and then
the block's escalations; the round-robin counts, each rep's load and the
figures carry over to the next block, so a rep at capacity after one block
gets no round-robin lead in the next and a rotation goes on where it
stopped. An input of at most one block is routed all at once. What needs
every row is counted before the first block: a load from the input (each
rep's leads, less those leaving them) covers all of its rows. Every other
step decides each lead on its own, and a rotation split over blocks assigns
as one, so blocks matter only once a rep reaches capacity: who gets the
leads after that (and with it their due dates and reasons). A file read in
batches of the block size (``revops leads route`` on a big file) gives the
same output as the file read whole (:class:`RouteRun`).

Scores: ``revops_score``, else the mapped ``score`` column; a blank score is 0
("Cold (no score)"), text that is not a number is an error naming the row.

Deterministic: the same leads, roster, territories, state and ``now`` give the
same output and the same new state. Nothing here reads or writes files; the
new round-robin state is returned for the caller to save.

Without a territory file, territories come from the roster's territory names
when they are regions revops knows (:data:`KNOWN_REGIONS`, in ``territories.py``).

The modules, in the order a lead meets them: ``features`` (score, band, tier,
the lead's territory features), ``roster`` and ``availability`` (the reps and
who can take a lead now), ``territories`` and ``matching`` (step 3),
``round_robin`` (step 4 and its saved state), ``deadlines`` (step 6),
``nurture`` (step 7), ``reasons`` (the reason sentence) and ``router`` (the
run, steps in order); ``text`` and ``arrays`` are their shared helpers.
"""

from __future__ import annotations

from revops_cli.core.leads.routing.features import score_tiers
from revops_cli.core.leads.routing.nurture import frequency_days, nurture_plan
from revops_cli.core.leads.routing.roster import Roster, load_roster, role_key
from revops_cli.core.leads.routing.round_robin import STATE_VERSION, RouteState, weighted_fair_order
from revops_cli.core.leads.routing.router import (ROUTE_BLOCK_ROWS, ROUTE_COLUMNS, RouteResult, RouteRun, route_leads,
                                                  route_with_roster)
from revops_cli.core.leads.routing.territories import (FALLBACK_TERRITORY_NAMES, KNOWN_REGIONS, Territory,
                                                       load_territories, territories_from_roster)

__all__ = [
    "FALLBACK_TERRITORY_NAMES",
    "KNOWN_REGIONS",
    "ROUTE_BLOCK_ROWS",
    "ROUTE_COLUMNS",
    "RouteResult",
    "RouteRun",
    "RouteState",
    "STATE_VERSION",
    "Roster",
    "Territory",
    "frequency_days",
    "load_roster",
    "load_territories",
    "nurture_plan",
    "role_key",
    "route_leads",
    "route_with_roster",
    "score_tiers",
    "territories_from_roster",
    "weighted_fair_order",
]
