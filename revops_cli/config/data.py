"""[data_quality]: the Data Management SOP."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if
from revops_cli.config.types import (
    CanonicalField,
    ConfigModel,
    Percent,
    PositiveInt,
    Text,
)


class DataQualityTargets(ConfigModel):
    """Data Management SOP, Data Quality Metrics."""

    completeness: Percent = Field(95.0, description="'Completeness >95%'.")
    accuracy: Percent = Field(98.0, description="'Accuracy >98%'.")
    duplicates_max: Percent = Field(2.0, description="'Duplicates <2%'.")
    bounces_max: Percent = Field(5.0, description="'Bounces <5%'.")
    compliance: Percent = Field(100.0, description="'Compliance 100%'.")


class RetentionRule(ConfigModel):
    """Keep a kind of record ``years`` years, then take ``action``."""

    years: PositiveInt = Field(description="Years the record is kept.")
    action: Literal["archive", "delete", "suppress"] = Field(description="What happens after that.")


class DataQualityConfig(ConfigModel):
    """Data Management SOP."""

    required_fields: list[CanonicalField] = Field(
        default_factory=lambda: ["first_name", "last_name", "company", "lead_source"],
        description="'Required Fields': First Name, Last Name, Company, Lead Source ('Required').",
    )
    unique_fields: list[CanonicalField] = Field(default_factory=lambda: ["email"], description="'Email ... Unique'.")
    targets: DataQualityTargets = Field(default_factory=DataQualityTargets, description="'Data Quality Metrics'.")
    weekly_lead_completeness: Percent = Field(
        90.0, description="Lead Management SOP, 'Weekly Audits: Data completeness >90%'."
    )
    retention: dict[Text, RetentionRule] = Field(
        default_factory=lambda: {
            "customers": RetentionRule(years=7, action="archive"),
            "prospects": RetentionRule(years=2, action="delete"),
            "unsubscribed": RetentionRule(years=5, action="suppress"),
        },
        description="'Data Retention Policy: Customers 7 years Archive, Prospects 2 years Delete, "
        "Unsubscribed 5 years Suppress'.",
    )

    @model_validator(mode="after")
    def _check(self) -> DataQualityConfig:
        problems = _duplicates(self.required_fields, ("required_fields",))
        problems += _duplicates(self.unique_fields, ("unique_fields",))
        _raise_if(problems)
        return self


