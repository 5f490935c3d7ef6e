"""Per-field normalisers (Lead Management SOP, Data hygiene; Data Management SOP, formats).

Each module holds a per-value function (one raw value in, one result out) and a
column function that applies it once per *distinct* value with
:func:`revops_cli.normalize.distinct.map_distinct`, because real exports
repeat the same phone, country or title thousands of times.
"""
