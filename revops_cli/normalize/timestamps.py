"""Timestamps as ISO 8601 with offset (canonical fields: created_at, assigned_at are "timezone-aware").

Nearly every timestamp in an export is distinct, so nothing here runs per
value in Python. Strict ISO 8601 goes through ``pd.to_datetime(format=
"ISO8601")``. Every other cell is sorted by a fast match into a shape class
(ISO-like, ``03/04/2026``, digits, day-month-year and month-day-year with
month names), and one regular expression per class extracts the parts of
all its cells at once in pyarrow's RE2 (``pc.extract_regex``: pandas 3.1's
``str.extract`` on pyarrow strings runs Python ``re`` per cell, ~20x
slower). numpy turns the parts into instants, pandas localises them.
Decisions, so they can be checked:

* Cells without an offset are wall-clock times in ``timezone``; cells with
  ``Z``, ``+01:00``, ``-0500``, ``UTC``, ``GMT-5`` or a US/CET abbreviation
  (``EST``, ``PDT``, ``CET``...) keep their instant. Everything is shown in
  ``timezone``. A date-only cell (``10/29/2026``, a whole Excel serial day)
  stays a date, ``2026-10-29``: its instant (``revops_parsed``) is midnight in
  ``timezone``.
* DST: a wall time that does not exist (spring forward, 02:30 on
  2026-03-08 in New York) moves forward to the first valid instant (03:00
  EDT); one that occurs twice (fall back, 01:30 on 2026-11-01) is the first
  occurrence (EDT, -04:00).
* ``03/04/2026`` is decided for the whole column (see :func:`detect_dayfirst`):
  any ``13/04/2026`` makes it day-first, any ``04/13/2026`` month-first; with
  both, the cells that could be either are flagged ``ambiguous date``. With no
  evidence, ``dayfirst`` decides (it never overrides evidence), else slashes
  are month-first (US) and dots and dashes day-first (Europe).
* ``value`` shows whole seconds (truncated); ``revops_parsed`` keeps any
  fraction. Offsets with seconds (local mean time before ~1900) are written
  ``±HH:MM:SS``.
* 10 digits are Unix seconds, 13 digits Unix milliseconds (both UTC).
* Excel serial day numbers (``45720``, ``45720.395833``) are read only when
  every non-blank cell of the column is one between 18264 and 73415
  (1950-01-01 to 2100-12-31), because a lone number could be anything; they
  are wall-clock times in ``timezone``, rounded to the second.
* Two-digit years are 2000-2068 below 69, else 1969-1999 (as ``%y``). Years
  outside 1700-2200 are treated as unparsable.
* The two column-wide decisions (Excel serials, the order of ``03/04/2026``)
  come from a :class:`DateColumnEvidence`. A file read in batches merges each
  batch's :func:`date_column_evidence` in a first pass and hands the result to
  every batch's call, so each batch reads as it would in the whole column.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.errors import RevopsInputError

FLAG_UNPARSABLE = "unparsable date"
FLAG_AMBIGUOUS = "ambiguous date"
RULE = "timestamp_iso8601"

_NS = 1_000_000_000
_DAY_NS = 86_400 * _NS
#: A missing instant in int64 nanosecond arrays (numpy's NaT as int64): every module's one spelling of it.
NAT_NS = np.iinfo(np.int64).min
_NAT = NAT_NS
_MIN_YEAR, _MAX_YEAR = 1700, 2200
# Instants allowed, as Unix seconds: 1700-01-01 .. 2201-01-01 (exclusive).
_LOW_S, _HIGH_S = -8_520_336_000, 7_289_654_400
_EXCEL_MIN, _EXCEL_MAX = 18264, 73415  # 1950-01-01 .. 2100-12-31
_EXCEL_EPOCH_DAYS = 25569  # serial of 1970-01-01 (Excel's 1900 leap bug included)

# English, German and French month names and abbreviations.
_MONTH_NAMES = (
    ("jan", "january", "januar", "jän", "janv", "janvier"),
    ("feb", "february", "februar", "febr", "fév", "févr", "février"),
    ("mar", "march", "mär", "märz", "maerz", "mars"),
    ("apr", "april", "avr", "avril"),
    ("may", "mai"),
    ("jun", "june", "juni", "juin"),
    ("jul", "july", "juli", "juil", "juillet"),
    ("aug", "august", "aoû", "août"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "okt", "oktober", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "dez", "dezember", "déc", "décembre"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}

# Offsets of the zone abbreviations US and EU CRM exports print (minutes).
_ZONE_ABBREVIATIONS: dict[str, int] = {
    "z": 0, "utc": 0, "gmt": 0,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "cet": 60, "cest": 120,
}

# Shapes. Each cell goes to the first class whose whole pattern it matches
# (a match without captures runs as a fast DFA in RE2); then each class
# extracts its parts with its own small pattern, because one pattern with
# alternatives for every shape is several times slower in RE2. All groups are
# named (pyarrow requires it) and RE2 has no back-references, so separators
# are captured and compared afterwards. (?i) because RE2 takes no flags.
_TIME = (
    r"(?:(?:t|\s*,?\s+|\s+at\s+)"
    r"(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:[.,](?P<ff>\d{1,9})\d*)?)?"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\.?)?)?"
)
_OFFSET = (
    r"(?:\s*(?P<tzn>z|utc|gmt|cest|cet|[ecmp][sd]t))?"
    r"(?:\s*(?P<os>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?"
    r"(?:\s*\([^)]*\))?"  # JavaScript's "(Eastern Standard Time)"
)
_WORD = r"[a-zäéûô]{3,9}"
_WEEKDAY = rf"(?:{_WORD}\.?,?\s+)?"
_DAY_MONTH = r"(?P<na>\d{1,2})(?P<ns1>[-/.])(?P<nb>\d{1,2})(?P<ns2>[-/.])"  # of 03/04/2026, either order
_DATES: dict[str, str] = {
    "iso": r"(?P<iy>\d{4})(?P<is1>[-/.])(?P<im>\d{1,2})(?P<is2>[-/.])(?P<id>\d{1,2})",  # 2026/03/04
    "numeric": _DAY_MONTH + r"(?P<ny>\d{4}|\d{2})",  # 03/04/2026
    "digits": r"(?P<ep>\d{13}|\d{10})(?:\.0*)?|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})",  # epoch, 20260304
    "dmy": rf"{_WEEKDAY}(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\.?[\s/-]*(?P<dm>{_WORD})\.?,?[\s/-]*(?P<dy>\d{{4}}|\d{{2}})",
    "mdy": rf"{_WEEKDAY}(?P<mm>{_WORD})\.?[\s-]+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?[\s,-]+(?P<my>\d{{4}})",
}
_PATTERNS = {name: rf"(?i)^\s*(?:{date}){_TIME}{_OFFSET}\s*$" for name, date in _DATES.items()}
# The start of every "numeric" cell. On a cell the whole pattern matches it captures the
# same na/ns1/nb/ns2 (digits are no separators: they match one way only), several times faster.
_NUMERIC_START = rf"^\s*{_DAY_MONTH}"
# Strict ISO 8601 goes to pandas' C parser, the fastest path there is; its
# years are limited to 1700-2200 so nothing overflows nanoseconds there.
_STRICT_ISO = r"^(?:1[7-9]\d\d|2[01]\d\d|2200)-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
_HAS_OFFSET = r"(?:Z|[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?[+-]\d{2}(?::?\d{2})?)$"
_SERIAL_PATTERN = r"^\s*(?P<serial>\d{1,6}(?:\.\d+)?)\s*$"


def _resolve_zone(timezone: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise RevopsInputError(
            f"Unknown timezone {timezone!r}.",
            hint='Use an IANA zone name such as "UTC" or "America/New_York".',
        ) from exc


def _own_arrow(values: pd.Series) -> pa.Array | None:
    """The column's own pyarrow string array if pandas keeps one (the reader's ``str`` dtype), else None."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    array = pa.array(values.array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _as_arrow(values: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """(the column as one pyarrow string array, the cells as text for ``value``).

    Typed cells (numbers, datetimes) become str(); missing ones None.
    """
    array = _own_arrow(values)
    if array is not None:
        return array, _np(array)
    # Object, python-backed strings, numbers, datetimes: the rare path.
    cells = np.array(
        [None if _missing(v) else (v if isinstance(v, str) else str(v)) for v in values.tolist()], dtype=object
    )
    try:
        array = pa.array(cells, type=pa.large_string())
    except (pa.ArrowException, UnicodeError):
        # Lone surrogates cannot be UTF-8; they are no date, keep them for value.
        safe = [c if c is None else c.encode("utf-8", "replace").decode("utf-8") for c in cells]
        array = pa.array(safe, type=pa.large_string())
    return array, cells


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def _np(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A pyarrow array as numpy; nulls become NaN in float arrays."""
    return array.to_numpy(zero_copy_only=False)


