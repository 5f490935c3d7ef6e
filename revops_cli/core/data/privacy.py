"""GDPR rights on CRM exports: deletion (forget), access and portability (export).

Data Management SOP: "GDPR: consent tracking, right of access, deletion,
portability". Plain functions on DataFrames; they never read files, print or
exit (the ``revops data forget`` / ``revops data export`` commands do that).

Which rows belong to the person (see docs/privacy.md):

- **email**: a cell of an email column whose match key equals a requested
  address's key. The key is the one dedupe compares
  (:func:`~revops_cli.normalize.email.email_match_key`): surrounding
  whitespace, ``mailto:``, ``<...>`` and display names removed, lower case,
  ``+tag`` dropped, Gmail dots dropped and googlemail.com read as gmail.com.
  A requested address written literally in an email column that holds more
  than one address (``a@x.com; b@y.com``) counts too.
- **lead id**: a row of any file whose lead id (``Lead ID``, ``Who ID``,
  ``Contact ID``...) is the lead id of a row matched by email in any file (the
  Salesforce 15- and 18-character forms of one id are the same id).
- **mention**: any other cell, in any row, that contains a requested address
  as written (case ignored). The row belongs to someone else, so it is kept
  and only that cell is replaced by :data:`FORGOTTEN`.

Forget removes the person's rows (``remove``) or keeps them with personal
cells replaced by :data:`FORGOTTEN` (``anonymise``); every other row is kept
as read. The receipt proves what was done without holding personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, detect_columns, header_key
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.email import email_match_key, match_keys_from_normalized, normalize_email_column
from revops_cli.errors import RevopsInputError

FORGOTTEN = "[forgotten]"
MODES = ("remove", "anonymise")
RECEIPT_VERSION = 1

#: Canonical lead fields that anonymise replaces (besides cells naming the person or their email).
PERSONAL_FIELDS = ("first_name", "last_name", "full_name", "email", "phone", "mobile_phone", "title", "city",
                   "postal_code")
#: Name fields: their values are also looked for in the other cells of the person's rows.
NAME_FIELDS = ("first_name", "last_name", "full_name")
#: Street / address headers (no canonical field of their own), compared by :func:`header_key`.
STREET_HEADERS = frozenset(header_key(h) for h in (
    "Street", "Address", "Street Address", "Address 1", "Address 2", "Address Line 1", "Address Line 2",
    "Street 1", "Street 2", "Mailing Street", "Billing Street", "Mailing Address", "Home Address",
    "Postal Address", "Person - Address",
))
#: Activity-export fields that describe the activity, not the person: anonymise keeps them
#: unless a cell names the person or holds their email.
_ACTIVITY_FIELDS = ("activity_id", "lead_id", "type", "subject", "timestamp", "rep", "outcome")

_SALESFORCE_ID = r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?"
# Characters that may stand next to an address inside a longer one: "joann@x.com" is not "ann@x.com".
_ADDRESS_BEFORE = r"(?:^|[^a-z0-9._%+'-])"
_ADDRESS_AFTER = r"(?:$|[^a-z0-9_.-]|\.(?:$|[^a-z0-9]))"


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class EmailRequest:
    """One requested address: as given, its match key, and where it was given (for error messages)."""

    text: str
    key: str
    where: str


def request_lines(lines: Iterable[str]) -> list[tuple[str, int]]:
    """Lines of an emails file -> ``(address, line number)``; blank lines and ``#`` comments skipped."""
    out = []
    for number, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff").strip()
        if text and not text.startswith("#"):
            out.append((text, number))
    return out


def parse_requests(values: Iterable[tuple[str, str]]) -> list[EmailRequest]:
    """``(address, where)`` pairs -> one :class:`EmailRequest` per distinct match key, in order given.

    Raises :class:`RevopsInputError` naming the first address that is not an email
    (``where`` says where it came from, e.g. ``--email`` or ``requests.txt line 3``),
    and when no address is given at all.
    """
    requests: dict[str, EmailRequest] = {}
    for text, where in values:
        key = email_match_key(text)
        if key is None:
            raise RevopsInputError(f"{where}: {text!r} is not a valid email address. Give the address as it is "
                                   "written in the CRM, e.g. jane.doe@example.com; nothing was written.")
        requests.setdefault(key, EmailRequest(text=text.strip(), key=key, where=where))
    if not requests:
        raise RevopsInputError("No email given: name the person with --email ADDRESS (repeatable) or "
                               "--emails-file FILE (one address a line).")
    return list(requests.values())


