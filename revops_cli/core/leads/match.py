"""Record-matching building blocks: match keys per person, blocked candidate pairs, name similarity.

Dedupe compares records only inside blocks (same email key, same phone, same
company key or corporate email domain plus one identical name part), so the
work grows with the number of rows, not with its square. Blocks up to
``whole_upto`` rows compare every pair; bigger ones (a company with thousands
of leads) compare each record with its ``window`` nearest neighbours in name
order (the sorted-neighbourhood method).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import email_validator
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import classify_emails
from revops_cli.normalize.company import company_key_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.blank import is_blank_value
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.email import (_GMAIL_DOMAINS, DOMAIN_PLACEHOLDERS, PUBLIC_INBOX, Placeholders,
                                        _default_role_pattern, _is_disposable, _is_generic, _role_pattern,
                                        _with_extras, disposable_domain_set, generic_domain_set,
                                        match_keys_from_normalized, placeholder_reasons)
from revops_cli.normalize.names import split_full_name_column
from revops_cli.normalize.phone import normalize_phone_column, phone_match_key_column
from revops_cli.normalize.timestamps import normalize_timestamp_column

# A first name known only by its initial ("J." vs "John"), or a nickname
# ("Bill" vs "William"): likely the same first name, but weaker than equal.
INITIAL_SIMILARITY = 90.0
NICKNAME_SIMILARITY = 95.0
# When one record lacks a first or last name, the other part alone can at most
# reach this, so a bare surname never merges on the fuzzy rule by itself.
ONE_PART_CAP = 85.0


def fold_names(values: pd.Series) -> np.ndarray:
    """Names as compare keys: accents folded, lower case, letters only, no spaces ('' when blank).

    ``Schröder`` -> ``schroder``, ``de Jong`` -> ``dejong``, ``O'Connor`` -> ``oconnor``.
    Computed once per distinct value.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    folded = np.array([_fold(u) for u in uniques] + [""], dtype=object)
    return folded[codes]  # code -1 (missing) picks the trailing ''


def _fold(text: object) -> str:
    if not isinstance(text, str) or is_blank_value(text):  # "n/a", "#N/A", "-": no name to match on
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("Ø", "o"))
    return "".join(ch for ch in decomposed.lower() if ch.isalpha() and not unicodedata.combining(ch))


