"""Lead-to-account matching against an account export, tier by tier: name, fuzzy, domain.

Lead Management SOP, 1. Lead Capture: "Company match -> associate with
existing account"; see :mod:`revops_cli.core.leads.accounts` for the tiers.
Candidates are blocked on a shared domain or phone, so no lead is compared
with every account.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.accounts.keys import (_coded, _coded_field, _company_website_domains, _corporate_only,
                                                 _first_position, _lead_domains, _lookup, _shared_codes)
from revops_cli.core.leads.accounts.result import (MATCH_DOMAIN, MATCH_FUZZY, MATCH_NAME, MATCH_NONE,
                                                   AccountMatchResult, _result)
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.company import company_key_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.phone import normalize_phone_column, phone_match_key_column


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


# A phone's last seven digits: two formattings of one number share them. Used to
# pick the few phones worth parsing into E.164, never as the match itself.
def _phone_tails(phones: pd.Series) -> np.ndarray:
    """The phone match key (last seven digits, see phone_match_key_column) as an int, -1 when there is none."""
    keys = phone_match_key_column(phones).to_numpy(dtype=object)
    return np.where(keys == "", "-1", keys).astype(np.int64)
