"""Dedupe's match rules: the pairs of records each rule links, with a confidence and a reason.

Lead Management SOP, 1. Lead Capture: "Email match -> merge records"; the
rules (``email``, ``phone_name``, ``fuzzy_name``) are described in
:mod:`revops_cli.core.leads.dedupe`. Candidates are compared only within
blocks (same email, phone digits, company or domain), so the work stays
about linear in the number of records.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from revops_cli.config import RevopsConfig
from revops_cli.core.leads.match import NameVocabulary, block_codes, pairs_within_blocks, resolve_phones, unique_pairs

RULE_EMAIL, RULE_PHONE_NAME, RULE_FUZZY_NAME = "email", "phone_name", "fuzzy_name"


def _edges(a: np.ndarray, b: np.ndarray, rule: str, confidence: np.ndarray, reason: np.ndarray,
           merge: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"a": a.astype(np.int64), "b": b.astype(np.int64), "rule": rule,
                         "confidence": np.round(confidence.astype(float), 1), "reason": reason, "merge": merge})


def _no_edges() -> pd.DataFrame:
    empty = np.empty(0)
    return _edges(empty, empty, "", empty, np.empty(0, object), np.empty(0, bool))


def _pair_similarity(feat: pd.DataFrame, pairs: np.ndarray) -> np.ndarray:
    names = feat.attrs.get("names")
    if names is None:
        names = feat.attrs["names"] = NameVocabulary(feat["first"].to_numpy(), feat["last"].to_numpy())
    feat.attrs["comparisons"] = feat.attrs.get("comparisons", 0) + len(pairs)
    return names.name_similarity(pairs[:, 0], pairs[:, 1])


def _evidence(feat: pd.DataFrame, pairs: np.ndarray, config: RevopsConfig) -> tuple[np.ndarray, np.ndarray]:
    """Points off a name-based confidence for evidence of two people, and the words saying why.

    Both records have phones and share none; or their emails differ only in
    digits (jsmith@acme.com, jsmith2@acme.com), which is how mail admins tell
    namesakes apart; or they have two different personal (non-role) addresses
    at the same corporate domain, neither of which fits the other record's
    name (julian.harris@ and juliana.harris@acme.com: a company gives a person
    one mailbox, so these are colleagues or relatives, not one person twice;
    jsmith@ and john.smith@ for two John Smiths may be one person's aliases and
    cost nothing).
    """
    a, b = pairs[:, 0], pairs[:, 1]
    pk, mk = feat["phone_key"].to_numpy(), feat["mobile_key"].to_numpy()
    has_a, has_b = (pk[a] != "") | (mk[a] != ""), (pk[b] != "") | (mk[b] != "")
    share = (((pk[a] == pk[b]) | (pk[a] == mk[b])) & (pk[a] != "")) | (((mk[a] == pk[b]) | (mk[a] == mk[b])) & (mk[a] != ""))
    phone_conflict = has_a & has_b & ~share
    email = feat["email_key"].to_numpy()
    ea, eb = email[a], email[b]
    differ = (ea != "") & (eb != "") & (ea != eb)
    numbered = np.zeros(len(a), dtype=bool)
    if differ.any():
        strip = lambda v: pd.Series(v, dtype=object).str.replace(r"\d", "", regex=True).to_numpy()  # noqa: E731
        numbered[differ] = strip(ea[differ]) == strip(eb[differ])
    work = _two_work_addresses(feat, pairs, differ & ~numbered)
    dedupe = config.dedupe
    penalty = (np.where(phone_conflict, dedupe.phone_conflict_penalty, 0.0)
               + np.where(numbered, dedupe.numbered_email_penalty, 0.0)
               + np.where(work, dedupe.work_email_conflict_penalty, 0.0))
    note = np.where(phone_conflict, f"; different phones -{dedupe.phone_conflict_penalty:g}", "").astype(object)
    note = note + np.where(numbered, f"; numbered emails -{dedupe.numbered_email_penalty:g}", "")
    note = note + np.where(work, f"; two work addresses -{dedupe.work_email_conflict_penalty:g}", "")
    return penalty, note


def _two_work_addresses(feat: pd.DataFrame, pairs: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Per pair: two different personal addresses at one corporate domain, neither fitting the other's name."""
    out = np.zeros(len(pairs), dtype=bool)
    a, b = pairs[:, 0], pairs[:, 1]
    domain, role = feat["domain"].to_numpy(), feat["email_role"].to_numpy()
    rows = np.flatnonzero(candidates & (domain[a] != "") & (domain[a] == domain[b]) & ~role[a] & ~role[b])
    if not len(rows):
        return out
    email, first, last = feat["email_key"].to_numpy(), feat["first"].to_numpy(), feat["last"].to_numpy()
    for i in rows:  # only pairs at one corporate domain with two personal addresses: a few per thousand rows
        x, y = a[i], b[i]
        out[i] = not (_fits_name(_local_letters(email[x]), first[y], last[y])
                      or _fits_name(_local_letters(email[y]), first[x], last[x]))
    return out


