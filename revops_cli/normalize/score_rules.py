"""The points-rule language of ``[scoring.*.points]`` (Lead Management SOP, 3. Lead Scoring).

A rule is one readable line, the key of a points table::

    "seniority = VP" = 12                    # equal (case-insensitive)
    "seniority != Individual Contributor" = 2
    "country in US,CA,GB" = 5                # one of
    "lead_source not in Purchased List" = 3
    "phone present" = 2                      # not blank
    "website missing" = -2                   # blank
    "employees >= 1000" = 10                 # numbers take k/M/B, $ and commas: 10M, 1.5B, 250,000
    "balance < -100" = -3                    # comparisons take a negative number too
    "employees 200-999" = 7                  # inclusive range
    "annual_revenue 100M+" = 8               # at least
    "last_activity_at within 30d" = 5        # timestamps: within N days (d) or hours (h) of now
    "email_generic = false" = 3              # booleans: true/false, yes/no

Rules on the same field form a ladder: written from the top, the first one a
lead matches gives its points and the others on that field give none, so
``"employees >= 1000" = 10`` then ``"employees >= 200" = 7`` reads the way an
analyst writes tiers. This module only parses; scoring evaluates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Fields a rule can test besides the canonical lead fields: derived during scoring.
DERIVED_FIELDS: dict[str, str] = {
    "seniority": "seniority from the job title (C-Level, VP, Director, Manager, Individual Contributor, Other)",
    "function": "job function from the title (Sales, Marketing, Engineering, IT, Finance, HR, Operations, ...)",
    "email_generic": "true when the email is at a free/webmail domain (gmail.com, outlook.com, ...)",
    "email_valid": "true when the email is a valid address",
    "target_account": "true when the company is on scoring.target_accounts",
}

OPERATORS = ("present", "missing", "=", "!=", "in", "not in", ">=", ">", "<=", "<", "range", "at least", "within")

_MAGNITUDE = {"": 1, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_NUMBER = r"\$?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:k|mm|m|bn|b)?"
_SIGNED = rf"-?\s*{_NUMBER}"  # comparisons also take a negative number: "balance < -100"
_FIELD = r"(?P<field>[a-z][a-z0-9_]*)"
_PATTERNS = (
    ("present", re.compile(rf"^{_FIELD}\s+present$", re.I)),
    ("missing", re.compile(rf"^{_FIELD}\s+(?:missing|blank)$", re.I)),
    ("within", re.compile(rf"^{_FIELD}\s+within\s+(?P<amount>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>d|h|days?|hours?)$", re.I)),
    ("not in", re.compile(rf"^{_FIELD}\s+not\s+in\s+(?P<values>.+)$", re.I)),
    ("in", re.compile(rf"^{_FIELD}\s+in\s+(?P<values>.+)$", re.I)),
    (">=", re.compile(rf"^{_FIELD}\s*>=\s*(?P<number>{_SIGNED})$", re.I)),
    ("<=", re.compile(rf"^{_FIELD}\s*<=\s*(?P<number>{_SIGNED})$", re.I)),
    (">", re.compile(rf"^{_FIELD}\s*>\s*(?P<number>{_SIGNED})$", re.I)),
    ("<", re.compile(rf"^{_FIELD}\s*<\s*(?P<number>{_SIGNED})$", re.I)),
    ("!=", re.compile(rf"^{_FIELD}\s*!=\s*(?P<value>.+)$", re.I)),
    ("=", re.compile(rf"^{_FIELD}\s*==?\s*(?P<value>.+)$", re.I)),
    ("range", re.compile(rf"^{_FIELD}\s+(?P<low>{_NUMBER})\s*-\s*(?P<high>{_NUMBER})$", re.I)),
    ("at least", re.compile(rf"^{_FIELD}\s+(?P<number>{_NUMBER})\s*\+$", re.I)),
)


@dataclass(frozen=True)
class PointsRule:
    """One parsed rule: ``field``, ``op`` (one of :data:`OPERATORS`) and its operand.

    ``values`` holds the text operand(s) of ``=``, ``!=``, ``in`` and ``not in``;
    ``low``/``high`` the numeric bounds (``>=`` sets low, ``<`` sets high with
    ``inclusive_high`` False, a range sets both inclusive); ``hours`` the
    window of ``within``.
    """

    text: str
    field: str
    op: str
    values: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    inclusive_low: bool = True
    inclusive_high: bool = True
    hours: float | None = None


def parse_number(text: str) -> float:
    """``"10M"`` -> 10_000_000.0; ``"$2.5k"`` -> 2500.0; ``"250,000"`` -> 250000.0; ``"-3.5"`` -> -3.5."""
    match = re.fullmatch(r"(-?)\s*\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|mm|m|bn|b)?", text.strip(), re.I)
    if not match:
        raise ValueError(f"{text!r} is not a number (write 200, 10M, 1.5B or 250,000)")
    value = float(match.group(2).replace(",", "")) * _MAGNITUDE[(match.group(3) or "").lower()]
    return -value if match.group(1) else value


def parse_rule(text: str, fields: frozenset[str] | set[str] | None = None) -> PointsRule:
    """Parse one rule; ValueError with a message saying what is wrong and what is expected.

    ``fields`` (when given) are the field names allowed; an unknown one is an error.
    """
    source = " ".join(str(text).split())
    for op, pattern in _PATTERNS:
        match = pattern.match(source)
        if not match:
            continue
        field = match.group("field").lower()
        if fields is not None and field not in fields:
            raise ValueError(f"unknown field {field!r} in rule {source!r}{_close(field, fields)}")
        if op in ("present", "missing"):
            return PointsRule(source, field, op)
        if op == "within":
            unit = match.group("unit").lower()[0]
            amount = float(match.group("amount"))
            return PointsRule(source, field, op, hours=amount * (24 if unit == "d" else 1))
        if op in ("in", "not in"):
            values = tuple(v.strip() for v in match.group("values").split(",") if v.strip())
            if not values:
                raise ValueError(f"rule {source!r} lists no values after '{op}'")
            return PointsRule(source, field, op, values=values)
        if op in ("=", "!="):
            return PointsRule(source, field, op, values=(match.group("value").strip(),))
        if op == "range":
            low, high = parse_number(match.group("low")), parse_number(match.group("high"))
            if high < low:
                raise ValueError(f"rule {source!r}: the range runs from {low:g} down to {high:g}; write the low end first")
            return PointsRule(source, field, op, low=low, high=high)
        number = parse_number(match.group("number"))
        if op in (">=", "at least"):
            return PointsRule(source, field, op, low=number)
        if op == ">":
            return PointsRule(source, field, op, low=number, inclusive_low=False)
        if op == "<=":
            return PointsRule(source, field, op, high=number)
        return PointsRule(source, field, op, high=number, inclusive_high=False)
    raise ValueError(
        f"cannot read rule {source!r}; write '<field> present', '<field> missing', '<field> = value', "
        "'<field> in a,b,c', '<field> >= 200', '<field> 200-999', '<field> 100M+' or '<field> within 30d'"
    )


def _close(word: str, choices: set[str] | frozenset[str]) -> str:
    import difflib

    near = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean {near[0]!r}?)" if near else ""
