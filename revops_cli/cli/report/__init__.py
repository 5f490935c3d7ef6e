"""`revops report ...`: the Reporting SOP's inventory (:mod:`.commands`), `report due` (:mod:`.due`), the builders
both use (:mod:`.build`) and the inputs they read once (:mod:`.inputs`)."""

from revops_cli.cli.report.commands import campaigns, daily, forecast, monthly, pipeline_changes, weekly, win_loss
from revops_cli.cli.report.due import due

__all__ = ["campaigns", "daily", "due", "forecast", "monthly", "pipeline_changes", "weekly", "win_loss"]
