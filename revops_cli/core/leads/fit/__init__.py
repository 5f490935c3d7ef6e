"""Lead scoring that learns from outcomes (Lead Management SOP: "Scoring adjustment", "Conversion rates by
score"): :func:`fit_scoring` turns leads whose outcome is known into readable points tables.

See :mod:`revops_cli.core.leads.fit.run` for what a fit does and reports.
"""

from revops_cli.core.leads.fit.outcome import Outcome, read_outcome
from revops_cli.core.leads.fit.run import FitResult, FittedField, fit_scoring, split_rows
from revops_cli.core.leads.fit.tables import FittedRule

__all__ = ["FitResult", "FittedField", "FittedRule", "Outcome", "fit_scoring", "read_outcome", "split_rows"]