def _local_letters(address: str) -> str:
    """``Julian.Harris2@acme.com`` -> ``julianharris``: the local part's letters, lower case."""
    return "".join(ch for ch in address.rpartition("@")[0].lower() if ch.isalpha())


def _fits_name(local: str, first: str, last: str) -> bool:
    """Whether a local part is one of the usual ways a company spells a person's address from their name:
    first.last, flast, first, last, lastf, firstl, fl, last.first... (folded names, letters only)."""
    f, l = first, last
    forms = {f + l, l + f, f[:1] + l, l + f[:1], f + l[:1], l[:1] + f, f[:1] + l[:1], l[:1] + f[:1], f, l}
    forms.discard("")
    # names are folded (Müller -> muller); mail admins write ö/ü/ä as oe/ue/ae (joerg.mueller@)
    return local in forms or _UMLAUT_SPELLING.sub(lambda m: m.group(0)[0], local) in forms


_UMLAUT_SPELLING = re.compile(r"[aou]e")


def _email_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    key = feat["email_key"].to_numpy()
    role = feat["email_role"].to_numpy()
    blocks = block_codes(np.where(role, "", key))
    rows = np.flatnonzero(blocks >= 0)
    codes = blocks[rows]
    counts = np.bincount(codes) if len(codes) else np.empty(0, int)
    shared = counts[codes] >= 2 if len(codes) else np.zeros(0, bool)
    rows, codes = rows[shared], codes[shared]
    # Star each group on its first row: one pair per extra record, never all pairs.
    anchor = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(anchor, codes, rows)
    others = rows != anchor[codes]
    a, b = anchor[codes][others], rows[others]
    parts = [_edges(a, b, RULE_EMAIL, np.full(len(a), 100.0),
                    np.array([f"same email {k}" for k in key[b]], dtype=object), np.ones(len(a), bool))]

    # Role mailboxes: the same info@ address is one person only if the names agree.
    role_blocks = block_codes(np.where(role, key, ""))
    pairs = pairs_within_blocks(role_blocks, _name_order(feat), whole_upto=config.dedupe.compare_whole_block_upto,
                                window=config.dedupe.neighbour_window)
    if len(pairs):
        sim = _pair_similarity(feat, pairs)
        nameless = _nameless(feat)
        both_nameless = nameless[pairs[:, 0]] & nameless[pairs[:, 1]]
        ok = both_nameless | (sim >= config.dedupe.phone_name_threshold)
        conf = np.where(both_nameless, 100.0, sim)
        public = feat["email_public"].to_numpy() if "email_public" in feat else np.zeros(len(feat), dtype=bool)
        reason = np.array([f"same {'public inbox' if public[x] else 'role mailbox'} {key[x]}"
                           + ("" if nl else f", name {s:.0f}")
                           for x, s, nl in zip(pairs[:, 0], sim, both_nameless)], dtype=object)
        parts.append(_edges(pairs[ok, 0], pairs[ok, 1], RULE_EMAIL, conf[ok], reason[ok], np.ones(int(ok.sum()), bool)))
    return pd.concat(parts, ignore_index=True)


def _nameless(feat: pd.DataFrame) -> np.ndarray:
    return (feat["first"].to_numpy() == "") & (feat["last"].to_numpy() == "")


def _name_order(feat: pd.DataFrame) -> np.ndarray:
    return (feat["last"] + " " + feat["first"]).to_numpy(dtype=object)


