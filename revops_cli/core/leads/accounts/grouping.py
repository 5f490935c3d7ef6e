"""Leads grouped into accounts among themselves, when there is no account export.

Lead Management SOP, 1. Lead Capture: leads sharing a company key or a
corporate domain, directly or through other leads, form one new account; a
website counts only when it is the company's own, and a group that chains too
many company names together is split and reported.
"""

from __future__ import annotations

import re

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
    email domain, directly or through other leads (connected components).
    Free/webmail, disposable and placeholder domains (``example.com``,
    ``company.com``, ``a@a.com``) and profile hosts never link, so gmail users
    at different companies stay apart and no giant account forms around a
    webmail provider. A website links a lead only when it is the company's own
    domain (:func:`_own_websites`): a partner's, agency's or made-up site in a
    Website cell does not chain companies together. A group that still links
    more than ``dedupe.account_max_names`` company names is split by company
    name (:func:`_split_chains`) and listed in the result's ``split``.

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
    lead_web_dom = _own_websites(lead_key, key_vocab, lead_email_dom, lead_web_dom, dom_vocab)
    n_keys, n_dom = len(key_vocab), len(dom_vocab)

    labels = _components(n, lead_key, lead_email_dom, lead_web_dom, n_keys, n_dom, np.ones(n, dtype=bool))
    labels, split = _split_chains(labels, lead_key, lead_email_dom, lead_web_dom, n_keys, n_dom,
                                  config.dedupe.account_max_names)
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
    result = _result(leads.index, group, ids, names, tier, linked, 0, accounts=n_groups, grouped=True)
    result.split = [{"leads": part["leads"], "names": part["names"],
                     "accounts": sorted({str(ids[g]) for g in group[part["rows"]] if g >= 0})} for part in split]
    return result


def _components(n: int, lead_key: np.ndarray, lead_email_dom: np.ndarray, lead_web_dom: np.ndarray, n_keys: int,
                n_dom: int, domain_edges: np.ndarray) -> np.ndarray:
    """Connected components of the bipartite graph lead rows - key nodes - domain nodes (a label per node).

    ``domain_edges`` says which leads keep their edges to their domains.
    """
    sources, targets = [], []
    for codes, offset, keep in ((lead_key, n, np.ones(n, dtype=bool)), (lead_email_dom, n + n_keys, domain_edges),
                                (lead_web_dom, n + n_keys, domain_edges)):
        rows = np.flatnonzero((codes >= 0) & keep)
        sources.append(rows)
        targets.append(codes[rows] + offset)
    source, target = np.concatenate(sources), np.concatenate(targets)
    size = n + n_keys + n_dom
    graph = coo_matrix((np.ones(len(source), dtype=np.int8), (source, target)), shape=(size, size)).tocsr()
    return connected_components(graph, directed=False)[1][:n]