def _mask(array: pa.Array) -> np.ndarray:
    """A pyarrow boolean array as numpy, null = False."""
    return _np(pc.fill_null(array, False)).astype(bool)


def _matches(text: pa.Array, pattern: str) -> np.ndarray:
    return _mask(pc.match_substring_regex(text, pattern))


class _Parts:
    """The regex groups of every row, as numpy arrays."""

    def __init__(self, text: pa.Array, pattern: str) -> None:
        self._struct = pc.extract_regex(text, pattern)
        self._names = {self._struct.type.field(i).name for i in range(self._struct.type.num_fields)}

    def text(self, name: str) -> pa.Array:
        """Group text; null where the row did not match or the group is empty."""
        if name not in self._names:
            return pa.nulls(len(self._struct), pa.string())
        field = pc.struct_field(self._struct, name)
        return pc.if_else(pc.equal(field, ""), pa.scalar(None, field.type), field)

    def number(self, name: str) -> np.ndarray:
        """Digits as float64 (exact up to 15 digits), NaN where absent."""
        return _np(pc.cast(self.text(name), pa.float64()))

    def present(self, name: str) -> np.ndarray:
        return _mask(pc.is_valid(self.text(name)))

    def same(self, a: str, b: str) -> np.ndarray:
        return _mask(pc.equal(self.text(a), self.text(b)))

    def equals(self, name: str, literal: str) -> np.ndarray:
        return _mask(pc.equal(pc.utf8_lower(self.text(name)), literal))

    def length(self, name: str) -> np.ndarray:
        return _np(pc.cast(pc.utf8_length(self.text(name)), pa.float64()))

    def lookup(self, name: str, table: dict[str, int]) -> np.ndarray:
        """Lower-cased group looked up in ``table``; NaN where absent or unknown."""
        keys = list(table)
        position = pc.index_in(pc.utf8_lower(self.text(name)), value_set=pa.array(keys))
        numbers = np.array([table[k] for k in keys] + [np.nan], dtype=np.float64)
        return numbers[_np(pc.fill_null(position, len(keys))).astype(np.int64)]


