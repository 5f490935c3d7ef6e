"""Leads grouped into accounts among themselves, when there is no account export.

Lead Management SOP, 1. Lead Capture: leads sharing a company key or a
corporate domain, directly or through other leads, form one new account.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.accounts.keys import (_codes_with_first, _coded_field, _corporate_only, _lead_domains,
                                                 _shared_codes)
from revops_cli.core.leads.accounts.result import MATCH_DOMAIN, MATCH_NAME, MATCH_NONE, AccountMatchResult, _result
from revops_cli.normalize.company import company_key_column

GROUP_ID_PREFIX = "ACCT-"


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