def _split_chains(labels: np.ndarray, lead_key: np.ndarray, lead_email_dom: np.ndarray, lead_web_dom: np.ndarray,
                  n_keys: int, n_dom: int, max_names: int) -> tuple[np.ndarray, list[dict]]:
    """Split groups that link more than ``max_names`` company keys: domains chained them, not one company.

    Inside such a group each domain stays with the company key most of its leads have (ties: the
    key seen first); a lead of another company keeps its company's account and leaves the domain.
    Leads without a company follow their domain. Returns the new labels and, per split group,
    ``{"leads", "names", "rows"}``.
    """
    n = len(labels)
    with_key = lead_key >= 0
    names_per_group = pd.Series(lead_key[with_key]).groupby(labels[with_key]).nunique()
    oversized = names_per_group.index[names_per_group.to_numpy() > max_names].to_numpy()
    if not len(oversized):
        return labels, []
    inside = np.isin(labels, oversized)
    keep = ~inside | ~with_key  # domain edges outside the chains, and of leads without a company, stay
    for dom in (lead_email_dom, lead_web_dom):
        rows = np.flatnonzero(inside & with_key & (dom >= 0))
        if not len(rows):
            continue
        pairs = pd.DataFrame({"dom": dom[rows], "key": lead_key[rows], "row": rows})
        counted = pairs.groupby(["dom", "key"], sort=False).agg(leads=("row", "size"), first=("row", "min"))
        counted = counted.reset_index().sort_values(["dom", "leads", "first"], ascending=[True, False, True])
        owner = counted.drop_duplicates("dom").set_index("dom")["key"]
        keep[rows] |= owner.reindex(dom[rows]).to_numpy() == lead_key[rows]
    new_labels = _components(n, lead_key, lead_email_dom, lead_web_dom, n_keys, n_dom, keep)
    split = []
    for label in oversized:
        rows = np.flatnonzero(labels == label)
        split.append({"leads": len(rows), "names": int(names_per_group[label]), "rows": rows})
    split.sort(key=lambda part: -part["leads"])
    # only the chains get new labels (their new groups hold chain leads only, as they lost edges and gained
    # none): offset them so they never collide with the untouched groups
    return np.where(inside, new_labels + labels.max() + 1, labels), split


def _own_websites(lead_key: np.ndarray, key_vocab: np.ndarray, lead_email_dom: np.ndarray, lead_web_dom: np.ndarray,
                  dom_vocab: np.ndarray) -> np.ndarray:
    """The website domain codes that may link a lead (-1 elsewhere): the company's own site only.

    A website is the company's own when its name matches the company key (``acme.com`` for
    "Acme, Inc.", ``northwind.com`` for "Northwind Traders", ``ibm.com`` for "International
    Business Machines": :func:`website_names_company`), when it is the lead's own corporate email
    domain, or when another lead of the same company key writes from it. A lead with neither a
    company nor a corporate email keeps its website: it is all that says which company it is.
    """
    has_web = lead_web_dom >= 0
    if not has_web.any():
        return lead_web_dom
    own = has_web & ((lead_web_dom == lead_email_dom) | ((lead_key < 0) & (lead_email_dom < 0)))
    check = np.flatnonzero(has_web & ~own & (lead_key >= 0))
    if len(check):
        stride = len(dom_vocab) + 1
        pair = lead_key[check] * stride + lead_web_dom[check]
        with_email = (lead_key >= 0) & (lead_email_dom >= 0)
        written_from = np.isin(pair, np.unique(lead_key[with_email] * stride + lead_email_dom[with_email]))
        distinct, inverse = np.unique(pair, return_inverse=True)
        named = np.array([website_names_company(str(dom_vocab[p % stride]), str(key_vocab[p // stride]))
                          for p in distinct], dtype=bool)
        own[check] = written_from | named[inverse.ravel()]
    return np.where(own, lead_web_dom, -1)


def website_names_company(domain: str, key: str) -> bool:
    """Whether a website domain is named after a company key: ``acme.com``/"acme", ``northwind.co.uk``/
    "northwind traders", ``acmecorp.com``/"acme", ``ibm.com``/"international business machines".

    Letters and digits of the domain's name (``mail.acme.co.uk`` -> ``acme``) against the key without
    spaces: equal, or one starts with the other (at least 3 characters), or the domain is the key's
    initials (two words or more).
    """
    labels = domain.lower().split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        label = labels[-3]
    else:
        label = labels[-2] if len(labels) >= 2 else labels[0]
    label = re.sub(r"[^0-9a-z]", "", label)
    words = key.split()
    joined = "".join(re.sub(r"[^0-9a-z]", "", w) for w in words)
    if not label or not joined:
        return False
    if label == joined:
        return True
    if min(len(label), len(joined)) >= 3 and (joined.startswith(label) or label.startswith(joined)):
        return True
    initials = "".join(w[0] for w in words if w and w not in ("and", "of", "the"))
    return len(words) >= 2 and len(initials) >= 2 and label == initials


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
