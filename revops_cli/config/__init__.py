"""The SOP as a config file: every threshold, rule, table and list revops uses.

:class:`RevopsConfig` holds one section per SOP area (``general``, ``columns``,
``business_hours``, ``clean``, ``dedupe``, ``enrich``, ``scoring``,
``routing``, ``nurture``, ``sla``, ``funnel``, ``campaign``, ``event``,
``deals``, ``data_quality``, ``handoff``, ``content``, ``lifecycle``, ``report``, ``reporting``). Every
default is the number written in the team's SOPs (``/work/shared/seeds``), so
``RevopsConfig()`` *is* the SOP; a ``revops.toml`` only lists what a team
changed.

Conventions used throughout:

* percentages are numbers on 0-100 (``95.0`` means 95%);
* durations carry their unit in the key name (``_minutes``, ``_hours``,
  ``_days``, ``_years``);
* approval tables are ordered rows whose ``max_*`` bound is inclusive, and
  the last row has no bound (it approves everything above);
* every model forbids unknown keys and is strict about types, so a typo or a
  quoted number is reported instead of silently ignored.

The package is split along the SOP sections (``general.py``, ``leads.py``,
``scoring.py``, ``routing.py``, ``sales.py``, ``marketing.py``, ``data.py``,
``reporting.py``), with the root model in ``model.py``, the value types in
``types.py`` and loading in ``load.py``; everything public is importable from
``revops_cli.config``.

Loading is :func:`find_config_path` (``--config``, then ``REVOPS_CONFIG``,
then ``revops.toml`` in the working directory) and :func:`load_config`.
Every problem becomes a :class:`ConfigError` whose message names the file, the
dotted key (``sla.response_minutes.Hot``, ``scoring.bands[2].min``), what is
wrong and what is expected; :func:`check_config` lists all of them at once.
"""

from __future__ import annotations

from revops_cli.config.data import DataQualityConfig, DataQualityTargets, RetentionRule
from revops_cli.config.errors import ConfigError, ConfigProblem
from revops_cli.config.general import BusinessHoursConfig, GeneralConfig
from revops_cli.config.leads import (
                                     CleanConfig,
                                     DedupeConfig,
                                     EnrichConfig,
                                     LifecycleConfig,
                                     TitleRule,
                                     substatus_key,
)
from revops_cli.config.load import (
                                     CONFIG_ENV_VAR,
                                     CONFIG_FILENAME,
                                     STARTER_FILENAMES,
                                     check_config,
                                     config_to_toml,
                                     find_config_path,
                                     load_config,
                                     parse_config,
                                     resolve_config,
                                     starter_files,
                                     write_starter_files,
)
from revops_cli.config.marketing import (
                                     BudgetApprover,
                                     CampaignConfig,
                                     ContentConfig,
                                     EventConfig,
                                     FunnelConfig,
                                     KpiTargets,
                                     MarketingSla,
                                     OptimisationTrigger,
                                     PreSendChecks,
)
from revops_cli.config.model import RevopsConfig
from revops_cli.config.reporting import (REPORT_IDS, CustomerSegment, ReportConfig, ReportingConfig,
                                         ReportInventory, ScheduledReport)
from revops_cli.config.routing import (
                                     NurtureConfig,
                                     NurtureStep,
                                     NurtureTrack,
                                     RoutingConfig,
                                     RoutingTier,
)
from revops_cli.config.sales import (
                                     ActivityMinimums,
                                     DealsConfig,
                                     DiscountApprover,
                                     HandoffConfig,
                                     SlaConfig,
)
from revops_cli.config.scoring import (
                                     BehavioralDimension,
                                     BehaviorEvent,
                                     ScoreBand,
                                     ScoreDimension,
                                     ScoringConfig,
)
from revops_cli.config.types import (
                                     CANONICAL_FIELDS,
                                     DISPOSITIONS,
                                     NAICS_SECTORS,
                                     WEEKDAYS,
                                     ConfigModel,
)

__all__ = [
    "CANONICAL_FIELDS", "CONFIG_ENV_VAR", "CONFIG_FILENAME", "DISPOSITIONS", "NAICS_SECTORS", "STARTER_FILENAMES",
    "WEEKDAYS", "ActivityMinimums", "BehaviorEvent", "BehavioralDimension", "BudgetApprover", "BusinessHoursConfig",
    "CampaignConfig", "CleanConfig", "ConfigError", "ConfigModel", "ConfigProblem", "ContentConfig",
    "DataQualityConfig", "DataQualityTargets", "DealsConfig", "DedupeConfig", "DiscountApprover", "EnrichConfig",
    "EventConfig", "FunnelConfig", "GeneralConfig", "HandoffConfig", "KpiTargets", "LifecycleConfig",
    "MarketingSla", "NurtureConfig", "NurtureStep", "NurtureTrack", "OptimisationTrigger", "PreSendChecks",
    "REPORT_IDS", "CustomerSegment", "ReportConfig", "ReportingConfig", "ReportInventory", "RetentionRule",
    "ScheduledReport", "RevopsConfig", "RoutingConfig", "RoutingTier", "ScoreBand", "ScoreDimension",
    "ScoringConfig", "SlaConfig", "TitleRule", "check_config", "config_to_toml", "find_config_path", "load_config",
    "parse_config", "resolve_config", "starter_files", "substatus_key", "write_starter_files",
]