def keyed_email_hash(key: str, salt: str, secret: str | None = None) -> str:
    """HMAC-SHA256 of an email match key under ``salt`` (hex text) followed by ``secret`` (UTF-8), as hex.

    Without a secret, anyone holding the receipt can confirm a guessed address; with one, only
    whoever holds the secret can.
    """
    hmac_key = bytes.fromhex(salt) + (secret.encode("utf-8") if secret else b"")
    return hmac.new(hmac_key, key.encode("utf-8"), hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- columns


@dataclass
class PersonColumns:
    """The columns of one file that :func:`find_person` reads and anonymise replaces (frame names)."""

    email: list[str] = field(default_factory=list)
    lead_id: str | None = None
    personal: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def main_file_columns(columns: Sequence[str], mapping: ColumnMapping, headers: Mapping[str, str]) -> PersonColumns:
    """Columns of the main (leads/contacts) file, from its leads-schema ``mapping`` (config and ``--map`` applied)."""
    emails = [mapping.get("email")] if mapping.get("email") else []
    emails += [c for c in mapping.also.get("email", []) if c not in emails]
    personal = [mapping.get(f) for f in PERSONAL_FIELDS if mapping.get(f)] + _street_columns(columns, headers)
    personal += [c for c in emails if c not in personal]
    return PersonColumns(email=emails, lead_id=mapping.get("lead_id"), personal=_ordered(columns, personal),
                         names=[mapping.get(f) for f in NAME_FIELDS if mapping.get(f)])


def other_file_columns(columns: Sequence[str], headers: Mapping[str, str]) -> PersonColumns:
    """Columns of an ``--also`` file (activities, opportunities, another contact export).

    Email columns of any schema; the lead id of the activities schema (``Lead ID``,
    ``Who ID``, ``Contact ID``...), else of the opportunities schema (``Converted Lead
    ID``...): never a bare ``Id``/``Record ID``, which in such files is the activity's own id.
    """
    names = list(columns)
    activity = detect_columns(names, schema="activities", headers=dict(headers))
    opportunity = detect_columns(names, schema="opportunities", headers=dict(headers))
    lead = detect_columns(names, schema="leads", headers=dict(headers))
    own_fields = {activity.get(f) for f in _ACTIVITY_FIELDS} | {opportunity.get("opportunity_id"),
                                                                 opportunity.get("name")}
    emails: list[str] = []
    for mapping in (activity, opportunity, lead):
        for column in [mapping.get("email"), *mapping.also.get("email", [])]:
            if column and column not in emails:
                emails.append(column)
    lead_id = activity.get("lead_id") or opportunity.get("lead_id")
    personal = [lead.get(f) for f in PERSONAL_FIELDS if lead.get(f) and lead.get(f) not in own_fields]
    personal += _street_columns(names, headers) + emails
    return PersonColumns(email=emails, lead_id=lead_id, personal=_ordered(names, personal),
                         names=[lead.get(f) for f in NAME_FIELDS if lead.get(f) and lead.get(f) not in own_fields])


def _street_columns(columns: Sequence[str], headers: Mapping[str, str]) -> list[str]:
    return [c for c in columns if header_key(headers.get(c, c)) in STREET_HEADERS]


def _ordered(columns: Sequence[str], chosen: Iterable[str]) -> list[str]:
    wanted = set(chosen)
    return [c for c in columns if c in wanted]


# --------------------------------------------------------------------------- matching


@dataclass
class PersonFile:
    """One file as read: a label (its path), the frame of text, its original headers and columns."""

    name: str
    frame: pd.DataFrame
    headers: list[str]
    columns: PersonColumns
    first_row: int = 2  # spreadsheet-style number of the first data row (header = 1)

    @property
    def header_map(self) -> dict[str, str]:
        return dict(zip(self.frame.columns, self.headers))


@dataclass
class FileMatch:
    """Where the person is in one file.

    ``owned``: rows that are the person's (bool per row). ``matched_by``: per row,
    the header of the column that matched (email column first, then lead id), None
    when not owned. ``addresses``: the cells, in any row, that contain a requested
    address as written (bool frame, same shape as the file).
    """

    file: PersonFile
    owned: np.ndarray
    matched_by: pd.Series
    addresses: pd.DataFrame

    @property
    def mentions(self) -> pd.DataFrame:
        """Cells of other people's rows that contain a requested address."""
        return self.addresses & ~pd.Series(self.owned, index=self.addresses.index).to_numpy()[:, None]

    @property
    def rows_owned(self) -> int:
        return int(self.owned.sum())

    @property
    def cells_mentioning(self) -> int:
        return int(self.mentions.to_numpy().sum())

    def matched_by_counts(self) -> dict[str, int]:
        """Header of the matching column -> rows, in column order."""
        counts = self.matched_by.dropna().value_counts()
        order = {h: i for i, h in enumerate(self.file.headers)}
        return {str(h): int(n) for h, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order)))}


