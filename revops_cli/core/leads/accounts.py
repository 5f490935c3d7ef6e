"""Lead-to-account matching: the Lead Management SOP's capture step.

"Company match -> associate with existing account" (Lead Management SOP,
1. Lead Capture, Duplicate check). With an account export, every lead gets the
account it belongs to and the tier that found it, first tier that applies wins:

- ``name``: the lead's company key (legal suffix, case, punctuation and
  accents ignored: ``Acme, Inc.`` == ``ACME CORPORATION``) equals an account's;
- ``fuzzy``: the company names are similar (``dedupe.account_fuzzy_threshold``)
  *and* the lead's corporate email domain or website domain is the account's
  website domain, or the lead's phone is the account's phone;
- ``domain``: the corporate email domain or website domain alone;
- ``none``: no account.

Without an account export, :func:`group_accounts` groups the leads into new
accounts among themselves. Free/webmail and disposable domains never match
or link; blank and placeholder companies (``n/a``, ``unknown``) have no key.
Everything is done once per distinct value (name, domain, phone) and with
integer codes, so a million leads against tens of thousands of accounts takes
seconds, and no lead is ever compared with every account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import classify_emails
from revops_cli.core.metrics import percent
from revops_cli.normalize.company import company_key_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.phone import normalize_phone_column, phone_match_key_column
from revops_cli.errors import RevopsInputError

MATCH_DOMAIN, MATCH_NAME, MATCH_FUZZY, MATCH_NONE = "domain", "name", "fuzzy", "none"
MATCH_TIERS = (MATCH_NAME, MATCH_FUZZY, MATCH_DOMAIN, MATCH_NONE)
ACCOUNT_MATCH_COLUMNS = ("revops_account_id", "revops_account_name", "revops_account_match")
GROUP_ID_PREFIX = "ACCT-"

# Hosts whose pages are profiles of many companies: a Website cell pointing at
# one ("linkedin.com/company/acme") says nothing about the company's own domain.
# Only website values are checked against this list, never email domains.
PROFILE_HOSTS = frozenset({
    "linkedin.com", "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "youtube.com",
    "crunchbase.com", "google.com", "sites.google.com", "maps.google.com", "goo.gl", "bit.ly",
    "linktr.ee", "angel.co", "wellfound.com", "glassdoor.com", "yelp.com", "github.com",
})

_SCHEME = r"^[a-z][a-z0-9+.\-]*://|^//"
_HOST = r"^[^/?#\\\s]*"
_WWW = r"^www\d*\."
_PORT = r":\d*$"
# Labels of letters/digits/hyphens (accented letters allowed), a dot, an alphabetic TLD.
_VALID_HOST = r"(?:[^\W_](?:[\w\-]*[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9\-]+)"
# An address classify_emails would take as it is: RFC 5322 dot-atom local part, plain domain.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_PLAIN_EMAIL = rf"{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}"
# A phone's last seven digits: two formattings of one number share them. Used to
# pick the few phones worth parsing into E.164, never as the match itself.


@dataclass
class AccountMatchResult:
    """What :func:`match_accounts` and :func:`group_accounts` return.

    ``columns`` has the leads' index and the columns ``revops_account_id``
    (the account's id as given, or a new ``ACCT-000001`` id when grouping;
    blank when no account), ``revops_account_name`` and
    ``revops_account_match`` (``name``, ``fuzzy``, ``domain`` or ``none``).
    ``counts`` is leads per tier (always all four, in tier order);
    ``ambiguous`` is the matched leads whose company key or domain pointed at
    more than one account, or that passed the fuzzy threshold for more than
    one, and were resolved by a tie-break (see :func:`match_accounts`);
    always 0 when grouping. ``accounts`` is how many distinct accounts the
    leads were associated with (or grouped into).
    """

    columns: pd.DataFrame
    counts: dict[str, int]
    ambiguous: int = 0
    accounts: int = 0
    grouped: bool = False

    def summary(self) -> dict:
        rows = len(self.columns)
        matched = rows - self.counts.get(MATCH_NONE, 0)
        return {
            "rows": rows,
            "mode": "grouped" if self.grouped else "matched",
            "matched": matched,
            "matched_percent": percent(matched, rows),
            "by_tier": dict(self.counts),
            "ambiguous": self.ambiguous,
            "accounts": self.accounts,
        }


# --------------------------------------------------------------------------
# matching against an account export
# --------------------------------------------------------------------------


def match_accounts(
    leads: pd.DataFrame,
    lead_mapping: ColumnMapping,
    accounts: pd.DataFrame,
    account_mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    source: str = "the accounts file",
) -> AccountMatchResult:
    """Associate each lead with an account of ``accounts``, recording the tier.

    Lead fields used (each optional; a missing one only narrows what can
    match): company, email, website, phone, country (the phone's region).
    Account fields: account_id (required), account_name and/or website,
    phone, country. Account rows with a blank id are skipped.

    Tie-breaks, each counted in ``ambiguous``:

    - ``name``: several accounts share the lead's key -> the one whose website
      domain is the lead's corporate email domain, else its website domain,
      else the first in the account file.
    - ``fuzzy``: several accounts pass the threshold -> the most similar name,
      then the first in the file.
    - ``domain``: the email domain is tried before the website domain; several
      accounts on that domain -> the most similar name to the lead's company,
      then the first in the file.
    """
    id_column = account_mapping.get("account_id")
    if id_column is None:
        raise RevopsInputError(
            f"{source} has no account id column (columns: {', '.join(repr(c) for c in accounts.columns)}). "
            "Say which column holds it with --map account_id='Header'."
        )
    if account_mapping.get("account_name") is None and account_mapping.get("website") is None:
        raise RevopsInputError(
            f"{source} has neither an account name nor a website column, so no lead can match "
            f"(columns: {', '.join(repr(c) for c in accounts.columns)}). "
            "Say which columns hold them with --map account_name='Header' --map website='Header'."
        )
    book = accounts[~is_blank(accounts[id_column])]
    n = len(leads)

    lead_keys = _coded_field(leads, lead_mapping, "company", company_key_column)
    account_keys = _coded_field(book, account_mapping, "account_name", company_key_column)
    key_codes, key_vocab = _shared_codes(lead_keys, account_keys)
    lead_key, acc_key = key_codes

    email_domains, lead_web = _lead_domains(leads, lead_mapping, config)
    acc_web = _coded_field(book, account_mapping, "website", _company_website_domains)
    dom_codes, dom_vocab = _shared_codes(email_domains, lead_web, acc_web)
    dom_codes = _corporate_only(dom_codes, dom_vocab, config)
    lead_email_dom, lead_web_dom, acc_dom = dom_codes
    m = len(book)
    similarity = _Similarity(key_vocab, acc_key, config.dedupe.account_fuzzy_threshold)

    tier = np.full(n, MATCH_NONE, dtype=object)

    # name: exact company key
    choice, ambiguous = _match_by_key(lead_key, acc_key, len(key_vocab), (lead_email_dom, lead_web_dom), acc_dom,
                                      len(dom_vocab))
    named = choice >= 0
    tier[named] = MATCH_NAME

    # fuzzy: similar name + the same domain or phone (candidates are only the accounts
    # sharing a domain or phone with the lead: blocked, never leads x accounts)
    open_rows = ~named
    accounts_on_domain = _Grouped(acc_dom, len(dom_vocab))
    via_email, via_website = (
        _best_candidates(np.flatnonzero(open_rows & (accounts_on_domain.count(lead_dom) > 0)),
                         lead_key, lead_dom, accounts_on_domain, similarity)
        for lead_dom in (lead_email_dom, lead_web_dom))
    via_phone = _phone_candidates(np.flatnonzero(open_rows & (lead_key >= 0)), leads, lead_mapping, book,
                                  account_mapping, lead_key, similarity, config)
    fuzzy_choice, fuzzy_tied = _pick_fuzzy((via_email, via_website, via_phone), n, lead_key >= 0)
    fuzzy = open_rows & (fuzzy_choice >= 0)
    choice[fuzzy] = fuzzy_choice[fuzzy]
    tier[fuzzy] = MATCH_FUZZY
    ambiguous |= fuzzy & fuzzy_tied

    # domain: the corporate email domain, else the website domain, alone
    open_rows &= ~fuzzy
    for found in (via_website, via_email):  # email last, so it wins
        keep = open_rows[found.rows]
        rows = found.rows[keep]
        choice[rows] = found.domain_account[keep]
        tier[rows] = MATCH_DOMAIN
        ambiguous[rows] = found.domain_count[keep] > 1

    ids = book[id_column].to_numpy(dtype=object)
    names = (book[account_mapping.fields["account_name"]].to_numpy(dtype=object)
             if account_mapping.get("account_name") else np.full(m, None, dtype=object))
    matched = choice >= 0
    return _result(leads.index, choice, ids, names, tier, matched, int(ambiguous.sum()),
                   accounts=len(np.unique(choice[matched])), grouped=False)


def _match_by_key(lead_key: np.ndarray, acc_key: np.ndarray, n_keys: int, lead_doms: tuple[np.ndarray, ...],
                  acc_dom: np.ndarray, n_dom: int) -> tuple[np.ndarray, np.ndarray]:
    """Tier ``name``: per lead, the account with its company key (-1 if none), and "several had it".

    Several accounts with the key: the one whose website domain is the lead's
    first domain in ``lead_doms`` (email), else its next (website), else the
    first in the file.
    """
    n = len(lead_key)
    accounts_per_key = np.bincount(acc_key[acc_key >= 0], minlength=n_keys)
    has_key = lead_key >= 0
    hits = np.zeros(n, dtype=np.int64)
    hits[has_key] = accounts_per_key[lead_key[has_key]]
    choice = np.full(n, -1, dtype=np.int64)
    named = hits > 0
    choice[named] = _first_position(acc_key, n_keys)[lead_key[named]]
    several = hits > 1
    if several.any():
        stride = n_dom + 1
        with_domain = (acc_key >= 0) & (acc_dom >= 0)
        table_codes = acc_key[with_domain] * stride + acc_dom[with_domain]
        table_positions = np.flatnonzero(with_domain)
        for lead_dom in reversed(lead_doms):  # the first domain is applied last, so it wins
            rows = several & (lead_dom >= 0)
            found = _lookup(table_codes, table_positions, lead_key[rows] * stride + lead_dom[rows])
            choice[rows] = np.where(found >= 0, found, choice[rows])
    return choice, several


def _pick_fuzzy(sources: tuple[_Found, ...], n: int, has_key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tier ``fuzzy``: per lead, the best passing account over all sources (-1 if none), and "tied".

    Best = highest similarity, then first in the file. "Tied" when more than
    one account passed: within one source, or different accounts across sources.
    """
    best_score = np.full(n, -1.0)
    best = np.full(n, -1, dtype=np.int64)
    tied = np.zeros(n, dtype=bool)
    for found in sources:
        ok = (found.fuzzy_account >= 0) & has_key[found.rows]
        rows, account, score = found.rows[ok], found.fuzzy_account[ok], found.fuzzy_score[ok]
        current_score, current = best_score[rows], best[rows]
        tied[rows] |= (found.fuzzy_count[ok] > 1) | ((current >= 0) & (current != account))
        better = (score > current_score) | ((score == current_score) & (account < current))
        best_score[rows] = np.where(better, score, current_score)
        best[rows] = np.where(better, account, current)
    return best, tied


@dataclass
class _Found:
    """Per lead row with candidates from one source: the best fuzzy and domain picks."""

    rows: np.ndarray
    fuzzy_account: np.ndarray  # best account passing the threshold, -1 if none
    fuzzy_score: np.ndarray
    fuzzy_count: np.ndarray  # accounts passing the threshold
    domain_account: np.ndarray  # best account whatever the score
    domain_count: np.ndarray  # accounts sharing the value


class _Grouped:
    """Account positions grouped by an integer code (domain or phone): ranges into a sorted array."""

    def __init__(self, codes: np.ndarray, size: int) -> None:
        valid = np.flatnonzero(codes >= 0)
        order = valid[np.argsort(codes[valid], kind="stable")]  # stable: file order within a code
        self.positions = order
        self.counts = np.bincount(codes[valid], minlength=size)
        self.starts = np.concatenate(([0], np.cumsum(self.counts)[:-1])) if size else np.zeros(0, dtype=np.int64)

    def count(self, codes: np.ndarray) -> np.ndarray:
        out = np.zeros(len(codes), dtype=np.int64)
        valid = codes >= 0
        out[valid] = self.counts[codes[valid]]
        return out

    def expand(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each code: (index into ``codes``, account position) of every account holding it."""
        counts = self.counts[codes]
        owner = np.repeat(np.arange(len(codes)), counts)
        offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
        return owner, self.positions[np.repeat(self.starts[codes], counts) + offsets]


class _Similarity:
    """Company-name similarity of lead key vs account key, computed once per distinct pair.

    ``fuzz.token_sort_ratio`` on the keys: the keys are already lower case with
    punctuation and legal suffixes gone, so what is left is words. Sorting the
    words forgives word order ("smith and jones" / "jones and smith") and the
    ratio forgives a typo or two ("northwind traders" / "nortwind traders": 97),
    but, unlike ``WRatio``/``partial_ratio``, a missing or extra word costs its
    full length: "acme" vs "acme bank" is 62, not 90, so a subsidiary or a
    different company sharing a word does not pass a 90 threshold.
    """

    def __init__(self, key_vocab: np.ndarray, acc_key: np.ndarray, threshold: float) -> None:
        self.key_vocab = key_vocab
        self.acc_key = acc_key
        self.threshold = threshold

    def scores(self, lead_key: np.ndarray, account: np.ndarray) -> np.ndarray:
        """Similarity 0-100 of each (lead key code, account position); 0 when either has no key."""
        out = np.zeros(len(lead_key))
        account_key = self.acc_key[account]
        both = (lead_key >= 0) & (account_key >= 0)
        if not both.any():
            return out
        stride = len(self.key_vocab) + 1
        pairs, inverse = np.unique(lead_key[both] * stride + account_key[both], return_inverse=True)
        left = self.key_vocab[pairs // stride].tolist()
        right = self.key_vocab[pairs % stride].tolist()
        distinct = process.cpdist(left, right, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        out[both] = np.asarray(distinct, dtype=np.float64)[inverse.ravel()]
        return out


def _best_candidates(rows: np.ndarray, lead_key: np.ndarray, lead_code: np.ndarray, grouped: _Grouped,
                     similarity: _Similarity) -> _Found:
    """For lead ``rows`` and accounts sharing their ``lead_code`` (domain or phone): the best picks.

    Work is once per distinct (company key, code) pair, then broadcast to the rows.
    """
    stride = int(lead_code.max(initial=0)) + 2
    pair_codes = (lead_key[rows] + 1) * stride + lead_code[rows]
    pairs, inverse = np.unique(pair_codes, return_inverse=True)
    pair_key = pairs // stride - 1
    pair_code = pairs % stride
    owner, account = grouped.expand(pair_code)
    score = similarity.scores(pair_key[owner], account)
    passes = score >= similarity.threshold

    # best per pair: highest score, then first in the account file
    order = np.lexsort((account, -score, owner))
    first = np.ones(len(order), dtype=bool)
    first[1:] = owner[order][1:] != owner[order][:-1]
    best = order[first]
    n_pairs = len(pairs)
    domain_account = np.full(n_pairs, -1, dtype=np.int64)
    domain_account[owner[best]] = account[best]
    domain_count = np.bincount(owner, minlength=n_pairs)
    fuzzy_account = np.full(n_pairs, -1, dtype=np.int64)
    fuzzy_score = np.full(n_pairs, -1.0)
    best_passes = best[passes[best]]
    fuzzy_account[owner[best_passes]] = account[best_passes]
    fuzzy_score[owner[best_passes]] = score[best_passes]
    fuzzy_count = np.bincount(owner[passes], minlength=n_pairs)
    inverse = inverse.ravel()
    return _Found(rows, fuzzy_account[inverse], fuzzy_score[inverse], fuzzy_count[inverse],
                  domain_account[inverse], domain_count[inverse])


def _phone_candidates(rows: np.ndarray, leads: pd.DataFrame, lead_mapping: ColumnMapping, book: pd.DataFrame,
                      account_mapping: ColumnMapping, lead_key: np.ndarray, similarity: _Similarity,
                      config: RevopsConfig) -> _Found:
    """Fuzzy candidates corroborated by phone: accounts whose E.164 phone is the lead's.

    Parsing a phone costs ~40 us, so only phones whose last seven digits occur
    on both sides are parsed (a few, against a million lead phones).
    """
    nothing = _Found(*(np.zeros(0, dtype=np.int64) for _ in range(6)))
    lead_phone_column, account_phone_column = lead_mapping.get("phone"), account_mapping.get("phone")
    if lead_phone_column is None or account_phone_column is None or len(rows) == 0 or len(book) == 0:
        return nothing
    account_tails = _phone_tails(book[account_phone_column])
    lead_tails = _phone_tails(leads[lead_phone_column].iloc[rows])
    rows = rows[np.isin(lead_tails, account_tails[account_tails >= 0])]
    accounts_kept = np.flatnonzero(np.isin(account_tails, lead_tails) & (account_tails >= 0))
    if len(rows) == 0 or len(accounts_kept) == 0:
        return nothing
    region = config.general.default_region
    lead_e164 = _e164(leads.iloc[rows], lead_mapping.fields["phone"], lead_mapping.get("country"), region)
    account_e164 = _e164(book.iloc[accounts_kept], account_phone_column, account_mapping.get("country"), region)
    (lead_codes, account_codes), vocab = _shared_codes(_coded(lead_e164), _coded(account_e164))
    acc_phone = np.full(len(book), -1, dtype=np.int64)
    acc_phone[accounts_kept] = account_codes
    grouped = _Grouped(acc_phone, len(vocab))
    row_phone = np.full(len(leads), -1, dtype=np.int64)
    row_phone[rows] = lead_codes
    rows = rows[(lead_codes >= 0) & (grouped.count(lead_codes) > 0)]
    if len(rows) == 0:
        return nothing
    return _best_candidates(rows, lead_key, row_phone, grouped, similarity)


def _e164(frame: pd.DataFrame, phone_column: str, country_column: str | None, default_region: str) -> pd.Series:
    """Valid phones as E.164 (None otherwise), each row's country as its region."""
    regions = None
    if country_column is not None:
        countries = normalize_country_column(frame[country_column])
        regions = countries["value"].where(countries["flag"].isna())
    result = normalize_phone_column(frame[phone_column], regions, default_region=default_region)
    return result["value"].where(result["flag"].isna() & result["value"].notna())


def _phone_tails(phones: pd.Series) -> np.ndarray:
    """The phone match key (last seven digits, see phone_match_key_column) as an int, -1 when there is none."""
    keys = phone_match_key_column(phones).to_numpy(dtype=object)
    return np.where(keys == "", "-1", keys).astype(np.int64)


# --------------------------------------------------------------------------
# grouping leads among themselves
# --------------------------------------------------------------------------


def associate_accounts(leads: pd.DataFrame, lead_mapping: ColumnMapping, config: RevopsConfig,
                       accounts: MappedFrame | None = None) -> AccountMatchResult:
    """The capture step's company match: each lead to an account of the ``accounts`` export
    (:func:`match_accounts`), or, with none, leads grouped into accounts among themselves
    (:func:`group_accounts`)."""
    if accounts is None:
        return group_accounts(leads, lead_mapping, config)
    return match_accounts(leads, lead_mapping, accounts.frame, accounts.mapping, config, source=accounts.source)


def group_accounts(leads: pd.DataFrame, lead_mapping: ColumnMapping, config: RevopsConfig) -> AccountMatchResult:
    """Group leads into accounts among themselves when there is no account export.

    Two leads are in one account when they share a company key or a corporate
    email/website domain, directly or through other leads (connected
    components). Free/webmail and disposable domains and profile hosts never
    link, so gmail users at different companies stay apart and no giant
    account forms around a webmail provider.

    - ``revops_account_id``: ``ACCT-000001``, ``ACCT-000002``... numbered in
      the order of each account's first lead in the file, so the same file
      always gives the same ids.
    - ``revops_account_name``: the company spelling most leads of the account
      use (trimmed; ties: the first seen); blank when no lead names one.
    - ``revops_account_match``: ``name`` when the lead's company key is shared
      with another lead of the account; ``domain`` when it joined only by a
      domain. A lead alone in its account still gets an id (it is a new
      account), with ``name`` if it has a company key, else ``domain``.
      ``none`` (and no id) for a lead with neither a company key nor a
      corporate domain.
    """
    n = len(leads)
    if n == 0:
        return _result(leads.index, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object),
                       np.zeros(0, dtype=object), np.zeros(0, dtype=object), np.zeros(0, dtype=bool), 0,
                       accounts=0, grouped=True)
    keys = _coded_field(leads, lead_mapping, "company", company_key_column)
    (lead_key,), key_vocab = _shared_codes(keys)
    email_domains, web_domains = _lead_domains(leads, lead_mapping, config)
    dom_codes, dom_vocab = _shared_codes(email_domains, web_domains)
    lead_email_dom, lead_web_dom = _corporate_only(dom_codes, dom_vocab, config)
    n_keys, n_dom = len(key_vocab), len(dom_vocab)

    # Bipartite graph: lead rows, then key nodes, then domain nodes.
    sources, targets = [], []
    for codes, offset in ((lead_key, n), (lead_email_dom, n + n_keys), (lead_web_dom, n + n_keys)):
        rows = np.flatnonzero(codes >= 0)
        sources.append(rows)
        targets.append(codes[rows] + offset)
    source, target = np.concatenate(sources), np.concatenate(targets)
    size = n + n_keys + n_dom
    graph = coo_matrix((np.ones(len(source), dtype=np.int8), (source, target)), shape=(size, size)).tocsr()
    _, labels = connected_components(graph, directed=False)
    linked = (lead_key >= 0) | (lead_email_dom >= 0) | (lead_web_dom >= 0)
    linked_rows = np.flatnonzero(linked)

    # Number the groups by their first row.
    group_codes, first_rows = _codes_with_first(labels[linked_rows])
    rank = np.empty(len(first_rows), dtype=np.int64)
    rank[np.argsort(first_rows, kind="stable")] = np.arange(len(first_rows))
    group = np.full(n, -1, dtype=np.int64)
    group[linked_rows] = rank[group_codes]
    n_groups = len(first_rows)
    numbers = np.arange(1, n_groups + 1).astype(str)
    ids = np.char.add(GROUP_ID_PREFIX, np.char.zfill(numbers, 6)).astype(object) if n_groups else np.zeros(0, object)

    names = _most_common_spelling(leads, lead_mapping, group, lead_key, n_groups)

    leads_per_key = np.bincount(lead_key[lead_key >= 0], minlength=n_keys)
    shared_key = np.zeros(n, dtype=bool)
    shared_key[lead_key >= 0] = leads_per_key[lead_key[lead_key >= 0]] > 1
    group_size = np.bincount(group[linked_rows], minlength=n_groups)
    alone = np.zeros(n, dtype=bool)
    alone[linked_rows] = group_size[group[linked_rows]] == 1
    tier = np.full(n, MATCH_NONE, dtype=object)
    tier[linked] = MATCH_DOMAIN
    tier[shared_key | (alone & (lead_key >= 0))] = MATCH_NAME
    return _result(leads.index, group, ids, names, tier, linked, 0, accounts=n_groups, grouped=True)


def _most_common_spelling(leads: pd.DataFrame, lead_mapping: ColumnMapping, group: np.ndarray,
                          lead_key: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group: the trimmed company spelling most of its leads use (ties: first seen), else None."""
    names = np.full(n_groups, None, dtype=object)
    column = lead_mapping.get("company")
    if column is None or n_groups == 0:
        return names
    rows = np.flatnonzero((group >= 0) & (lead_key >= 0))
    if len(rows) == 0:
        return names
    spelling_codes, spellings = pd.factorize(leads[column].iloc[rows].astype("str").str.strip())
    stride = len(spellings) + 1
    combined = group[rows] * stride + spelling_codes
    pairs, first_index, counts = np.unique(combined, return_index=True, return_counts=True)
    pair_group = pairs // stride
    order = np.lexsort((first_index, -counts, pair_group))
    first = np.ones(len(order), dtype=bool)
    first[1:] = pair_group[order][1:] != pair_group[order][:-1]
    chosen = order[first]
    names[pair_group[chosen]] = np.asarray(spellings, dtype=object)[pairs[chosen] % stride]
    return names


# --------------------------------------------------------------------------
# shared pieces
# --------------------------------------------------------------------------


def website_domain_column(values: pd.Series) -> pd.Series:
    """Website cells -> bare lower-case host, None when the cell is not a web address.

    Scheme, ``www.``, path, query, port and trailing dot are removed:
    ``https://www.Acme.com/about`` -> ``acme.com``, ``www.acme.co.uk`` ->
    ``acme.co.uk``, ``http://acme.com:8080`` -> ``acme.com``; ``mailto:...``,
    an email address, ``n/a`` and blanks -> None. Vectorised, once per
    distinct cell; the result has the index of ``values``.
    """
    codes, domains = _coded(values, _website_domains)
    return pd.Series(np.append(domains, None)[codes], index=values.index, dtype=object, name="revops_website_domain")


def _website_domains(distinct: pd.Series) -> pd.Series:
    text = distinct.astype("str").str.strip().str.lower()
    not_web = text.str.startswith("mailto:").fillna(True) | text.str.contains("@", regex=False).fillna(True)
    host = (text.str.replace(_SCHEME, "", regex=True)
            .str.extract(f"({_HOST})", expand=False)
            .str.replace(_PORT, "", regex=True)
            .str.rstrip(".")
            .str.replace(_WWW, "", regex=True))
    valid = host.str.fullmatch(_VALID_HOST).fillna(False).astype(bool) & ~not_web
    return host.astype(object).where(valid, None)


def _company_website_domains(distinct: pd.Series) -> pd.Series:
    """Website domains without profile hosts (linkedin.com/company/acme is not Acme's site)."""
    domains = _website_domains(distinct)
    return domains.where(~domains.isin(PROFILE_HOSTS), None)


def _lead_domains(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> tuple[Coded, Coded]:
    """(email domain, website domain) of the leads, not yet filtered to corporate domains."""
    column = mapping.get("email")
    # Nearly every address is distinct, so the domain is cut out row-wise (Arrow string
    # kernels) and only the domains are factorised.
    emails = _coded(_email_domains(leads[column], config)) if column else _coded_field(leads, mapping, "email", None)
    websites = _coded_field(leads, mapping, "website", _company_website_domains)
    return emails, websites


def _email_domains(emails: pd.Series, config: RevopsConfig) -> pd.Series:
    """The domain :func:`classify_emails` gives each valid address, lower case.

    A plain address (the great majority) is split with one vectorised regex;
    only the odd cells (``mailto:``, display names, quotes, unicode) go through
    :func:`classify_emails` itself, once per distinct cell.
    """
    text = emails.astype("str").str.strip()
    plain = text.str.fullmatch(_PLAIN_EMAIL).fillna(False).astype(bool)
    domain = text.str.replace(r"^[^@]*@", "", regex=True).str.lower().where(plain)
    odd = ~plain & text.notna() & text.ne("")
    if odd.any():
        classified = classify_emails(emails[odd].astype(object), config)
        valid = classified["revops_email_valid"].eq(True)
        domain[odd.to_numpy()] = classified["revops_email_domain"].where(valid, None).to_numpy()
    return domain


def _corporate_only(codes: list[np.ndarray], vocab: np.ndarray, config: RevopsConfig) -> list[np.ndarray]:
    """Set to -1 the codes of domains that are not corporate (free/webmail, disposable, invalid)."""
    if len(vocab) == 0:
        return codes
    probe = pd.Series([f"postmaster@{d}" for d in vocab], dtype=object)
    classified = classify_emails(probe, config)
    corporate = (classified["revops_email_valid"].eq(True) & classified["revops_email_generic"].ne(True)
                 & classified["revops_email_disposable"].ne(True)).to_numpy()
    keep = np.append(corporate, False)  # code -1 stays -1
    return [np.where(keep[c], c, -1) for c in codes]


# A column as integer codes (-1 = missing) plus its distinct values (object, None allowed).
Coded = tuple[np.ndarray, np.ndarray]


def _coded(values: pd.Series, transform: Callable[[pd.Series], pd.Series] | None = None) -> Coded:
    """Factorise a column; ``transform`` (distinct values -> same-length Series) runs once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if transform is not None and len(distinct):
        distinct = transform(distinct)
    return np.asarray(codes, dtype=np.int64), distinct.to_numpy(dtype=object)


def _coded_field(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str,
                 transform: Callable[[pd.Series], pd.Series] | None) -> Coded:
    """:func:`_coded` of a canonical field's column; all missing when the file lacks the field."""
    column = mapping.get(canonical)
    if column is None:
        return np.full(len(frame), -1, dtype=np.int64), np.zeros(0, dtype=object)
    return _coded(frame[column], transform)


def _shared_codes(*columns: Coded) -> tuple[list[np.ndarray], np.ndarray]:
    """Re-code several coded columns over one vocabulary of their non-missing values."""
    pooled = pd.Series(np.concatenate([d for _, d in columns]), dtype=object)
    vocab = pd.unique(pooled[pooled.notna()].to_numpy(dtype=object)) if len(pooled) else np.zeros(0, dtype=object)
    vocab = np.asarray(vocab, dtype=object)
    index = pd.Index(vocab, dtype=object)
    out = []
    for codes, distinct in columns:
        lookup = np.append(index.get_indexer(distinct), -1) if len(distinct) else np.array([-1])
        out.append(lookup[codes].astype(np.int64))
    return out, vocab


def _first_position(codes: np.ndarray, size: int) -> np.ndarray:
    """Per code: the smallest position holding it (-1 when none)."""
    first = np.full(size, -1, dtype=np.int64)
    positions = np.flatnonzero(codes >= 0)[::-1]
    first[codes[positions]] = positions  # reversed: the smallest position is written last
    return first


def _codes_with_first(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(values) - 1, -1, -1)
    return codes, first


def _lookup(table_codes: np.ndarray, table_values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Value of the first table entry equal to each query, -1 when absent (sorted search)."""
    if len(table_codes) == 0 or len(queries) == 0:
        return np.full(len(queries), -1, dtype=np.int64)
    order = np.argsort(table_codes, kind="stable")
    sorted_codes, sorted_values = table_codes[order], table_values[order]
    at = np.searchsorted(sorted_codes, queries, side="left")
    at_clipped = np.minimum(at, len(sorted_codes) - 1)
    return np.where(sorted_codes[at_clipped] == queries, sorted_values[at_clipped], -1)


def _result(index: pd.Index, choice: np.ndarray, ids: np.ndarray, names: np.ndarray, tier: np.ndarray,
            matched: np.ndarray, ambiguous: int, *, accounts: int, grouped: bool) -> AccountMatchResult:
    n = len(index)
    id_out = np.full(n, None, dtype=object)
    name_out = np.full(n, None, dtype=object)
    id_out[matched] = ids[choice[matched]]
    name_out[matched] = names[choice[matched]]
    columns = pd.DataFrame({
        name: pd.Series(values, index=index, dtype=object).astype("str")
        for name, values in zip(ACCOUNT_MATCH_COLUMNS, (id_out, name_out, tier))
    }, index=index)
    counts = {t: int((tier == t).sum()) for t in MATCH_TIERS}
    return AccountMatchResult(columns=columns, counts=counts, ambiguous=ambiguous, accounts=accounts, grouped=grouped)
