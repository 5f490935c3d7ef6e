"""[report]: the weekly pipeline-review pack."""

from __future__ import annotations

from pydantic import Field

from revops_cli.config.types import ConfigModel, Percent


class ReportConfig(ConfigModel):
    """`revops report weekly`: targets of the Lead Management SOP's weekly QA that the SOP names without a number."""

    score_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Score accuracy': share of the week's new leads whose recorded band is the "
        "band the scoring rules give (the SOP sets no number; 95 matches its SLA target).")
    routing_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Routing accuracy': share of the week's new leads owned by a role their "
        "score tier routes to (no number in the SOP; 95 as above).")


