"""Fitted points as readable rules: a ladder per field in the language of ``[scoring.*.points]``, each rule
with its evidence (training leads on that rung and how many converted), and the ``[scoring]`` TOML."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from revops_cli.config import RevopsConfig, ScoringConfig
from revops_cli.core.leads.fit.features import DIMENSION_NAMES
from revops_cli.core.leads.fit.model import Encoded, number_text
from revops_cli.core.metrics import percent


@dataclass
class FittedRule:
    """One written rule: its text, points and evidence on the training leads."""

    dimension: str
    field: str
    text: str
    points: int
    leads: int
    converted: int
    note: str = ""

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    def to_dict(self) -> dict:
        return {"dimension": self.dimension, "field": self.field, "rule": self.text, "points": self.points,
                "leads": self.leads, "converted": self.converted, "conversion_percent": self.conversion_percent}


def _shown(enc: Encoded, key: str) -> str:
    return enc.feature.display.get(key, key)


def field_rules(enc: Encoded, points: np.ndarray, train: np.ndarray, y: np.ndarray) -> list[FittedRule]:
    """The ladder of one field, top rung first. Values with equal points share a rule; neighbouring number
    rungs with equal points merge. None when every level got 0 points (the field adds nothing)."""
    feature = enc.feature
    name, dimension = feature.name, feature.dimension
    codes = enc.codes[train]
    outcome = y[train]
    keep = codes >= 0
    leads = np.bincount(codes[keep], minlength=len(enc.levels))
    wins = np.bincount(codes[keep], weights=outcome[keep].astype(float), minlength=len(enc.levels)).astype(int)
    if not len(points) or int(points.max()) == 0:
        return []
    rules: list[FittedRule] = []

    def evidence(members: list[int]) -> tuple[int, int]:
        return int(sum(leads[i] for i in members)), int(sum(wins[i] for i in members))

    numbers = [i for i, level in enumerate(enc.levels) if level.kind in ("lt", "ge")]
    if numbers:  # merge neighbouring rungs with equal points, then write from the top
        groups: list[list[int]] = []
        for i in numbers:
            if groups and points[groups[-1][-1]] == points[i]:
                groups[-1].append(i)
            else:
                groups.append([i])
        for group in reversed(groups):
            low = enc.levels[group[0]].low
            top = enc.levels[group[-1]].high
            if low is None and top is None:  # every rung got the same points: one rung for every number
                low = float(np.floor(np.nanmin(feature.number)))
            if low is None:
                text = f"{name} < {number_text(top)}"
            else:
                text = f"{name} >= {number_text(low)}"
            rules.append(FittedRule(dimension, name, text, int(points[group[0]]), *evidence(group)))
    values = [i for i, level in enumerate(enc.levels) if level.kind == "value"]
    if values:
        by_points: dict[int, list[int]] = {}
        for i in values:
            by_points.setdefault(int(points[i]), []).append(i)
        for value_points in sorted(by_points, reverse=True):
            members = by_points[value_points]
            plain = [i for i in members if "," not in _shown(enc, enc.levels[i].values[0])]
            for i in [i for i in members if i not in plain]:  # a value with a comma gets a rule of its own
                rules.append(FittedRule(dimension, name, f"{name} = {_shown(enc, enc.levels[i].values[0])}",
                                        value_points, *evidence([i]), _note(enc, [i])))
            if plain:
                shown = ",".join(_shown(enc, enc.levels[i].values[0]) for i in plain)
                op = "=" if len(plain) == 1 else "in"
                rules.append(FittedRule(dimension, name, f"{name} {op} {shown}", value_points, *evidence(plain),
                                        _note(enc, plain)))
    for kind, template in (("true", "{} = true"), ("false", "{} = false"), ("other", "{} present"),
                           ("present", "{} present"), ("missing", "{} missing")):
        for i, level in enumerate(enc.levels):
            if level.kind == kind:
                note = "any other value" if kind == "other" else ""
                rules.append(FittedRule(dimension, name, template.format(name), int(points[i]), *evidence([i]), note))
    return rules


def _note(enc: Encoded, members: list[int]) -> str:
    notes = [enc.feature.notes.get(enc.levels[i].values[0]) for i in members]
    return "; ".join(n for n in notes if n)


def scoring_config(config: RevopsConfig, rules: list[FittedRule], caps: dict[str, int],
                   custom_fields: dict[str, str], bands: list[tuple[str, int]] | None) -> ScoringConfig:
    """The fitted ``[scoring]``: these rules per dimension, no engagement events (the rules already count the
    engagement columns), the given custom fields, and the config's bands unless ``bands`` replaces them."""
    current = config.scoring
    data = current.model_dump()
    for name in DIMENSION_NAMES:
        data[name]["max"] = caps[name]
        data[name]["points"] = {rule.text: rule.points for rule in rules if rule.dimension == name}
    data["behavioral"]["events"] = {}
    data["fields"] = dict(custom_fields)
    if bands is not None:
        data["bands"] = [{"name": name, "min": low} for name, low in bands]
    return ScoringConfig.model_validate(data)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def scoring_toml(scoring: ScoringConfig, rules: list[FittedRule], header: list[str], rebalanced: bool) -> str:
    """The ``[scoring]`` section as a person edits it: each rule with its evidence as a comment."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines += ["", "[scoring]"]
    if scoring.target_accounts:
        lines.append("target_accounts = [" + ", ".join(_toml_string(a) for a in scoring.target_accounts) + "]")
    if rebalanced:
        lines.append("bands = [                        # moved by --rebalance-bands to hit scoring.fit.band_shares")
        for band in scoring.bands:
            lines.append(f"  {{ name = {_toml_string(band.name)}, min = {band.min} }},")
        lines.append("]")
    else:
        shown = ", ".join(f"{band.min}+ {band.name}" for band in scoring.bands)
        lines.append(f"# bands unchanged: {shown}")
    if scoring.fields:
        lines += ["", "[scoring.fields]                 # columns that are no standard lead field: rule field = header"]
        for name, header_text in scoring.fields.items():
            lines.append(f"{name} = {_toml_string(header_text)}")
    for name in DIMENSION_NAMES:
        dimension = getattr(scoring, name)
        lines += ["", f"[scoring.{name}]", f"max = {dimension.max}"]
        if name == "behavioral":
            lines.append(f"half_life_days = {dimension.half_life_days:g}")
        lines.append(f"[scoring.{name}.points]")
        mine = [rule for rule in rules if rule.dimension == name]
        if not mine:
            lines.append("# no field of this dimension earned points")
        width = max((len(_toml_string(r.text)) + len(str(r.points)) + 3 for r in mine), default=0)
        for rule in mine:
            entry = f"{_toml_string(rule.text)} = {rule.points}"
            rate = rule.conversion_percent
            evidence = (f"{rule.leads:,} leads, {rate:.1f}% converted" if rate is not None
                        else "no training lead")
            if rule.note:
                evidence += f" ({rule.note})"
            lines.append(f"{entry.ljust(width)}  # {evidence}")
        if name == "behavioral":
            lines += ["[scoring.behavioral.events]      # none: the rules above already count the engagement "
                      "columns"]
    return "\n".join(lines) + "\n"