@dataclass
class PersonMatch:
    """:func:`find_person`'s answer: one :class:`FileMatch` per file, and which requests matched."""

    files: list[FileMatch]
    requests: list[EmailRequest]
    matched_keys: set[str]
    ids: list[str]

    @property
    def unmatched(self) -> int:
        return sum(1 for r in self.requests if r.key not in self.matched_keys)

    @property
    def rows_matched(self) -> int:
        return sum(f.rows_owned for f in self.files)


def email_keys(values: pd.Series) -> pd.Series:
    """An email column -> dedupe's match key per cell (None when blank or not an address), same index."""
    return match_keys_from_normalized(normalize_email_column(values)).set_axis(values.index)


def mention_pattern(requests: Sequence[EmailRequest]) -> str:
    """A case-insensitive regex finding any requested address (as written, or its key) inside longer text.

    Works in both of pandas' regex engines (Python ``re`` and Arrow's RE2: no look-arounds).
    """
    spellings = sorted({s.lower() for r in requests for s in (_unwrapped(r.text), r.key)}, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in spellings)
    return f"(?i){_ADDRESS_BEFORE}(?:{alternatives}){_ADDRESS_AFTER}"


def domain_pattern(requests: Sequence[EmailRequest]) -> str:
    """A case-insensitive regex for the requested domains (as keyed, as typed, in ASCII/IDNA form, and
    googlemail.com for gmail.com): a cell holding none of them cannot key to a requested address."""
    domains: set[str] = set()
    for request in requests:
        for address in (request.key, _unwrapped(request.text)):
            domain = address.rpartition("@")[2].lower()
            domains.add(domain)
            try:
                domains.add(domain.encode("idna").decode("ascii"))
            except UnicodeError:
                pass
        if request.key.endswith("@gmail.com"):
            domains.add("googlemail.com")
    return "(?i)(?:" + "|".join(re.escape(d) for d in sorted(domains, key=len, reverse=True)) + ")"


def _unwrapped(text: str) -> str:
    """The address part of a request as typed (``mailto:``/``<>`` removed), for finding it in free text."""
    inner = re.search(r"<([^<>]+)>", text)
    address = inner.group(1) if inner else text
    return re.sub(r"^mailto:", "", address.strip(), flags=re.IGNORECASE).strip(" \"'")


def _contains(values: pd.Series, pattern: str) -> np.ndarray:
    text = values.astype("str")
    return text.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)


def _contains_address(values: pd.Series, pattern: str) -> np.ndarray:
    """:func:`_contains` for an address pattern: the regex runs only on cells holding an ``@``."""
    text = values.astype("str")
    has_at = text.str.contains("@", regex=False, na=False).to_numpy(dtype=bool)
    hit = np.zeros(len(text), dtype=bool)
    if has_at.any():
        hit[has_at] = text[has_at].str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
    return hit