def _expand_year(year: np.ndarray, digits: np.ndarray) -> np.ndarray:
    # Two-digit years pivot like strptime's %y.
    return np.where(digits == 2, np.where(year < 69, 2000 + year, 1900 + year), year)


def _dayfirst_evidence(first: np.ndarray, second: np.ndarray) -> tuple[bool, bool]:
    """(some cell can only be day-first, some cell can only be month-first)."""
    with np.errstate(invalid="ignore"):
        day_first = (first > 12) & (first <= 31) & (second >= 1) & (second <= 12)
        month_first = (second > 12) & (second <= 31) & (first >= 1) & (first <= 12)
    return bool(day_first.any()), bool(month_first.any())


def _numeric_numbers(parts: _Parts) -> tuple[np.ndarray, np.ndarray]:
    """(first number, second number) of ``03/04/2026`` cells; NaN where the separators differ."""
    shaped = parts.present("na") & parts.same("ns1", "ns2")
    return np.where(shaped, parts.number("na"), np.nan), np.where(shaped, parts.number("nb"), np.nan)


@dataclass(frozen=True)
class DateColumnEvidence:
    """What the cells of a column decide for all of them: Excel serials or not, and the order of ``03/04/2026``.

    The evidence of consecutive slices of a column merges into that of the whole.
    """

    all_serial: bool  # some cell is not blank and every such cell is an Excel serial day in range
    day_first: bool  # some 03/04/2026-shaped cell can only be day-first (13/04/2026)
    month_first: bool  # some 03/04/2026-shaped cell can only be month-first (04/13/2026)
    filled: bool  # some cell is not blank (a slice of blanks must not veto all_serial)

    @classmethod
    def empty(cls) -> DateColumnEvidence:
        """The evidence of no cells, where merging starts."""
        return cls(all_serial=False, day_first=False, month_first=False, filled=False)

    def merge(self, other: DateColumnEvidence) -> DateColumnEvidence:
        """The evidence of this slice's cells followed by ``other``'s."""
        return DateColumnEvidence(
            # Some slice is serials (so has a cell) and no slice has a cell that is not one.
            all_serial=(self.all_serial or other.all_serial)
            and (self.all_serial or not self.filled)
            and (other.all_serial or not other.filled),
            day_first=self.day_first or other.day_first,
            month_first=self.month_first or other.month_first,
            filled=self.filled or other.filled,
        )


