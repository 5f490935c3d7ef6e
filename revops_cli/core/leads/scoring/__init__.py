"""Lead scoring: Lead Management SOP, 3. Lead Scoring, and its "score accuracy" check.

"Calculate demographic score (0-30 points)", "firmographic score (0-30
points)" and "behavioral score (0-40 points)"; total 0-100; bands "80+ = Hot,
60-79 = Warm, 40-59 = Qualified, 20-39 = Early, 0-19 = Cold". Every rule,
cap, event weight and band lives in ``[scoring]`` of the config
(:class:`~revops_cli.config.ScoringConfig`); this module only evaluates them.

How a score is made, so it can be checked:

* Points rules (``"seniority = VP" = 12``; see :mod:`revops_cli.normalize.score_rules`)
  are evaluated per dimension. Rules on one field form a ladder: in the order
  written, the first rule a lead matches gives its points and later rules on
  that field give none. The dimension total is then clipped to 0..max.
* Field values: canonical columns through the column mapping; ``seniority``
  and ``function`` from the title normaliser (with ``clean.title_rules``);
  ``country`` as ISO 3166-1 alpha-2 through the country normaliser (rule
  values too, so ``"country in United States"`` matches ``USA`` and ``US``);
  ``industry`` matches the NAICS sector code (``51``, ``31-33``; ``31`` means
  ``31-33``), the sector name or the industry text as written; ``employees``
  and ``annual_revenue`` are the numbers normaliser's value (a range such as
  ``1,000-5,000`` counts as its midpoint, ``10,000+`` as its lower bound);
  ``email_valid`` / ``email_generic`` from the email classifier (generic is
  only known for a valid address); ``target_account`` compares the company
  match key with ``scoring.target_accounts`` plus the caller's list.
* A blank value matches ``missing`` and nothing else: not ``=``, not ``!=``,
  not a number or time comparison. Boolean fields compare with true/false,
  yes/no, 1/0.
* A rule whose field has no column in the file never fires; it is listed in
  :attr:`ScoreResult.rules_without_column`.
* Behavioural events (``scoring.behavioral.events``): each event gives
  ``points * 0.5 ** (age_days / half_life_days)`` (future-dated events count
  as today), summed per lead and kind, capped at the kind's max. Events come
  from an activities export (:func:`~revops_cli.core.sales.activities.prepare_activities`;
  undated activities are not scored) and from engagement-count columns
  (``Number of Pageviews``...: count x points, decayed by the age of
  ``last_activity_at`` when the file has it). ``demo_requested`` may hold a
  date (one event then), yes/true (one event, decayed by last activity) or a
  count. When both sources give a kind for a lead, the larger counts (they
  describe the same engagement). The behavioural total is rounded once, half
  up, before its cap.

Everything is vectorised: each source column is factorised once, rules are
evaluated on its distinct values and broadcast to the rows.
"""

from revops_cli.core.leads.scoring.calibration import (
    BandConversion,
    BandOutcome,
    CalibrationResult,
    DecileLift,
    ScoreQuality,
    calibrate,
    outcome_quality,
    roc_auc,
    score_quality,
)
from revops_cli.core.leads.scoring.events import EVENT_LABELS
from revops_cli.core.leads.scoring.fields import BOOLEAN_FIELDS
from revops_cli.core.leads.scoring.score import (
    DIMENSIONS,
    HISTOGRAM_BINS,
    SCORE_COLUMNS,
    ScoreResult,
    score_leads,
)

__all__ = [
    "BOOLEAN_FIELDS",
    "DIMENSIONS",
    "EVENT_LABELS",
    "HISTOGRAM_BINS",
    "SCORE_COLUMNS",
    "BandConversion",
    "BandOutcome",
    "CalibrationResult",
    "DecileLift",
    "ScoreQuality",
    "ScoreResult",
    "calibrate",
    "outcome_quality",
    "roc_auc",
    "score_leads",
    "score_quality",
]