def id_matches(values: pd.Series, ids: Iterable[str]) -> np.ndarray:
    """True where a lead id cell is one of ``ids`` (trimmed; a Salesforce 15-character id equals
    its 18-character form)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return np.zeros(len(values), dtype=bool)
    text = values.astype("str").str.strip()
    hit = text.isin(wanted).to_numpy(dtype=bool, copy=True)
    sf = text.str.fullmatch(_SALESFORCE_ID).fillna(False).to_numpy(dtype=bool)
    length = text.str.len().fillna(0).to_numpy()
    short = {i for i in wanted if len(i) == 15 and re.fullmatch(_SALESFORCE_ID, i)}
    long_prefix = {i[:15] for i in wanted if len(i) == 18 and re.fullmatch(_SALESFORCE_ID, i)}
    if short:
        hit = hit | (sf & (length == 18) & text.str.slice(0, 15).isin(short).to_numpy(dtype=bool))
    if long_prefix:
        hit = hit | (sf & (length == 15) & text.isin(long_prefix).to_numpy(dtype=bool))
    return hit


def find_person(main: PersonFile, others: Sequence[PersonFile], requests: Sequence[EmailRequest]) -> PersonMatch:
    """Find the requested people's rows in ``main`` and ``others`` (see the module docstring for the rules).

    Lead ids are learnt from the email-matched rows of every file (an activity that
    names the address and a Lead ID ties that id to the person), then every file's
    rows with one of those ids are the person's too: activity rows that carry only
    the Lead ID, and a lead row whose email is blank.
    """
    keys = {r.key for r in requests}
    pattern = mention_pattern(requests)
    matched_keys: set[str] = set()

    domains = domain_pattern(requests)

    def by_email(file: PersonFile) -> tuple[np.ndarray, pd.Series]:
        owned = np.zeros(len(file.frame), dtype=bool)
        matched_by = pd.Series([None] * len(file.frame), index=file.frame.index, dtype=object)
        for column in file.columns.email:
            # Keying a million addresses takes a while; only cells naming a requested domain can match.
            values = file.frame[column]
            maybe = _contains(values, domains)
            cell_keys = pd.Series(None, index=values.index, dtype=object)
            if maybe.any():
                cell_keys[maybe] = email_keys(values[maybe]).to_numpy(dtype=object)
            hit = cell_keys.isin(keys).to_numpy(dtype=bool) | _contains_address(values, pattern)
            matched_keys.update(k for k in cell_keys[hit].dropna().unique() if k in keys)
            matched_by[hit & ~owned] = file.header_map[column]
            owned |= hit
        return owned, matched_by

    files = [main, *others]
    by_mail = [by_email(file) for file in files]
    found: set[str] = set()
    for file, (owned, _) in zip(files, by_mail):
        if file.columns.lead_id is not None and owned.any():
            values = file.frame[file.columns.lead_id][owned].astype("str").str.strip()
            found.update(i for i in values.dropna() if i)
    ids = sorted(found)
    results = []
    for file, (owned, matched_by) in zip(files, by_mail):
        if file.columns.lead_id is not None and ids:
            hit = id_matches(file.frame[file.columns.lead_id], ids) & ~owned
            matched_by[hit] = file.header_map[file.columns.lead_id]
            owned = owned | hit
        addresses = pd.DataFrame({c: _contains_address(file.frame[c], pattern) for c in file.frame.columns},
                                 index=file.frame.index, columns=file.frame.columns)
        results.append(FileMatch(file=file, owned=owned, matched_by=matched_by, addresses=addresses))
    for match in results:  # a mention also proves the request was found
        if match.cells_mentioning:
            cells = match.file.frame.where(match.mentions)
            text = " ".join(str(v).lower() for v in cells.stack().dropna())
            matched_keys.update(r.key for r in requests
                                if re.search(mention_pattern([r]), text))
    return PersonMatch(files=results, requests=list(requests), matched_keys=matched_keys, ids=ids)


# --------------------------------------------------------------------------- forget


@dataclass
class ForgetFile:
    """What forgetting did to one file: the frame to write and the figures for the receipt."""

    frame: pd.DataFrame
    rows_in: int
    rows_removed: int
    rows_anonymised: int
    cells_redacted: int
    matched_by: dict[str, int]
    columns_replaced: list[str]
    removed_sha256: str | None

    @property
    def rows_out(self) -> int:
        return len(self.frame)


def forget_file(match: FileMatch, mode: str, person_names: Iterable[str] = ()) -> ForgetFile:
    """Remove (``remove``) or anonymise (``anonymise``) the person's rows of one file.

    Rows owned by the person: dropped, or kept with every non-blank personal cell
    (:attr:`PersonColumns.personal`) and every other cell holding a requested
    address or one of ``person_names`` (whole words, case ignored) replaced by
    :data:`FORGOTTEN`. Other rows: only cells mentioning a requested address are
    replaced. Every other cell, row and header stays exactly as read, in order.
    """
    if mode not in MODES:
        raise RevopsInputError(f"--mode {mode!r}: choose remove or anonymise.")
    file = match.file
    frame = file.frame
    replaced = match.mentions.copy()
    if mode == "anonymise" and match.owned.any():
        owned = match.owned
        name_pattern = _name_pattern(person_names)
        rows = frame[owned]  # only the person's rows are searched for their names
        for column in frame.columns:
            if column in file.columns.personal:
                hit = ~is_blank(rows[column]).to_numpy(dtype=bool)
            else:
                hit = match.addresses[column].to_numpy(dtype=bool)[owned]
                if name_pattern:
                    hit = hit | _contains(rows[column], name_pattern)
            column_mask = replaced[column].to_numpy(dtype=bool, copy=True)
            column_mask[owned] |= hit
            replaced[column] = column_mask
    removed_cells = _removed_cells(match, replaced, mode)
    if mode == "remove":
        out = frame[~match.owned]
        replaced = replaced[~match.owned]
    else:
        out = frame
    if replaced.to_numpy().any():
        out = out.copy()
        for column in out.columns:
            mask = replaced[column].to_numpy(dtype=bool)
            if mask.any():
                out[column] = out[column].mask(mask, FORGOTTEN)
    columns_replaced = [file.header_map[c] for c in frame.columns if replaced[c].to_numpy(dtype=bool).any()]
    return ForgetFile(
        frame=out,
        rows_in=len(frame),
        rows_removed=match.rows_owned if mode == "remove" else 0,
        rows_anonymised=match.rows_owned if mode == "anonymise" else 0,
        cells_redacted=int(match.mentions.to_numpy().sum()),
        matched_by=match.matched_by_counts(),
        columns_replaced=columns_replaced,
        removed_sha256=removed_data_sha256(file, removed_cells),
    )


def person_names(person: PersonMatch) -> list[str]:
    """First, last and full names found in the person's rows of every file (for anonymise)."""
    names: set[str] = set()
    for match in person.files:
        for column in match.file.columns.names:
            values = match.file.frame[column][match.owned].dropna().astype("str").str.strip()
            names.update(v for v in values if v)
    return sorted(names)