def person_features(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                    blank: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """One row of match keys per record (same index as ``frame``).

    Columns: ``email_key`` (normalised address, Gmail dots and +tags removed; '' for
    a placeholder such as ``a@a.com``), ``email_role`` (info@, sales@..., and public
    inboxes such as mailinator.com), ``domain`` (corporate email domain only;
    free, disposable, placeholder and invalid addresses give ''), ``phone_key``/``mobile_key``
    (last digits, see :func:`phone_match_key_column`) with the raw cells and the
    row's ``region`` for :func:`resolve_phones`; ``first``/``last`` (folded), ``company_key``,
    ``created``/``activity`` (UTC instants, NaT when unknown), ``owner`` (bool),
    ``filled`` (non-blank cells, for "most complete"). ``blank``: the caller's
    :func:`~revops_cli.normalize.distinct.is_blank` mask per column, when it has them.
    """
    n = len(frame)
    empty = np.full(n, "", dtype=object)
    get = mapping.get
    out: dict[str, object] = {}

    if get("email"):
        keys = email_match_features(frame[get("email")], config)
        out["email_key"], out["email_role"] = keys["email_key"], keys["email_role"]
        out["email_public"], out["domain"] = keys["email_public"], keys["domain"]
    else:
        out["email_key"], out["email_role"], out["domain"] = empty, np.zeros(n, dtype=bool), empty
        out["email_public"] = np.zeros(n, dtype=bool)

    # Phones: a cheap digits key now; the E.164 parse later, only for records
    # that share a key and a similar name with another (see resolve_phones).
    out["region"] = np.full(n, None, dtype=object)
    if get("country"):
        country = normalize_country_column(frame[get("country")], extra_aliases=config.clean.country_aliases)
        codes = country["value"].where(country["flag"].isna() & country["value"].str.fullmatch(r"[A-Z]{2}", na=False))
        out["region"] = codes.astype(object).to_numpy()
    for canonical, name in (("phone", "phone"), ("mobile_phone", "mobile")):
        if get(canonical):
            raw = frame[get(canonical)]
            out[f"{name}_key"] = phone_match_key_column(raw).to_numpy(dtype=object)
            out[f"{name}_raw"] = raw.astype(object).to_numpy()
        else:
            out[f"{name}_key"], out[f"{name}_raw"] = empty, np.full(n, None, dtype=object)

    first, last = get("first_name"), get("last_name")
    if get("full_name") and not (first or last):
        split = split_full_name_column(frame[get("full_name")])
        out["first"], out["last"] = fold_names(split["first_name"]), fold_names(split["last_name"])
    else:
        out["first"] = fold_names(frame[first]) if first else empty
        out["last"] = fold_names(frame[last]) if last else empty

    if get("company"):
        out["company_key"] = company_key_column(frame[get("company")]).fillna("").to_numpy(dtype=object)
    else:
        out["company_key"] = empty

    tz = config.general.timezone
    for canonical, name in (("created_at", "created"), ("last_activity_at", "activity")):
        if get(canonical):
            parsed = normalize_timestamp_column(frame[get(canonical)],
                                                timezone=mapping.naive_timezone(canonical, tz))["revops_parsed"]
            out[name] = parsed.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]")
        else:
            out[name] = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    out["owner"] = ~is_blank(frame[get("owner")]).to_numpy() if get("owner") else np.zeros(n, dtype=bool)
    data_columns = [c for c in frame.columns if not str(c).startswith("revops_")]
    filled = np.zeros(n, dtype=np.int64)
    for column in data_columns:
        filled += ~(blank[column] if blank is not None and column in blank else is_blank(frame[column]).to_numpy())
    out["filled"] = filled
    return pd.DataFrame(out, index=frame.index)


# email-validator's fast-path test (revops_cli.normalize.email._PLAIN_ADDRESS) in RE2, which Arrow runs: RE2 has no
# look-around, so a label is "alphanumeric, then up to 61 of alphanumeric or hyphen, not ending with a hyphen", and
# the rule "no label starts with two alphanumerics and '--'" (Punycode's, left to the validator) is checked apart.
_ATEXT_RE2 = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL_RE2 = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,60}[A-Za-z0-9])?"
# Spaces and tabs around the address are what the normaliser trims first: they are left out of the capture.
_PLAIN_ADDRESS_RE2 = rf"^[ \t]*(?P<address>{_ATEXT_RE2}+(?:\.{_ATEXT_RE2}+)*@(?:{_LABEL_RE2}\.)+[A-Za-z]{{2,63}})[ \t]*$"
_RESERVED_LABEL_RE2 = r"(?:^|\.)[A-Za-z0-9]{2}--"
_MAX_ADDRESS, _MAX_LOCAL = 254, 64  # the fast path's length limits, as in normalize.email._parse