def date_column_evidence(values: pd.Series) -> DateColumnEvidence:
    """The evidence :func:`normalize_timestamp_column` takes from ``values`` read as one whole column."""
    # Not _as_arrow's cells as Python text (only value needs them) where pandas has the array.
    text = _own_arrow(values)
    if text is None:
        text = _as_arrow(values)[0]
    # Each cell's part in the evidence is its own, so the distinct cells give the same.
    text = pc.unique(text)
    blank = _blank(text)
    # Only cells starting 03/04/2026 can feed the day/month evidence, and each cell's way
    # through the classes is its own: the classes run, as in _parse_text, on those alone.
    numeric = text.filter(pa.array(_matches(text, _NUMERIC_START)))
    todo = ~_blank(numeric)
    todo[_strict_iso(numeric, todo)[0]] = False
    day_first = month_first = False
    for name, _, subset in _shape_classes(numeric, todo):
        if name == "numeric":
            day_first, month_first = _dayfirst_evidence(*_numeric_numbers(_Parts(subset, _NUMERIC_START)))
            break
    return DateColumnEvidence(
        all_serial=_excel_serials(text, blank) is not None,
        day_first=day_first,
        month_first=month_first,
        filled=not blank.all(),
    )


def detect_dayfirst(values: pd.Series) -> bool | None:
    """True if the column's ``dd/mm/yyyy`` dates must be day-first, False if month-first.

    None when no cell decides, or when cells contradict each other (the
    column function then flags the cells that could be either).
    """
    evidence = date_column_evidence(values)
    if evidence.day_first == evidence.month_first:
        return None
    return evidence.day_first


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 for valid int64 y/m/d arrays (H. Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inverse of :func:`_days_from_civil`."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.float64)


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        leap = (np.mod(y, 4) == 0) & ((np.mod(y, 100) != 0) | (np.mod(y, 400) == 0))
        month_ok = (m >= 1) & (m <= 12)
        dim = _MONTH_DAYS[np.where(month_ok, m, 1).astype(np.int64) - 1] + (leap & (m == 2))
        return month_ok & (d >= 1) & (d <= dim) & (y >= _MIN_YEAR) & (y <= _MAX_YEAR)


def _localize(wall_ns: np.ndarray, zone: zoneinfo.ZoneInfo) -> np.ndarray:
    """Wall-clock ns in ``zone`` → UTC ns; gaps shift forward, overlaps take the first."""
    if len(wall_ns) == 0:
        return wall_ns
    index = pd.DatetimeIndex(wall_ns.view("M8[ns]"))
    first_occurrence = np.ones(len(wall_ns), dtype=bool)  # True = the DST reading
    return index.tz_localize(zone, ambiguous=first_occurrence, nonexistent="shift_forward").asi8


def _blank(text: pa.Array) -> np.ndarray:
    """Missing or whitespace-only cells."""
    return _np(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(text), ""), True)).astype(bool)