def _name_pattern(names: Iterable[str]) -> str | None:
    words = sorted({n.strip().lower() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return None
    return "(?i)(?:^|[^a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + ")(?:$|[^a-z0-9])"


def _removed_cells(match: FileMatch, replaced: pd.DataFrame, mode: str) -> pd.DataFrame:
    """Bool frame of the cells whose value forgetting removes: whole owned rows (remove) or the replaced cells."""
    if mode == "remove":
        whole = pd.DataFrame(np.repeat(match.owned[:, None], match.file.frame.shape[1], axis=1),
                             index=match.file.frame.index, columns=match.file.frame.columns)
        return whole | match.mentions
    return replaced


def removed_data_sha256(file: PersonFile, cells: pd.DataFrame) -> str | None:
    """SHA-256 (hex) of the removed values of one file, serialised canonically; None when nothing was removed.

    One line per affected row, in file order: the compact JSON array
    ``[row_number, [[header, value], ...]]`` (the removed cells in column order,
    original header text, the value as read or ``null`` when blank; ``ensure_ascii=False``,
    separators ``,`` and ``:``), UTF-8, each line ending in ``\\n``. ``row_number`` is
    the spreadsheet row (header row = 1 for a plain CSV). Anyone holding a backup of
    the file can recompute it; the hash alone reveals nothing.
    """
    mask = cells.to_numpy(dtype=bool)
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return None
    digest = hashlib.sha256()
    frame = file.frame
    for position in rows:
        values = frame.iloc[position]
        cells_out = [[file.headers[i], _json_value(values.iloc[i])] for i in np.flatnonzero(mask[position])]
        line = json.dumps([int(position) + file.first_row, cells_out], ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _json_value(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return str(value)


# --------------------------------------------------------------------------- receipt and export


@dataclass
class FileReport:
    """One file's line in a receipt: where it came from and went, and what forgetting did."""

    role: str  # main | also
    input: str
    output: str | None
    result: ForgetFile

    def to_dict(self) -> dict:
        r = self.result
        return {
            "role": self.role, "input": self.input, "output": self.output,
            "rows_in": r.rows_in, "rows_removed": r.rows_removed, "rows_anonymised": r.rows_anonymised,
            "rows_out": r.rows_out, "cells_redacted_in_other_rows": r.cells_redacted,
            "matched_by": r.matched_by, "columns_replaced": r.columns_replaced,
            "removed_data_sha256": r.removed_sha256,
        }


def build_receipt(*, files: Sequence[FileReport], person: PersonMatch, mode: str, salt: str,
                  created_at: dt.datetime, version: str, secret: str | None = None) -> dict:
    """The deletion receipt: what was done, when, by which revops, and hashes that prove it.

    Holds no personal data: no address, name or cell value. Each requested
    address appears only as :func:`keyed_email_hash` of its match key under
    ``salt`` (stored in the receipt), sorted, so the controller can later show a
    given address was in the request by recomputing its hash.
    """
    return {
        "receipt": "revops data forget",
        "receipt_version": RECEIPT_VERSION,
        "created_at": created_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "revops_version": version,
        "mode": mode,
        "requests": {
            "emails": len(person.requests),
            "matched": len(person.requests) - person.unmatched,
            "unmatched": person.unmatched,
            "email_hash": ("HMAC-SHA256(key=bytes.fromhex(salt) + secret (UTF-8), message=email match key, UTF-8), "
                           "hex" if secret else
                           "HMAC-SHA256(key=bytes.fromhex(salt), message=email match key, UTF-8), hex"),
            "salt": salt,
            "keyed_with_secret": bool(secret),
            "email_hashes": sorted(keyed_email_hash(r.key, salt, secret) for r in person.requests),
        },
        "lead_ids_matched": len(person.ids),
        "removed_data_hash": "SHA-256 per file of the removed cells, one line per row: "
                             "[row_number, [[header, value], ...]] as compact JSON, UTF-8, newline-terminated",
        "files": [f.to_dict() for f in files],
        "totals": {
            "rows_in": sum(f.result.rows_in for f in files),
            "rows_removed": sum(f.result.rows_removed for f in files),
            "rows_anonymised": sum(f.result.rows_anonymised for f in files),
            "rows_out": sum(f.result.rows_out for f in files),
            "cells_redacted_in_other_rows": sum(f.result.cells_redacted for f in files),
        },
    }


def build_export(person: PersonMatch, *, created_at: dt.datetime, version: str) -> dict:
    """Everything the files hold about the person (right of access and portability).

    Per file: each of the person's rows with its spreadsheet row number, the
    column that matched, and every value as read under its original header
    (``null`` for a blank cell); from other people's rows only the cells that
    mention a requested address. A repeated header is keyed by its internal name
    (``Email (2)``).
    """
    files = []
    for match in person.files:
        file = match.file
        keys = _export_keys(file)
        rows = []
        mask = match.mentions.to_numpy(dtype=bool)
        for position in np.flatnonzero(match.owned | mask.any(axis=1)):
            values = file.frame.iloc[position]
            if match.owned[position]:
                cells = {keys[i]: _json_value(values.iloc[i]) for i in range(len(keys))}
                rows.append({"row": int(position) + file.first_row, "matched_by": match.matched_by.iloc[position],
                             "values": cells})
            else:
                cells = {keys[i]: _json_value(values.iloc[i]) for i in np.flatnonzero(mask[position])}
                rows.append({"row": int(position) + file.first_row, "matched_by": "mention", "values": cells})
        files.append({"file": file.name, "rows_matched": match.rows_owned,
                      "rows_mentioning": int(mask.any(axis=1).sum()), "rows": rows})
    found = sum(f["rows_matched"] + f["rows_mentioning"] for f in files)
    return {
        "export": "revops data export",
        "created_at": created_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "revops_version": version,
        "subject": {"emails": [r.text for r in person.requests]},
        "rows_found": found,
        "note": None if found else "No row of any file matches the requested email address(es).",
        "files": files,
    }


def _export_keys(file: PersonFile) -> list[str]:
    counts: dict[str, int] = {}
    for header in file.headers:
        counts[header] = counts.get(header, 0) + 1
    return [h if counts[h] == 1 else str(c) for h, c in zip(file.headers, file.frame.columns)]