def email_match_features(emails: pd.Series, config: RevopsConfig) -> dict[str, np.ndarray]:
    """Per row: ``email_key``, ``email_role``, ``email_public`` and ``domain`` (see :func:`person_features`).

    The same values as :func:`~revops_cli.core.leads.clean.classify_emails` gives (a test holds the two
    together), computed once per distinct cell: a plain ASCII address, which the email normaliser accepts
    without the validator, is split, classified and keyed with Arrow string kernels; the domain lists are
    looked up once per distinct domain; every other cell (blank, wrapped, internationalised, unusual) goes
    through :func:`classify_emails` itself.
    """
    codes, distinct = pd.factorize(emails.astype(object), use_na_sentinel=True)
    distinct = np.asarray(distinct, dtype=object)
    m = len(distinct)
    key = np.full(m, "", dtype=object)
    role = np.zeros(m, dtype=bool)
    public = np.zeros(m, dtype=bool)
    domain_out = np.full(m, "", dtype=object)
    is_text = np.array([isinstance(v, str) for v in distinct], dtype=bool)
    cells = pa.array(np.where(is_text, distinct, None), type=pa.large_string(), from_pandas=True)
    found = pc.extract_regex(cells, _PLAIN_ADDRESS_RE2)
    plain = pc.is_valid(found)
    text = pc.if_else(plain, pc.struct_field(found, 0), pa.scalar(None, pa.large_string()))  # the address, trimmed
    has_at = pc.if_else(pc.fill_null(pc.match_substring(text, "@"), False), text, pa.scalar(None, pa.large_string()))
    parts = pc.split_pattern(has_at, "@", max_splits=1, reverse=True)
    local, host = pc.list_element(parts, 0), pc.list_element(parts, 1)
    plain = pc.and_(plain, pc.invert(pc.fill_null(pc.match_substring_regex(host, _RESERVED_LABEL_RE2), True)))
    plain = pc.and_(plain, pc.less_equal(pc.binary_length(text), _MAX_ADDRESS))
    plain = pc.and_(plain, pc.less_equal(pc.binary_length(local), _MAX_LOCAL))
    fast = pc.fill_null(plain, False).to_numpy(zero_copy_only=False)
    host = pc.utf8_lower(host)
    domain_codes, domains = pd.factorize(host.to_numpy(zero_copy_only=False), use_na_sentinel=True)
    domains = np.asarray(domains, dtype=object)
    special = np.array([_special_use_domain(d) for d in domains] + [True], dtype=bool)
    fast &= ~special[domain_codes]

    if fast.any():
        where = np.flatnonzero(fast)
        generic_set = _with_extras(generic_domain_set(), config.clean.free_email_domains)
        disposable_set = _with_extras(disposable_domain_set(), config.clean.disposable_email_domains)
        fast_codes = domain_codes[where]
        used = np.unique(fast_codes)
        generic = np.zeros(len(domains), dtype=bool)
        disposable = np.zeros(len(domains), dtype=bool)
        generic[used] = [_is_generic(domains[c], generic_set) for c in used]
        disposable[used] = [_is_disposable(domains[c], disposable_set) for c in used]
        take = pa.array(where)
        f_local, f_host = pc.take(local, take), pc.take(host, take)
        value = pc.binary_join_element_wise(f_local, f_host, pa.scalar("@", pa.large_string()))
        placeholders = Placeholders.of(config.clean.placeholder_email_local_parts,
                                       config.clean.placeholder_email_domains)
        reason = placeholder_reasons(pd.Series(value.to_numpy(zero_copy_only=False), dtype=object),
                                     placeholders).to_numpy(dtype=object)
        stripped = pc.replace_substring_regex(pc.utf8_lower(f_local), r"^(.[^+]*)\+.*$", r"\1")
        role_pattern = (_default_role_pattern() if config.clean.role_email_prefixes is None
                        else _role_pattern(tuple(config.clean.role_email_prefixes)))
        try:
            is_role = pc.fill_null(pc.match_substring_regex(stripped, role_pattern.pattern), False).to_numpy(
                zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a configured prefix RE2 cannot read
            is_role = np.array([bool(role_pattern.match(v)) for v in stripped.to_pylist()], dtype=bool)
        gmail = pc.is_in(f_host, value_set=pa.array(sorted(_GMAIL_DOMAINS), type=pa.large_string()))
        key_local = pc.if_else(gmail, pc.replace_substring(stripped, ".", ""), stripped)
        key_host = pc.if_else(gmail, pa.scalar("gmail.com", pa.large_string()), f_host)
        match_key = pc.binary_join_element_wise(key_local, key_host, pa.scalar("@", pa.large_string()))
        match_key = match_key.to_numpy(zero_copy_only=False)
        shared = reason == PUBLIC_INBOX
        key[where] = np.where(pd.notna(reason) & ~shared, "", match_key)
        role[where] = is_role | shared
        public[where] = shared
        corporate = ~generic[fast_codes] & ~disposable[fast_codes] & ~pd.Series(reason, dtype=object).isin(
            DOMAIN_PLACEHOLDERS).to_numpy()
        domain_out[where] = np.where(corporate, domains[fast_codes], "")

    slow = np.flatnonzero(~fast)
    if len(slow):
        classified = classify_emails(pd.Series(distinct[slow], dtype=object), config)
        valid = classified["revops_email_valid"].eq(True).to_numpy()
        keys = match_keys_from_normalized(classified).fillna("").to_numpy(dtype=object)
        reason = classified["placeholder"].to_numpy(dtype=object)
        shared = reason == PUBLIC_INBOX
        key[slow] = np.where(pd.notna(reason) & ~shared, "", keys)
        role[slow] = classified["revops_email_role"].eq(True).to_numpy() | shared
        public[slow] = shared
        corporate = (valid & ~classified["revops_email_generic"].eq(True).to_numpy()
                     & ~classified["revops_email_disposable"].eq(True).to_numpy()
                     & ~pd.Series(reason, dtype=object).isin(DOMAIN_PLACEHOLDERS).to_numpy())
        domain = classified["revops_email_domain"].to_numpy(dtype=object)
        domain_out[slow] = np.where(corporate & pd.notna(domain), domain, "")

    def rows(values: np.ndarray, blank: object) -> np.ndarray:
        return np.append(values, np.array([blank], dtype=values.dtype))[codes]  # code -1 (missing): blank

    return {"email_key": rows(key, ""), "email_role": rows(role, False), "email_public": rows(public, False),
            "domain": rows(domain_out, "")}


def _special_use_domain(domain: object) -> bool:
    """email-validator's special-use domains (``.local``, ``.test``...): the validator judges those."""
    if not isinstance(domain, str):
        return True
    labels = domain.split(".")
    return any(".".join(labels[i:]) in email_validator.SPECIAL_USE_DOMAIN_NAMES for i in range(len(labels)))


def resolve_phones(feat: pd.DataFrame, rows: np.ndarray, default_region: str) -> tuple[np.ndarray, np.ndarray]:
    """E.164 phone and mobile of the records at positions ``rows`` ('' elsewhere, and for junk or invalid numbers).

    Called only for records that already share a digits key and a similar
    name with another, so phonenumbers parses a small minority of a big file.
    """
    n = len(feat)
    out = []
    regions = feat["region"].to_numpy()[rows]
    for name in ("phone", "mobile"):
        values = np.full(n, "", dtype=object)
        todo = feat[f"{name}_key"].to_numpy()[rows] != ""
        if todo.any():
            raw = pd.Series(feat[f"{name}_raw"].to_numpy()[rows][todo], dtype=object)
            parsed = normalize_phone_column(raw, pd.Series(regions[todo], dtype=object), default_region)
            e164 = parsed["value"].where(parsed["flag"].isna() & parsed["value"].str.startswith("+", na=False))
            values[rows[todo]] = e164.fillna("").to_numpy(dtype=object)
        out.append(values)
    return out[0], out[1]


# --------------------------------------------------------------------------- blocking


def block_codes(*keys: np.ndarray) -> np.ndarray:
    """Integer block id per row for the combination of ``keys``; -1 where any key is ''.

    Each key is factorised on its own and the codes combined as integers: no joined strings.
    """
    present = np.ones(len(keys[0]), dtype=bool)
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        present &= key != ""
        codes, uniques = pd.factorize(key, use_na_sentinel=True)
        present &= codes >= 0  # a missing key (None) blocks nothing, like ''
        if len(keys) == 1:
            combined = codes.astype(np.int64)
            break
        combined = combined * (len(uniques) + 1) + (codes.astype(np.int64) + 1)
        combined, _ = pd.factorize(combined)  # keeps the numbers small for the next key
        combined = combined.astype(np.int64)
    out = np.full(len(combined), -1, dtype=np.int64)
    if present.any():
        out[present] = pd.factorize(combined[present])[0]
    return out


def pairs_within_blocks(blocks: np.ndarray, sort_key: np.ndarray, *, whole_upto: int, window: int,
                        unique: bool = True) -> np.ndarray:
    """Candidate pairs ``(a, b)`` (row positions, a < b) of rows sharing a block.

    Blocks of up to ``whole_upto`` rows give every pair; bigger blocks give
    each row's next ``window`` rows in ``sort_key`` order. Returns an (m, 2)
    int64 array, unique pairs. ``unique=False``: the same pairs, in no
    particular order or orientation, possibly repeated, for a caller that
    passes them through :func:`unique_pairs` itself (one sort instead of two).
    """
    rows = np.flatnonzero(blocks >= 0)
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64)
    codes = blocks[rows]
    sizes = np.bincount(codes)
    size = sizes[codes]
    keep = size >= 2
    rows, codes, size = rows[keep], codes[keep], size[keep]
    parts = []

    small = size <= whole_upto
    if small.any():
        r, c = rows[small], codes[small]
        order = np.argsort(c, kind="stable")
        r, c = r[order], c[order]
        starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
        block_len = np.diff(np.r_[starts, len(c)])
        rank = np.arange(len(c)) - np.repeat(starts, block_len)
        after = np.repeat(block_len, block_len) - 1 - rank  # partners later in the block
        total = int(after.sum())
        if total:
            first = np.repeat(np.arange(len(c)), after)
            step = np.arange(total) - np.repeat(np.cumsum(after) - after, after)
            parts.append(np.column_stack([r[first], r[first + 1 + step]]))

    if (~small).any():
        r, c = rows[~small], codes[~small]
        rank_key, _ = pd.factorize(sort_key[r], sort=True)
        order = np.lexsort((r, rank_key, c))
        r, c = r[order], c[order]
        for k in range(1, window + 1):
            same = c[k:] == c[:-k]
            if not same.any():
                break
            parts.append(np.column_stack([r[:-k][same], r[k:][same]]))

    if not parts:
        return np.empty((0, 2), dtype=np.int64)
    return unique_pairs(parts, len(blocks)) if unique else np.concatenate(parts).astype(np.int64)