def _excel_serials(text: pa.Array, blank: np.ndarray) -> np.ndarray | None:
    """Wall-clock seconds since 1970 if the whole column is Excel serial days, else None."""
    filled = ~blank
    if not filled.any() or not _matches(text.filter(pa.array(filled)), _SERIAL_PATTERN).all():
        return None
    serial = _Parts(text, _SERIAL_PATTERN).number("serial")
    inside = serial[filled]
    if not ((inside >= _EXCEL_MIN) & (inside <= _EXCEL_MAX)).all():
        return None
    return np.round((serial - _EXCEL_EPOCH_DAYS) * 86_400)


def _iso_strings(utc_ns: np.ndarray, wall_ns: np.ndarray) -> pa.Array:
    """``YYYY-MM-DDTHH:MM:SS±HH:MM`` for each instant, built as bytes in numpy.

    Fixed width (years are 1700-2200), so the strings are one buffer and one
    pyarrow array with no per-value Python work.
    """
    n = len(utc_ns)
    wall_s = np.floor_divide(wall_ns, _NS)  # floor: seconds precision
    offset_min = (wall_s - np.floor_divide(utc_ns, _NS)) // 60
    days, secs = np.divmod(wall_s, 86_400)
    year, month, day = _civil_from_days(days)
    hour, rest = np.divmod(secs, 3600)
    minute, second = np.divmod(rest, 60)
    sign = np.where(offset_min < 0, ord("-"), ord("+"))
    off_h, off_m = np.divmod(np.abs(offset_min), 60)
    out = np.empty((n, 25), dtype=np.uint8)
    zero = ord("0")
    for col, (number, width) in zip(
        (0, 5, 8, 11, 14, 17, 20, 23),
        ((year, 4), (month, 2), (day, 2), (hour, 2), (minute, 2), (second, 2), (off_h, 2), (off_m, 2)),
    ):
        for k in range(width):
            out[:, col + width - 1 - k] = zero + (number // 10**k) % 10
    for col, char in ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (22, ":")):
        out[:, col] = ord(char)
    out[:, 19] = sign
    offsets = pa.py_buffer(np.arange(0, 25 * (n + 1), 25, dtype=np.int32))
    return pa.StringArray.from_buffers(n, offsets, pa.py_buffer(out.reshape(-1)))


def _empty(index: pd.Index, zone: zoneinfo.ZoneInfo) -> pd.DataFrame:
    parsed = pd.DatetimeIndex([], dtype="M8[ns]").tz_localize(zone)
    frame = {c: pd.Series([], index=index, dtype=object) for c in ("value", "flag", "rule")}
    return pd.DataFrame({**frame, "revops_parsed": pd.Series(parsed, index=index)}, index=index)


