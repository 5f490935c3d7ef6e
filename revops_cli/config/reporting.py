"""[report]: the weekly pipeline-review pack."""

from __future__ import annotations

from pydantic import Field

from revops_cli.config.checks import _raise_if
from revops_cli.config.types import ConfigModel, Percent, PositiveInt
from pydantic import model_validator


class ReportConfig(ConfigModel):
    """`revops report weekly`: targets of the Lead Management SOP's weekly QA that the SOP names without a number."""

    score_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Score accuracy': share of the week's new leads whose recorded band is the "
        "band the scoring rules give (the SOP sets no number; 95 matches its SLA target).")
    routing_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Routing accuracy': share of the week's new leads owned by a role their "
        "score tier routes to (no number in the SOP; 95 as above).")
    trend_weeks: PositiveInt = Field(
        8, description="Weeks of funnel trend the pipeline review shows (the week reviewed and the ones before it).")
    response_buckets_minutes: list[PositiveInt] = Field(
        default_factory=lambda: [5, 60, 240, 1440, 2880], min_length=1,
        description="Upper bounds of the response-time buckets in the pipeline review, in minutes, ascending: the "
        "band SLAs (Hot 5 minutes, Warm 1 hour, Qualified 24 hours, Cold 48 hours) plus 4 hours; a last bucket "
        "holds everything slower.")

    @model_validator(mode="after")
    def _check(self) -> ReportConfig:
        bounds = self.response_buckets_minutes
        problems = [(("response_buckets_minutes", i), f"must be greater than the bound before it ({bounds[i - 1]}); "
                     f"list bounds from the shortest up (got {bounds[i]})")
                    for i in range(1, len(bounds)) if bounds[i] <= bounds[i - 1]]
        _raise_if(problems)
        return self

    @property
    def response_buckets(self) -> list[tuple[str, float]]:
        """(label, upper bound in minutes) per bucket, the last unbounded: ("≤ 5 min", 5) ... ("> 48 h", inf)."""
        def shown(minutes: int) -> str:
            return f"{minutes // 60} h" if minutes >= 60 and minutes % 60 == 0 else f"{minutes} min"
        buckets = [(f"≤ {shown(m)}", float(m)) for m in self.response_buckets_minutes]
        return buckets + [(f"> {shown(self.response_buckets_minutes[-1])}", float("inf"))]