def unique_pairs(parts: list[np.ndarray], n: int) -> np.ndarray:
    """Concatenate (m, 2) pair arrays over ``n`` rows into unique pairs with a < b, sorted."""
    pairs = np.concatenate(parts).astype(np.int64)
    if not len(pairs):
        return pairs.reshape(0, 2)
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    keys = np.sort(low * n + high)  # one int per pair: far faster than a row-wise unique
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # (np.unique's hash path is slower here)
    return np.column_stack([keys // n, keys % n])


# --------------------------------------------------------------------------- similarity


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer  # imported lazily: loads its table on first use
    return NickNamer()


class NameVocabulary:
    """First and last names of a set of records as integer codes into one vocabulary.

    Pair similarities are computed once per distinct pair of names, not per
    pair of records: a million candidate pairs hold far fewer name pairs.
    """

    def __init__(self, first: np.ndarray, last: np.ndarray):
        codes, uniques = pd.factorize(np.concatenate([first, last]).astype(object))
        self.words = np.asarray(uniques, dtype=object)
        blank = np.flatnonzero(self.words == "")
        codes = codes.astype(np.int64)
        if len(blank):
            codes[codes == blank[0]] = -1
        self.first, self.last = codes[: len(first)], codes[len(first):]
        self._related: dict[str, set[str]] = {}
        self._word_shape: tuple[np.ndarray, np.ndarray] | None = None
        self._index: dict[str, int] | None = None

    def __deepcopy__(self, memo: dict) -> NameVocabulary:
        # Kept in the features frame's attrs, which pandas deep-copies on every column taken from it:
        # the vocabulary is never changed after it is built, so a copy is the same object.
        return self

    def related(self, name: str) -> set[str]:
        if name not in self._related:
            namer = _nicknamer()
            self._related[name] = namer.nicknames_of(name) | namer.canonicals_of(name)
        return self._related[name]

    def similarity(self, a: np.ndarray, b: np.ndarray, *, first_names: bool = False) -> np.ndarray:
        """0-100 Jaro-Winkler per pair of codes; NaN where either is blank (-1).

        ``first_names``: an initial matching a name (J / John) scores at least
        :data:`INITIAL_SIMILARITY`, a nickname (Bill / William) :data:`NICKNAME_SIMILARITY`.
        """
        out = np.full(len(a), np.nan)
        present = (a >= 0) & (b >= 0)
        out[present & (a == b)] = 100.0
        todo = np.flatnonzero(present & (a != b))
        if not len(todo):
            return out
        size = len(self.words)
        inverse, pair_keys = pd.factorize(a[todo] * size + b[todo])
        wa, wb = self.words[pair_keys // size], self.words[pair_keys % size]
        sim = cpdist(wa, wb, scorer=JaroWinkler.normalized_similarity, workers=-1).astype(float) * 100
        if first_names:
            xa, xb = pair_keys // size, pair_keys % size
            length, initial = self._shape()
            one = ((length[xa] == 1) | (length[xb] == 1)) & (initial[xa] == initial[xb])
            sim[one] = np.maximum(sim[one], INITIAL_SIMILARITY)
            maybe = ~one & (sim < NICKNAME_SIMILARITY)
            if maybe.any():
                nick = self._nickname_keys(np.unique(np.concatenate([xa[maybe], xb[maybe]])))
                sim[maybe & np.isin(pair_keys, nick)] = NICKNAME_SIMILARITY
        out[todo] = sim[inverse]
        return out

    def _shape(self) -> tuple[np.ndarray, np.ndarray]:
        """Length and first character (as a number) of every word of the vocabulary."""
        if self._word_shape is None:
            self._word_shape = (np.array([len(w) for w in self.words], dtype=np.int64),
                                np.array([ord(w[0]) if w else -1 for w in self.words], dtype=np.int64))
        return self._word_shape

    def _nickname_keys(self, codes: np.ndarray) -> np.ndarray:
        """Pair keys (x * size + y, both orders) of the words ``codes`` and the vocabulary's names related to them
        (nicknames and their canonical names): "x is a nickname of y or y of x" is a lookup in these."""
        if self._index is None:
            self._index = {w: i for i, w in enumerate(self.words)}
        size, keys = len(self.words), []
        for x in codes.tolist():
            for name in self.related(self.words[x]):
                y = self._index.get(name)
                if y is not None:
                    keys += (x * size + y, y * size + x)
        return np.array(keys, dtype=np.int64)

    def name_similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """0-100 per pair of records (row positions), weighted towards the weaker name part.

        First and last swapped ("Smith John") counts as well; if one part is
        missing on either side the other part alone counts, capped at
        :data:`ONE_PART_CAP`; with no common part the similarity is 0.
        """
        fa, fb, la, lb = self.first[a], self.first[b], self.last[a], self.last[b]
        first = self.similarity(fa, fb, first_names=True)
        last = self.similarity(la, lb)
        both = _combine(first, last)
        # Swapped only matters where the straight reading is weak.
        maybe = np.flatnonzero((fa >= 0) & (fb >= 0) & (la >= 0) & (lb >= 0) & (both < 90))
        if len(maybe):
            swapped = _combine(self.similarity(fa[maybe], lb[maybe]), self.similarity(la[maybe], fb[maybe]))
            both[maybe] = np.fmax(both[maybe], swapped)
        one = np.minimum(np.where(np.isnan(first), last, first), ONE_PART_CAP)
        return np.where(np.isnan(both), np.nan_to_num(one, nan=0.0), both)


def _combine(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Weaker part x 3/4 + stronger part x 1/4.

    A typo in one part barely lowers the score (100 and 95 -> 96), but a
    different first name with the same surname (Priya and Divya Reddy: 73 and
    100 -> 80) stays below the merge thresholds: that is a colleague or a
    relative, not a duplicate. NaN (a blank part) stays NaN, so the caller
    caps the other part alone at :data:`ONE_PART_CAP`.
    """
    return 0.75 * np.minimum(first, last) + 0.25 * np.maximum(first, last)


def name_similarity(first_a: np.ndarray, last_a: np.ndarray, first_b: np.ndarray, last_b: np.ndarray) -> np.ndarray:
    """:meth:`NameVocabulary.name_similarity` for aligned arrays of folded names ('' = blank)."""
    n = len(first_a)
    vocab = NameVocabulary(np.concatenate([first_a, first_b]), np.concatenate([last_a, last_b]))
    return vocab.name_similarity(np.arange(n), np.arange(n, 2 * n))