def normalize_timestamp_column(
    values: pd.Series,
    timezone: str = "UTC",
    dayfirst: bool | None = None,
    evidence: DateColumnEvidence | None = None,
) -> pd.DataFrame:
    """Every cell as ISO 8601 with offset in ``timezone``, plus ``revops_parsed``.

    ``evidence`` is that of the whole column when ``values`` is a slice of it
    (a batch); None: the evidence of ``values`` itself.
    """
    zone = _resolve_zone(timezone)
    n = len(values)
    if n == 0:
        return _empty(values.index, zone)
    text, cells = _as_arrow(values)
    blank = _blank(text)

    utc_ns = np.full(n, _NAT, dtype=np.int64)
    ambiguous = np.zeros(n, dtype=bool)
    # A slice of a serial column is serials too (or blank: then None, and nothing to read).
    serial_s = _excel_serials(text, blank) if evidence is None or evidence.all_serial else None
    if serial_s is not None:
        filled = ~blank
        utc_ns[filled] = _localize(serial_s[filled].astype(np.int64) * _NS, zone)
    else:
        ambiguous = _parse_text(text, blank, zone, dayfirst, utc_ns, evidence)

    ok = utc_ns != _NAT
    parsed = pd.DatetimeIndex(utc_ns.view("M8[ns]")).tz_localize("UTC").tz_convert(zone)
    rows = np.flatnonzero(ok)
    wall_ns = parsed.tz_localize(None).asi8[rows]
    stamps = _np(_iso_strings(utc_ns[rows], wall_ns))
    date_only = _date_only(text, serial_s)[rows] & (wall_ns % _DAY_NS == 0)
    if date_only.any():  # a date stays a date: 2026-10-29, not 2026-10-29T00:00:00-04:00
        stamps[date_only] = np.array([s[:10] for s in stamps[date_only]], dtype=object)
    # Local mean time (before ~1900) has offsets with seconds that ±HH:MM
    # cannot show; those few rows get Python's ±HH:MM:SS instead.
    for i in np.flatnonzero((wall_ns - utc_ns[rows]) % (60 * _NS) != 0):
        stamps[i] = parsed[rows[i]].isoformat(timespec="seconds")
    # The original cell as text (str() of a typed cell), None where blank.
    value = cells.copy()
    unchanged = value[rows] == stamps
    value[blank] = None
    value[rows] = stamps
    flag = np.full(n, None, dtype=object)
    flag[~blank & ~ok] = FLAG_UNPARSABLE
    flag[ambiguous] = FLAG_AMBIGUOUS
    rule = np.full(n, None, dtype=object)
    rule[rows[~unchanged]] = RULE
    index = values.index
    return pd.DataFrame(
        {
            # object columns holding None (pandas would infer "str" and NaN)
            "value": pd.Series(value, index=index, dtype=object),
            "flag": pd.Series(flag, index=index, dtype=object),
            "rule": pd.Series(rule, index=index, dtype=object),
            "revops_parsed": pd.Series(parsed, index=index),
        },
        index=index,
    )


def _date_only(text: pa.Array, serial_s: np.ndarray | None) -> np.ndarray:
    """Cells that name a day without a time of day: no ``H:MM``, no AM/PM, not a Unix epoch, not a fractional serial."""
    if serial_s is not None:
        return np.ones(len(text), dtype=bool)  # whole serial days are checked by the caller (midnight)
    timed = _matches(text, r"\d:\d\d|(?i:\b[ap]\.?m\b)|^\s*\d{10}(\d{3})?\s*$|[Tt]\d")
    return ~timed


def _parse_text(
    text: pa.Array,
    blank: np.ndarray,
    zone: zoneinfo.ZoneInfo,
    dayfirst: bool | None,
    utc_ns: np.ndarray,
    evidence: DateColumnEvidence | None,
) -> np.ndarray:
    """Fill ``utc_ns`` for every parsable row; return the ambiguous-date mask.

    The order of ``03/04/2026`` comes from ``evidence``, else from these cells.
    """
    # Strict ISO 8601 through pandas' C parser; anything it rejects falls
    # through to the regex classes.
    todo = ~blank
    rows, ns, aware = _strict_iso(text, todo)
    utc_ns[rows[aware]] = ns[aware]
    utc_ns[rows[~aware]] = _localize(ns[~aware], zone)
    todo[rows] = False

    ambiguous = np.zeros(len(text), dtype=bool)
    for name, rows, subset in _shape_classes(text, todo):
        parts = _Parts(subset, _PATTERNS[name])
        if name == "numeric":
            first, second = _numeric_numbers(parts)
            if evidence is None:
                day_first, month_first = _dayfirst_evidence(first, second)
            else:
                day_first, month_first = evidence.day_first, evidence.month_first
            dates = _numeric_dates(parts, first, second, day_first, month_first, dayfirst)
            ambiguous[rows] = dates.pop("ambiguous")
        elif name == "digits":
            utc_ns[rows] = _epoch(parts)
            dates = {"year": parts.number("cy"), "month": parts.number("cm"), "day": parts.number("cd")}
        elif name == "iso":
            same = parts.same("is1", "is2")
            dates = {
                key: np.where(same, parts.number(group), np.nan)
                for key, group in (("year", "iy"), ("month", "im"), ("day", "id"))
            }
        else:
            dates = _named_dates(parts)
        found = _instants(parts, dates, zone)
        done = found != _NAT
        utc_ns[rows[done]] = found[done]
    return ambiguous