def _phone_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    n = len(feat)
    # Candidates share the last digits of a phone or mobile; only pairs with
    # similar names are then parsed to E.164 and must share a whole number.
    long = pd.DataFrame({"pos": np.concatenate([np.arange(n), np.arange(n)]),
                         "key": np.concatenate([feat["phone_key"].to_numpy(), feat["mobile_key"].to_numpy()])})
    long = long[long["key"] != ""].drop_duplicates()
    if long.empty:
        return _no_edges()
    pos, key = long["pos"].to_numpy(), long["key"].to_numpy(dtype=object)
    found = pairs_within_blocks(block_codes(key), _name_order(feat)[pos], unique=False,
                                whole_upto=config.dedupe.compare_whole_block_upto, window=config.dedupe.neighbour_window)
    pairs = unique_pairs([np.column_stack([pos[found[:, 0]], pos[found[:, 1]]])], n) if len(found) else found
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    sim = _pair_similarity(feat, pairs)
    close = sim >= config.dedupe.phone_name_threshold  # penalties only lower it
    pairs, sim = pairs[close], sim[close]
    if not len(pairs):
        return _no_edges()
    rows = np.unique(pairs.ravel())
    phone, mobile = resolve_phones(feat, rows, feat.attrs.get("default_region", config.general.default_region))
    a, b = pairs[:, 0], pairs[:, 1]
    shared = np.full(len(a), "", dtype=object)
    for x in (phone, mobile):
        for y in (phone, mobile):
            hit = (shared == "") & (x[a] != "") & (x[a] == y[b])
            shared[hit] = x[a][hit]
    same = shared != ""
    pairs, sim, shared = pairs[same], sim[same], shared[same]
    penalty, note = _evidence(feat, pairs, config)
    sim = sim - penalty
    ok = sim >= config.dedupe.phone_name_threshold
    reason = np.array([f"same phone {p}, name {s + pen:.0f}{w}" for p, s, pen, w in
                       zip(shared[ok], sim[ok], penalty[ok], note[ok])], dtype=object)
    return _edges(pairs[ok, 0], pairs[ok, 1], RULE_PHONE_NAME, sim[ok], reason, np.ones(int(ok.sum()), bool))


def _fuzzy_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    first, last = feat["first"].to_numpy(), feat["last"].to_numpy()
    company, domain = feat["company_key"].to_numpy(), feat["domain"].to_numpy()
    settings = {"whole_upto": config.dedupe.compare_whole_block_upto, "window": config.dedupe.neighbour_window}
    # Same company (or corporate domain) and one name part identical: a typo in
    # the other part is found, and blocks stay small.
    found = [pairs_within_blocks(block_codes(where, same), other, unique=False, **settings)
             for where in (company, domain) for same, other in ((first, last), (last, first))]
    pairs = unique_pairs(found, len(feat))
    if not len(pairs):
        return _no_edges()
    sim = _pair_similarity(feat, pairs)
    keep = sim >= config.dedupe.fuzzy_review_threshold
    pairs, sim = pairs[keep], sim[keep]
    penalty, note = _evidence(feat, pairs, config)
    a, b = pairs[:, 0], pairs[:, 1]
    same_company = (company[a] == company[b]) & (company[a] != "")
    reason = np.array([(f"name {s:.0f}, same company '{c}'" if sc else f"name {s:.0f}, same email domain {d}") + w
                       for s, sc, c, d, w in zip(sim, same_company, company[a], domain[a], note)], dtype=object)
    sim = sim - penalty
    keep = sim >= config.dedupe.fuzzy_review_threshold
    pairs, sim, reason = pairs[keep], sim[keep], reason[keep]
    a, b = pairs[:, 0], pairs[:, 1]
    return _edges(a, b, RULE_FUZZY_NAME, sim, reason, sim >= config.dedupe.fuzzy_merge_threshold)


_RULES: dict[str, Callable[[pd.DataFrame, RevopsConfig], pd.DataFrame]] = {
    RULE_EMAIL: _email_edges, RULE_PHONE_NAME: _phone_edges, RULE_FUZZY_NAME: _fuzzy_edges,
}


def _match_pairs(feat: pd.DataFrame, config: RevopsConfig, is_existing: np.ndarray, n_existing: int) -> pd.DataFrame:
    """Every pair the rules in ``[dedupe].rules`` link, each with its rule's rank (the order given)."""
    rank = {rule: i for i, rule in enumerate(config.dedupe.rules)}
    edges = pd.concat([_RULES[rule](feat, config).assign(rank=rank[rule]) for rule in config.dedupe.rules],
                      ignore_index=True)
    if n_existing:  # the CRM's own duplicates are not this upload's business
        edges = edges[~(is_existing[edges["a"].to_numpy()] & is_existing[edges["b"].to_numpy()])]
    return edges