def _strict_iso(text: pa.Array, todo: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of ``todo`` pandas' C parser reads as strict ISO 8601: (rows, nanoseconds, has an offset).

    The nanoseconds are the UTC instant where the cell has an offset, else its wall-clock time.
    """
    strict = np.flatnonzero(todo & _matches(text, _STRICT_ISO))
    ns = np.full(len(strict), _NAT, dtype=np.int64)
    aware = np.zeros(len(strict), dtype=bool)
    if len(strict):
        subset = text.take(pa.array(strict))
        aware = _matches(subset, _HAS_OFFSET)
        series = pd.Series(subset, dtype=pd.ArrowDtype(subset.type)).astype("str")
        for rows, has_offset in ((aware, True), (~aware, False)):
            if rows.any():
                stamps = pd.to_datetime(series[rows], format="ISO8601", errors="coerce", utc=has_offset)
                index = pd.DatetimeIndex(stamps).as_unit("ns")
                ns[rows] = (index.tz_localize(None) if has_offset else index).asi8
    good = (ns != _NAT) & (ns >= _LOW_S * _NS) & (ns < _HIGH_S * _NS)
    return strict[good], ns[good], aware[good]


def _shape_classes(text: pa.Array, todo: np.ndarray) -> Iterator[tuple[str, np.ndarray, pa.Array]]:
    """(class name, rows, their text) for each class of :data:`_PATTERNS` in turn.

    ``todo`` is the rows neither blank nor read as strict ISO 8601; each goes
    to the first class whose pattern it matches, whether it then parses or not.
    """
    todo = todo.copy()
    for name, pattern in _PATTERNS.items():
        if not todo.any():
            return
        candidates = np.flatnonzero(todo)
        subset = text.take(pa.array(candidates))
        local_rows = np.flatnonzero(_matches(subset, pattern))
        if len(local_rows) == 0:
            continue
        rows = candidates[local_rows]
        todo[rows] = False
        yield name, rows, subset.take(pa.array(local_rows))


def _numeric_dates(
    parts: _Parts,
    first: np.ndarray,
    second: np.ndarray,
    day_first: bool,
    month_first: bool,
    dayfirst: bool | None,
) -> dict:
    """Day/month of ``03/04/2026`` cells, the order decided for the whole column.

    ``day_first``/``month_first`` are the column's evidence; ``dayfirst`` the
    caller's hint for a column without any.
    """
    m = len(first)
    years = _expand_year(parts.number("ny"), parts.length("ny"))
    ambiguous = np.zeros(m, dtype=bool)
    if day_first and month_first:
        # Both orders occur: each cell decides for itself where it can.
        cell_dayfirst = first > 12
        ambiguous = (first <= 12) & (second <= 12) & (first != second)
    elif day_first or month_first:
        cell_dayfirst = np.full(m, day_first)
    elif dayfirst is not None:
        cell_dayfirst = np.full(m, dayfirst)
    else:
        # No evidence: slashes are US month-first, dots and dashes day-first.
        cell_dayfirst = ~parts.equals("ns1", "/")
    day = np.where(cell_dayfirst, first, second)
    month = np.where(cell_dayfirst, second, first)
    return {
        "year": np.where(ambiguous, np.nan, years),
        "month": month,
        "day": day,
        "ambiguous": ambiguous,
    }


def _named_dates(parts: _Parts) -> dict:
    """Day/month/year of ``4 March 2026``, ``04-Mar-26`` (dmy) or ``Mar 4, 2026`` (mdy)."""
    dmy = parts.present("dm")

    def pick(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(dmy, a, b)  # absent groups read as NaN

    return {
        "year": pick(
            _expand_year(parts.number("dy"), parts.length("dy")), parts.number("my")
        ),
        "month": pick(parts.lookup("dm", _MONTHS), parts.lookup("mm", _MONTHS)),
        "day": pick(parts.number("dd"), parts.number("md")),
    }


def _epoch(parts: _Parts) -> np.ndarray:
    """Unix seconds (10 digits) or milliseconds (13) → UTC ns; NaT elsewhere.

    Up to 13 digits are exact in float64; bounds are checked before scaling.
    """
    epoch = parts.number("ep")
    millis = parts.length("ep") == 13
    with np.errstate(invalid="ignore"):
        seconds = np.where(millis, epoch / 1000, epoch)
        good = (seconds >= _LOW_S) & (seconds < _HIGH_S)
    whole = np.where(good, epoch, 0).astype(np.int64)
    return np.where(good, np.where(millis, whole * 1_000_000, whole * _NS), _NAT)


def _instants(parts: _Parts, dates: dict, zone: zoneinfo.ZoneInfo) -> np.ndarray:
    """Year/month/day plus the shared time/offset groups → UTC ns; NaT where invalid."""
    year, month, day = dates["year"], dates["month"], dates["day"]
    m = len(year)
    dated = _valid_date(year, month, day)
    wall = _days_from_civil(
        np.where(dated, year, 1970).astype(np.int64),
        np.where(dated, month, 1).astype(np.int64),
        np.where(dated, day, 1).astype(np.int64),
    ) * _DAY_NS

    # Time of day; 12 AM is midnight, 12 PM noon.
    hour, minute = parts.number("hh"), parts.number("mi")
    second = np.nan_to_num(parts.number("ss"))
    timed = ~np.isnan(hour)
    pm, am = parts.equals("ap", "p"), parts.equals("ap", "a")
    with np.errstate(invalid="ignore"):
        time_ok = ~timed | (np.where(pm | am, hour <= 12, hour <= 23) & (minute <= 59) & (second <= 59))
    hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    nanos = np.nan_to_num(_np(pc.cast(pc.utf8_rpad(parts.text("ff"), 9, "0"), pa.float64())))
    clock = (np.nan_to_num(hour) * 3600 + np.nan_to_num(minute) * 60 + second).astype(np.int64) * _NS
    wall = wall + np.where(timed, clock + nanos.astype(np.int64), 0)

    # Offsets: a zone abbreviation and/or +hh:mm; none means local wall time.
    abbreviation = parts.lookup("tzn", _ZONE_ABBREVIATIONS)
    off_h, off_m = parts.number("oh"), np.nan_to_num(parts.number("om"))
    numeric_offset = ~np.isnan(off_h)
    with np.errstate(invalid="ignore"):
        offset_ok = ~numeric_offset | ((off_h <= 14) & (off_m <= 59))
    sign = np.where(parts.equals("os", "-"), -1, 1)
    offset_min = np.nan_to_num(abbreviation) + np.where(
        numeric_offset, sign * (np.nan_to_num(off_h) * 60 + off_m), 0
    )
    aware = numeric_offset | ~np.isnan(abbreviation)

    ok = dated & time_ok & offset_ok
    out = np.full(m, _NAT, dtype=np.int64)
    fixed = ok & aware
    out[fixed] = wall[fixed] - offset_min[fixed].astype(np.int64) * 60 * _NS
    local = ok & ~aware
    out[local] = _localize(wall[local], zone)
    return out


def utc_ns(values: pd.Series) -> np.ndarray:
    """Tz-aware datetimes -> int64 nanoseconds since the epoch in UTC (:data:`NAT_NS` where missing)."""
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8


def as_utc(moment: pd.Timestamp | str) -> pd.Timestamp:
    """A moment (``now``, ``--as-of``) as a UTC Timestamp; one written without an offset is read as UTC."""
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
