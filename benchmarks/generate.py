#!/usr/bin/env python3
"""Million-row Salesforce-style leads export for benchmarks, with planted duplicates.

    python benchmarks/generate.py --rows 1000000 --out benchmarks/data/leads_1m.csv \\
        [--activities 5000000] [--dup-rate 0.05] [--seed 7]

Writes, next to --out:
  leads_1m.csv             same headers, quoting and kinds of mess as sample_data/salesforce_leads.csv
  leads_1m_truth.csv       row (0-based data row), Lead ID, entity_id, kind (original or how it was duplicated)
  leads_1m_activities.csv  with --activities N: N task rows in the sample_data/activities.csv layout

Everything is vectorised (numpy index sampling into pools built once); the pools
and mess rules are imported from sample_data/generate.py, so both generators
plant the same things. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import string
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("revops_sample_generate", ROOT / "sample_data" / "generate.py")
sg = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = sg
_spec.loader.exec_module(sg)

AS_OF_MIN = int(pd.Timestamp(sg.AS_OF).value // 60_000_000_000)  # minutes since epoch
DUP_KIND_WEIGHTS = [("email_case", 35), ("gmail_dots", 15), ("nickname_phone", 20),
                    ("typo_same_company", 20), ("reimport", 10)]


# ----------------------------------------------------------------------------- helpers

def S(values) -> pd.Series:
    """A pyarrow-backed string Series (built straight from pyarrow: ~2x faster than dtype="str")."""
    if isinstance(values, pd.Series):
        return values
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string())))


def to_table(cols: dict) -> pa.Table:
    return pa.table({c: v if isinstance(v, pa.Array) else pa.array(v, type=pa.string() if v.dtype == object else None)
                     for c, v in cols.items()})


def weighted(rng: np.random.Generator, items, size: int) -> np.ndarray:
    """Indices into items [(value, weight), ...] drawn by weight."""
    w = np.array([x[1] for x in items], dtype=float)
    return rng.choice(len(items), size=size, p=w / w.sum())


def pick(rng: np.random.Generator, items, size: int) -> np.ndarray:
    """Values from [(value, weight), ...] drawn by weight, as an object array."""
    vals = np.array([x[0] for x in items], dtype=object)
    return vals[weighted(rng, items, size)]


def vfill(template: str, fields: dict, n: int) -> pd.Series:
    """Fill a str.format template with Series/arrays/scalars, vectorised."""
    out: pd.Series | None = None
    acc = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        acc += literal
        if name is None:
            continue
        val = fields[name]() if callable(fields[name]) else fields[name]
        if isinstance(val, str):
            acc += val
            continue
        val = val if isinstance(val, pd.Series) else S(val)
        out = (acc + val) if out is None else (out + acc + val) if acc else (out + val)
        acc = ""
    if out is None:
        return S(np.full(n, acc, dtype=object))
    return out + acc if acc else out


def sf_datetime_array(minutes: np.ndarray) -> np.ndarray:
    """'3/4/2026 9:30 AM' for minutes since epoch; formats each distinct minute once."""
    uniq, inv = np.unique(minutes, return_inverse=True)
    t = pd.DatetimeIndex(uniq.astype("datetime64[m]"))
    hour = t.hour.to_numpy()
    h12 = np.where(hour % 12 == 0, 12, hour % 12)
    txt = (S(t.month.astype(str)) + "/" + S(t.day.astype(str)) + "/" + S(t.year.astype(str)) + " "
           + S(h12.astype(str)) + ":" + S(t.minute.astype(str)).str.zfill(2)
           + S(np.where(hour < 12, " AM", " PM")))
    return txt.to_numpy(dtype=object)[inv]


def sf_date_array(minutes: np.ndarray) -> np.ndarray:
    days = minutes // 1440
    uniq, inv = np.unique(days, return_inverse=True)
    t = pd.DatetimeIndex(uniq.astype("datetime64[D]"))
    txt = S(t.month.astype(str)) + "/" + S(t.day.astype(str)) + "/" + S(t.year.astype(str))
    return txt.to_numpy(dtype=object)[inv]


def business_snap(rng: np.random.Generator, minutes: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Move times outside Mon-Fri 8:00-18:00 into working hours.

    Rows with spread=False (first touches) go to the next working morning, after
    coffee; follow-ups (spread=True) land anywhere in a working day of the next week.
    """
    m = minutes.copy()
    day = m // 1440
    mod = m % 1440
    early, late = mod < 480, mod >= 1080
    jitter = np.where(spread, rng.integers(0, 560, size=len(m)), rng.integers(2, 170, size=len(m)))
    m = np.where(early, day * 1440 + 480 + jitter, m)
    m = np.where(late, (day + 1) * 1440 + 480 + jitter, m)
    dow = ((m // 1440) + 3) % 7  # 1970-01-01 was a Thursday -> Monday == 0
    to_monday = np.where(dow == 5, 2, np.where(dow == 6, 1, 0))
    extra = np.where(spread & (to_monday > 0), rng.integers(0, 5, size=len(m)), 0)
    return m + (to_monday + extra) * 1440


def flat_pool(lists: list[list[str]]):
    """Ragged lists -> (flat object array, offsets, counts)."""
    counts = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat = np.array([v for x in lists for v in x], dtype=object)
    return flat, offsets, counts


def pick_ragged(rng, offsets, counts, group: np.ndarray) -> np.ndarray:
    return offsets[group] + (rng.random(len(group)) * counts[group]).astype(np.int64)


def write_csv(table: pa.Table, path: Path, quote_all: bool = True) -> None:
    opts = pacsv.WriteOptions(quoting_style="all_valid" if quote_all else "needed",
                              batch_size=65536)
    tmp = path.with_suffix(path.suffix + ".tmp")
    pacsv.write_csv(table, tmp, write_options=opts)
    tmp.replace(path)


# ----------------------------------------------------------------------------- pools

class Pools:
    """Everything drawn from per row, built once with Python (small) loops."""

    def __init__(self, seed: int, n_companies: int):
        prng = random.Random(seed)
        self.countries = list(sg.COUNTRY_WEIGHTS)
        self.cidx = {c: i for i, c in enumerate(self.countries)}
        self.country_w = np.array([sg.COUNTRY_WEIGHTS[c] for c in self.countries], dtype=float)
        self.country_w /= self.country_w.sum()

        # companies
        cos = sg.build_companies(prng, n_companies)
        self.co_country = np.array([self.cidx[c["country"]] for c in cos])
        self.co_domain = np.array([c["domain"] for c in cos], dtype=object)
        # what tells companies apart by name: several share one ("Acme" in two countries)
        self.co_name_key = pd.factorize(np.array([" ".join(c["name"].lower().split()[:2]) for c in cos],
                                                  dtype=object))[0]
        self.co_industry = np.array([c["industry"] for c in cos], dtype=object)
        self.co_pattern = np.array([c["email_pattern"] for c in cos], dtype=object)
        self.co_website = np.array([c["website"].format(d=c["domain"], D=c["domain"].upper()) for c in cos],
                                   dtype=object)
        # the big accounts get typed every which way; the long tail in 2-3 spellings
        spellings = [c["spellings"] if i < 150 else c["spellings"][:2] + [prng.choice(c["spellings"][2:])]
                     for i, c in enumerate(cos)]
        self.co_spell, self.co_spell_off, self.co_spell_n = flat_pool(spellings)
        self.co_emp = np.array([[sg.format_employees(prng, c["employees"]) for _ in range(4)] for c in cos],
                               dtype=object)
        self.co_rev = np.array([[sg.format_money(prng, c["revenue"]) for _ in range(4)] for c in cos],
                               dtype=object)
        rank = np.arange(n_companies)
        w = 1.0 / (rank + 25.0) ** 0.9
        self.co_w = w / w.sum()

        # cities (every country gets at least its capital)
        rows = []
        for c in self.countries:
            for city, state, weight, zips, areas in sg.country_cities(c):
                rows.append((c, city, state, weight, zips, areas))
        self.city_country = np.array([self.cidx[r[0]] for r in rows])
        self.city_name = np.array([r[1] for r in rows], dtype=object)
        self.city_state = np.array([r[2] for r in rows], dtype=object)
        self.city_w = np.array([r[3] for r in rows], dtype=float)
        self.city_zip = np.array([[sg.fill_pattern(prng, prng.choice(r[4])) for _ in range(40)] for r in rows],
                                 dtype=object)
        self.city_street = np.array([[sg.make_street(prng, r[0]) for _ in range(60)] for r in rows], dtype=object)
        self.city_areas = [r[5] for r in rows]
        self.cities_of = {ci: np.nonzero(self.city_country == ci)[0] for ci in range(len(self.countries))}

        # names by region
        self.regions = list(sg.NAMES)
        self.ridx = {r: i for i, r in enumerate(self.regions)}
        self.country_region = np.array([self.ridx[sg.COUNTRY_REGION.get(c, "us")] for c in self.countries])
        firsts = [sg.NAMES[r][0] for r in self.regions]
        lasts = [sg.NAMES[r][1] for r in self.regions]
        self.first, self.first_off, self.first_n = flat_pool(firsts)
        self.last, self.last_off, self.last_n = flat_pool(lasts)
        first_reg = np.repeat(np.arange(len(self.regions)), self.first_n)
        last_reg = np.repeat(np.arange(len(self.regions)), self.last_n)
        self.first_slug = np.array([sg.slug(f.split()[0], self.regions[r]) for f, r in zip(self.first, first_reg)],
                                   dtype=object)
        self.last_slug = np.array([sg.slug(s, self.regions[r]) for s, r in zip(self.last, last_reg)], dtype=object)
        self.nickname = np.array([sg.NICKNAMES.get(f, [""])[0] for f in self.first], dtype=object)

        # titles: the specials first, then the generated pool; Zipf over the whole list
        self.titles = np.array(sg.build_title_pool(), dtype=object)
        rank = np.arange(len(self.titles))
        w = 1.0 / (rank + 6.0) ** 1.05
        self.title_w = w / w.sum()


# ----------------------------------------------------------------------------- columns

def format_phones(rng, pools: Pools, country: np.ndarray, area: np.ndarray, sub: np.ndarray,
                  sub_len: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Phone strings for (country, area, subscriber, its length, template index) arrays."""
    out = np.empty(len(country), dtype=object)
    for ci in np.unique(country):
        c = pools.countries[ci]
        plan = sg.phone_plan(c)
        m_c = np.nonzero(country == ci)[0]
        lens = sub_len[m_c]
        for ti, (tpl, _) in enumerate(plan["templates"]):
            for L in np.unique(lens):
                idx = m_c[(template[m_c] == ti) & (lens == L)]
                if not len(idx):
                    continue
                s = S(sub[idx])
                k = int(L) // 2
                fields = {
                    "a": S(area[idx]), "s": s, "s1": lambda s=s, k=k: s.str.slice(0, k),
                    "s2": lambda s=s, k=k: s.str.slice(k), "cc": plan["cc"] or "",
                    "x": lambda n=len(idx): S(rng.integers(10, 9999, size=n).astype(str)),
                    "sp": lambda s=s, L=L: vfill(" ".join("{p%d}" % i for i in range(0, int(L), 2)),
                                                 {f"p{i}": s.str.slice(i, i + 2) for i in range(0, int(L), 2)},
                                                 len(s)),
                }
                out[idx] = vfill(tpl, fields, len(idx)).to_numpy(dtype=object)
    return out


def phone_digits(rng, pools: Pools, country: np.ndarray, city: np.ndarray, mobile: bool):
    """(area, subscriber) string arrays: area from the city (or mobile prefixes)."""
    n = len(country)
    area = np.empty(n, dtype=object)
    lens = np.empty(n, dtype=np.int64)
    for ci in np.unique(city):
        idx = np.nonzero(city == ci)[0]
        plan = sg.phone_plan(pools.countries[pools.city_country[ci]])
        areas = plan["mobile"] if mobile and plan.get("mobile") else pools.city_areas[ci]
        pick_ = rng.integers(0, len(areas), size=len(idx))
        area[idx] = np.array(areas, dtype=object)[pick_]
        lens[idx] = np.array([sg.sub_length(plan, a) for a in areas])[pick_]
    sub = np.empty(n, dtype=object)
    for L in np.unique(lens):
        j = np.nonzero(lens == L)[0]
        sub[j] = rng.integers(2 * 10 ** (L - 1), 10 ** L, size=len(j)).astype(str).astype(object)
    return area, sub, lens


def emails(rng, pools: Pools, company, country, fi, li, pattern, kind) -> np.ndarray:
    """Email strings for entities; kind: 0 corporate 1 generic 2 role 3 disposable 4 blank."""
    n = len(company)
    f, l = pools.first_slug[fi], pools.last_slug[li]
    out = np.full(n, "", dtype=object)
    # local parts
    local = np.empty(n, dtype=object)
    fields = {"f": None, "l": None, "fi": None, "li": None, "nn": None, "yy": None}
    gen_tpl = pick(rng, sg.GENERIC_LOCAL_PATTERNS, n)
    tpl = np.where(kind == 1, gen_tpl, pattern)
    nn = rng.integers(1, 100, size=n).astype(str)
    yy = np.array(["78", "84", "89", "91", "95", "02"], dtype=object)[rng.integers(0, 6, size=n)]
    for t in np.unique(tpl.astype(str)):
        idx = np.nonzero(tpl == t)[0]
        fs, ls = S(f[idx]), S(l[idx])
        fields = {"f": fs, "l": ls, "fi": lambda fs=fs: fs.str.slice(0, 1), "li": lambda ls=ls: ls.str.slice(0, 1),
                  "nn": S(nn[idx]), "yy": S(yy[idx])}
        local[idx] = vfill(t, fields, len(idx)).to_numpy(dtype=object)
    # domains
    domain = pools.co_domain[company].copy()
    gen = np.nonzero(kind == 1)[0]
    for key in ("US", "GB", "DE", "FR", ""):
        if key:
            sel = gen[country[gen] == pools.cidx[key]]
        else:
            known = [pools.cidx[k] for k in ("US", "GB", "DE", "FR")]
            sel = gen[~np.isin(country[gen], known)]
        domain[sel] = pick(rng, sg.FREE_EMAIL_DOMAINS[key], len(sel))
    role = kind == 2
    local[role] = np.array(sg.ROLE_LOCALS, dtype=object)[rng.integers(0, len(sg.ROLE_LOCALS), size=role.sum())]
    disp = kind == 3
    domain[disp] = np.array(sg.DISPOSABLE_DOMAINS, dtype=object)[rng.integers(0, len(sg.DISPOSABLE_DOMAINS), size=disp.sum())]
    e = S(local) + "@" + S(domain)
    # two different people, one address: add a digit like mail admins do. "One
    # address" as a mail server sees it: Gmail ignores dots, so j.smith@gmail.com
    # and jsmith@gmail.com are one inbox and cannot belong to two people.
    for _ in range(5):
        clash = (_inbox(e).duplicated() & (kind != 2)).to_numpy()
        if not clash.any():
            break
        local[clash] = S(local[clash]) + S(rng.integers(2, 99, size=clash.sum()).astype(str))
        e = S(local) + "@" + S(domain)
    out = e.to_numpy(dtype=object)
    out[kind == 4] = ""
    return out


def _inbox(emails: pd.Series) -> pd.Series:
    """The mailbox an address reaches: lower case, +tag off, Gmail dots off."""
    parts = emails.str.lower().str.rpartition("@")
    local = parts[0].str.replace(r"(?<=.)\+.*$", "", regex=True)
    gmail = parts[2].isin(["gmail.com", "googlemail.com"])
    local = local.mask(gmail, local.str.replace(".", "", regex=False))
    return local + "@" + parts[2].mask(gmail, "gmail.com")


def _unclash(rng, addresses: np.ndarray, owner: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Number the addresses at ``rows`` whose inbox another owner (entity) already has."""
    addresses = addresses.copy()
    for _ in range(5):
        inbox = _inbox(S(addresses).fillna("")).to_numpy(dtype=object)
        frame = pd.DataFrame({"inbox": inbox, "owner": owner})
        frame = frame[~frame["inbox"].isin(["@", ""]) & (S(addresses).str.len().to_numpy() > 0)]
        shared = frame.groupby("inbox")["owner"].nunique()
        shared = set(shared[shared > 1].index)
        clash = rows[np.isin(inbox[rows], list(shared))] if shared else rows[:0]
        if not len(clash):
            break
        parts = S(addresses[clash]).str.rpartition("@")
        addresses[clash] = (parts[0] + S(rng.integers(2, 99, size=len(clash)).astype(str)) + "@" + parts[2]
                            ).to_numpy(dtype=object)
    return addresses


def mess_emails(rng, e: np.ndarray) -> np.ndarray:
    """Invalid (1.5%), upper-case domain (3%), capitalised local part (2%)."""
    e = e.copy()
    n = len(e)
    has = S(e).str.len().to_numpy() > 0
    u = rng.random(n)
    bad = has & (u < 0.015)
    s = S(e[bad])
    local, domain = s.str.split("@").str[0], s.str.split("@").str[-1]
    which = rng.integers(0, 6, size=bad.sum())
    variants = [
        local + "@" + domain.str.replace(r"\.(?=[^.]*$)", ",", regex=True),  # john@acme,com
        local + "@",
        local + "." + domain,
        local + "@@" + domain,
        local + " @" + domain,
        local + "@" + domain.str.replace(r"\.[^.]*$", "", regex=True),
    ]
    mat = np.stack([v.to_numpy(dtype=object) for v in variants], axis=1) if bad.any() else np.empty((0, 6), object)
    e[bad] = mat[np.arange(bad.sum()), which]
    up = has & (u >= 0.015) & (u < 0.045)
    s = S(e[up])
    e[up] = (s.str.split("@").str[0] + "@" + s.str.split("@").str[-1].str.upper()).to_numpy(dtype=object)
    cap = has & (u >= 0.045) & (u < 0.065)
    e[cap] = S(e[cap]).str.capitalize().to_numpy(dtype=object)
    return e


def typo_array(seed: int, values: np.ndarray) -> np.ndarray:
    r = random.Random(seed)
    return np.array([sg.typo(r, v) if v else v for v in values], dtype=object)


def generate_leads(n_rows: int, dup_rate: float, seed: int):
    rng = np.random.default_rng(seed)
    n_dup = int(round(n_rows * dup_rate))
    n_ent = n_rows - n_dup
    n_companies = max(200, min(10_000, int(n_rows ** 0.5 * 10)))
    P = Pools(seed, n_companies)
    ntpl = np.array([len(sg.phone_plan(c)["templates"]) for c in P.countries])

    # ---- entities (people): where they work and live, who they are
    company = rng.choice(n_companies, size=n_ent, p=P.co_w)
    country = P.co_country[company].copy()
    moved = rng.random(n_ent) < 0.10
    country[moved] = rng.choice(len(P.countries), size=moved.sum(), p=P.country_w)
    city = np.empty(n_ent, dtype=np.int64)
    for ci in np.unique(country):
        idx = np.nonzero(country == ci)[0]
        cands = P.cities_of[ci]
        w = P.city_w[cands] / P.city_w[cands].sum()
        city[idx] = cands[rng.choice(len(cands), size=len(idx), p=w)]
    region = P.country_region[country].copy()
    mix = rng.random(n_ent) < 0.22
    region[mix] = rng.integers(0, len(P.regions), size=mix.sum())
    fi = pick_ragged(rng, P.first_off, P.first_n, region)
    li = pick_ragged(rng, P.last_off, P.last_n, region)
    # Two different people with one full name at one company (or at two
    # companies of one name) are rare in real data but common with small name
    # pools; redraw so the truth does not call such look-alikes different people.
    co_key = P.co_name_key[company]
    for round_ in range(20):
        clash = pd.DataFrame({"c": co_key, "f": P.first_slug[fi], "l": P.last_slug[li]}).duplicated().to_numpy()
        if not clash.any():
            break
        redraw = np.nonzero(clash)[0]
        if round_ < 5:  # another surname from the region's pool
            li[redraw] = pick_ragged(rng, P.last_off, P.last_n, region[redraw])
        else:  # the region's pool is used up at this company: any region's names
            fi[redraw] = rng.integers(0, len(P.first_slug), size=len(redraw))
            li[redraw] = rng.integers(0, len(P.last_slug), size=len(redraw))

    # phones: own line, or the company's main line (shared with colleagues)
    area, sub, sub_len = phone_digits(rng, P, country, city, mobile=False)
    _, first_idx = np.unique(company, return_index=True)
    main_of = np.full(n_companies, -1)
    main_of[company[first_idx]] = first_idx
    src = main_of[company]
    shared = (rng.random(n_ent) < 0.33) & (country == country[src])
    area[shared], sub[shared], sub_len[shared] = area[src[shared]], sub[src[shared]], sub_len[src[shared]]
    tmpl = np.empty(n_ent, dtype=np.int64)
    m_tmpl = np.empty(n_ent, dtype=np.int64)
    for ci in np.unique(country):
        idx = np.nonzero(country == ci)[0]
        tmpl[idx] = weighted(rng, sg.phone_plan(P.countries[ci])["templates"], len(idx))
        m_tmpl[idx] = weighted(rng, sg.phone_plan(P.countries[ci])["templates"], len(idx))
    m_area, m_sub, m_len = phone_digits(rng, P, country, city, mobile=True)

    # email kind: 0 corporate 1 generic 2 role 3 disposable 4 blank
    u = rng.random(n_ent)
    ekind = np.select([u < 0.07, u < 0.29, u < 0.305, u < 0.315], [4, 1, 2, 3], 0)
    email = emails(rng, P, company, country, fi, li, P.co_pattern[company], ekind)
    created = sample_create_minutes(rng, n_ent)

    # ---- duplicates: which entity, and how the second record differs
    kind = 1 + weighted(rng, DUP_KIND_WEIGHTS, n_dup)  # 1.. = DUP_KIND_WEIGHTS order
    KIND = {k_: i + 1 for i, (k_, _) in enumerate(DUP_KIND_WEIGHTS)}
    eligible = {  # whose second record can differ this way
        KIND["gmail_dots"]: np.nonzero(S(email).str.endswith("@gmail.com").to_numpy())[0],
        KIND["nickname_phone"]: np.nonzero(P.nickname[fi] != "")[0],
    }
    dsrc = rng.integers(0, n_ent, size=n_dup)
    for kk, pool in eligible.items():
        sel = np.nonzero(kind == kk)[0]
        if len(pool):
            dsrc[sel] = pool[rng.integers(0, len(pool), size=len(sel))]
        else:
            kind[sel] = KIND["email_case"]
    # a gmail pair needs a dot to lose: give the original one
    g = dsrc[kind == KIND["gmail_dots"]]
    no_dot = ~S(email[g]).str.split("@").str[0].str.contains(".", regex=False).to_numpy()
    g = g[no_dot]
    email[g] = (S(P.first_slug[fi[g]]) + "." + S(P.last_slug[li[g]]) + "@gmail.com").to_numpy(dtype=object)
    email = _unclash(rng, email, np.arange(n_ent), g)

    ent = np.concatenate([np.arange(n_ent), dsrc])  # row -> entity; rows < n_ent are the originals
    k = np.concatenate([np.zeros(n_ent, dtype=np.int64), kind])
    kinds = ["original"] + [k_ for k_, _ in DUP_KIND_WEIGHTS]
    N = n_rows
    is_dup = k > 0
    D = np.nonzero(is_dup)[0]

    def kd(name):
        return D[k[D] == KIND[name]]

    def settle(x: np.ndarray, p: float, rows: np.ndarray = D) -> np.ndarray:
        """Duplicate rows keep the original row's value with probability p."""
        keep = rows[rng.random(len(rows)) < p]
        x[keep] = x[ent[keep]]
        return x

    rcountry, rcity, rcompany = country[ent], city[ent], company[ent]
    rcreated = created[ent].copy()
    span = np.minimum(30 * 1440, AS_OF_MIN - rcreated[D] - 5)
    rcreated[D] += 5 + (rng.random(len(D)) * np.maximum(span, 1)).astype(np.int64)

    # names, with casing mess on every row; most duplicates are typed the same way
    first, last = P.first[fi][ent], P.last[li][ent]
    u = rng.random(N)
    up, lo, fu, ws = u < 0.035, (u >= 0.035) & (u < 0.07), (u >= 0.07) & (u < 0.08), (u >= 0.08) & (u < 0.09)
    for arr, masks in ((first, (up, lo, fu, ws)), (last, (up, lo, None, ws))):
        arr[masks[0]] = S(arr[masks[0]]).str.upper().to_numpy(dtype=object)
        arr[masks[1]] = S(arr[masks[1]]).str.lower().to_numpy(dtype=object)
        if masks[2] is not None:
            arr[masks[2]] = S(arr[masks[2]]).str.upper().to_numpy(dtype=object)
    first[ws] = (" " + S(first[ws])).to_numpy(dtype=object)
    last[ws] = (S(last[ws]) + " ").to_numpy(dtype=object)
    settle(first, 0.8)
    settle(last, 0.8)
    nk = kd("nickname_phone")
    first[nk] = P.nickname[fi[ent[nk]]]
    ty = kd("typo_same_company")
    on_last = rng.random(len(ty)) < 0.6
    last[ty[on_last]] = typo_array(seed + 11, last[ty[on_last]])
    first[ty[~on_last]] = typo_array(seed + 12, first[ty[~on_last]])

    # email
    em = mess_emails(rng, email[ent])
    settle(em, 1.0)
    ec = np.concatenate([kd("email_case"), kd("reimport")[rng.random(len(kd("reimport"))) < 0.3]])
    s = S(email[ent[ec]])
    variants = np.stack([(" " + s.str.upper()).to_numpy(dtype=object),
                         (s.str.title() + " ").to_numpy(dtype=object),
                         (s.str.split("@").str[0] + "@" + s.str.split("@").str[-1].str.upper()).to_numpy(dtype=object),
                         ("  " + s.str.capitalize()).to_numpy(dtype=object)], axis=1)
    em[ec] = np.where(s.str.len().to_numpy() > 0, variants[np.arange(len(ec)), rng.integers(0, 4, size=len(ec))], "")
    gm = kd("gmail_dots")
    loc = S(email[ent[gm]]).str.split("@").str[0].str.replace(".", "", regex=False)
    em[gm] = (loc + S(pick(rng, [("@gmail.com", 3), ("+crm@gmail.com", 1), ("@googlemail.com", 1)], len(gm)))
              ).to_numpy(dtype=object)
    nick_mail = (S(P.nickname[fi[ent[nk]]]).str.lower() + "." + S(P.last_slug[li[ent[nk]]])
                 + S(pick(rng, [("@gmail.com", 3), ("@outlook.com", 1), ("@yahoo.com", 1)], len(nk))))
    em[nk] = np.where(rng.random(len(nk)) < 0.5, "", nick_mail.to_numpy(dtype=object))
    em = _unclash(rng, em, ent, nk)
    other_pattern = (S(P.first_slug[fi[ent[ty]]]).str.slice(0, 1) + S(P.last_slug[li[ent[ty]]]) + "@"
                     + S(P.co_domain[company[ent[ty]]]))
    em[ty] = np.where(rng.random(len(ty)) < 0.5, "", other_pattern.to_numpy(dtype=object))

    # phones: the same number, in another format for the nickname duplicates
    ph_t = tmpl[ent].copy()
    ph_t[nk] = (ph_t[nk] + rng.integers(1, ntpl[rcountry[nk]])) % ntpl[rcountry[nk]]
    phone = format_phones(rng, P, rcountry, area[ent], sub[ent], sub_len[ent], ph_t)
    u = rng.random(N)
    phone[(u < 0.07) & (k != KIND["nickname_phone"])] = ""
    junk = (u >= 0.07) & (u < 0.095) & ~is_dup
    phone[junk] = pick(rng, sg.JUNK_PHONES, junk.sum())
    settle(phone, 0.7, np.concatenate([kd("email_case"), kd("reimport")]))
    phone[kd("gmail_dots")] = ""
    phone[ty[rng.random(len(ty)) < 0.5]] = ""
    mobile = np.full(N, "", dtype=object)
    has_m = rng.random(N) < 0.42
    me = ent[has_m]
    mobile[has_m] = format_phones(rng, P, rcountry[has_m], m_area[me], m_sub[me], m_len[me], m_tmpl[me])
    settle(mobile, 0.7)

    # company spelling per row
    n_sp = P.co_spell_n[rcompany]
    u = rng.random(N)
    j = np.where(u < 0.58, 0, np.where(u < 0.74, 1, 2 + (rng.random(N) * np.maximum(n_sp - 2, 1)).astype(np.int64)))
    comp = P.co_spell[P.co_spell_off[rcompany] + np.minimum(j, n_sp - 1)]
    comp[rng.random(N) < 0.02] = ""
    settle(comp, 0.5)

    title = P.titles[rng.choice(len(P.titles), size=N, p=P.title_w)]
    title[rng.random(N) < 0.07] = ""
    settle(title, 0.85)
    title[nk[rng.random(len(nk)) < 0.5]] = ""

    # geography
    cname = P.city_name[rcity].copy()
    u = rng.random(N)
    cname[u < 0.06] = ""
    cl, cu = (u >= 0.06) & (u < 0.08), (u >= 0.08) & (u < 0.095)
    cname[cl] = S(cname[cl]).str.lower().to_numpy(dtype=object)
    cname[cu] = S(cname[cu]).str.upper().to_numpy(dtype=object)
    settle(cname, 0.9)
    zipc = P.city_zip[rcity, rng.integers(0, P.city_zip.shape[1], size=N)]
    zipc[rng.random(N) < 0.08] = ""
    settle(zipc, 0.95)
    street = P.city_street[rcity, rng.integers(0, P.city_street.shape[1], size=N)]
    street[rng.random(N) < 0.14] = ""
    settle(street, 0.9)
    code = P.city_state[rcity]
    state = state_spellings(rng, P, rcountry, code)
    settle(state, 0.7)
    ctry = np.full(N, "", dtype=object)
    for ci in np.unique(rcountry):
        idx = np.nonzero(rcountry == ci)[0]
        ctry[idx] = pick(rng, sg.COUNTRY_SPELLINGS[P.countries[ci]], len(idx))
    u = rng.random(N)
    blank = (u < 0.05) | ((state != "") & (rcountry == P.cidx["US"]) & (u < 0.12))
    unknown = ~blank & (u < 0.135) & (rng.random(N) < 0.15)
    ctry[unknown] = pick(rng, sg.UNKNOWN_COUNTRIES, unknown.sum())
    ctry[blank] = ""
    settle(ctry, 0.6)

    # firmographics
    website = P.co_website[rcompany].copy()
    website[rng.random(N) < 0.11] = ""
    settle(website, 0.8)
    industry = P.co_industry[rcompany].copy()
    u = rng.random(N)
    off = u < 0.04
    industry[off] = np.array(sg.OFF_PICKLIST_INDUSTRIES, dtype=object)[
        rng.integers(0, len(sg.OFF_PICKLIST_INDUSTRIES), size=off.sum())]
    industry[(u >= 0.04) & (u < 0.13)] = ""
    settle(industry, 0.85)
    employees = P.co_emp[rcompany, rng.integers(0, 4, size=N)]
    employees[rng.random(N) < 0.12] = ""
    settle(employees, 0.6)
    revenue = P.co_rev[rcompany, rng.integers(0, 4, size=N)]
    revenue[rng.random(N) < 0.20] = ""
    settle(revenue, 0.6)

    # CRM fields
    source = pick(rng, sg.LEAD_SOURCES, N)
    source[rng.random(N) < 0.04] = ""
    age_days = (AS_OF_MIN - rcreated) / 1440
    status = np.where(age_days > 28,
                      pick(rng, [("Working - Contacted", 40), ("Closed - Converted", 18),
                                 ("Closed - Not Converted", 20), ("Open - Not Contacted", 17)], N),
                      pick(rng, [("Working - Contacted", 55), ("Closed - Converted", 4),
                                 ("Closed - Not Converted", 5), ("Open - Not Contacted", 36)], N))
    odd = rng.random(N) < 0.05
    status[odd] = np.array(sg.LEAD_STATUS_ODDITIES, dtype=object)[
        rng.integers(0, len(sg.LEAD_STATUS_ODDITIES), size=odd.sum())]
    status[D] = "Open - Not Contacted"
    rating = pick(rng, [("Hot", 12), ("Warm", 25), ("Cold", 28), ("", 35)], N)
    owner = owners(rng, P, rcountry, code, rcreated)
    settle(owner, 0.5)
    last_act = np.full(N, "", dtype=object)
    touched = (rng.random(N) < 0.85) & ~is_dup
    la = np.minimum(rcreated + (rng.random(N) * 20 * 1440).astype(np.int64), AS_OF_MIN - 1)
    last_act[touched] = sf_date_array(la[touched])
    opt_out = np.where(rng.random(N) < 0.06, "1", "0").astype(object)

    # hostile cells: a handful per million rows, plus a harmless leading dash
    evil = ['=HYPERLINK("http://x","click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "=1+1"]
    for i, r in enumerate(rng.choice(N, size=max(4, N // 100_000), replace=False)):
        (comp if i % 2 == 0 else title)[r] = evil[i % len(evil)]
    title[rng.choice(N, size=max(1, N // 200_000), replace=False)] = "- Sales"

    # ---- export order = creation order; Salesforce ids ascend with it
    order = np.argsort(rcreated, kind="stable")
    lead_ids = sf_ids_arrow("00Q5e00000", 380_000_000 + np.cumsum(rng.integers(1, 40, size=N)))
    cols = {
        "Lead ID": lead_ids, "First Name": first[order], "Last Name": last[order], "Title": title[order],
        "Company": comp[order], "Email": em[order], "Phone": phone[order], "Mobile": mobile[order],
        "Street": street[order], "City": cname[order], "State/Province": state[order],
        "Zip/Postal Code": zipc[order], "Country": ctry[order], "Website": website[order],
        "Industry": industry[order], "No. of Employees": employees[order], "Annual Revenue": revenue[order],
        "Lead Source": source[order], "Lead Status": status[order], "Rating": rating[order],
        "Lead Owner": owner[order], "Create Date": sf_datetime_arrow(rcreated[order]),
        "Last Activity": last_act[order], "Email Opt Out": opt_out[order],
    }
    assert list(cols) == sg.LEAD_HEADER
    df = to_table(cols)
    truth = to_table({"row": np.arange(N), "Lead ID": lead_ids, "entity_id": ent[order],
                      "kind": np.array(kinds, dtype=object)[k[order]]})
    ctx = dict(created=rcreated[order], owner=owner[order], email=em[order], first=first[order],
               company=comp[order], lead_ids=lead_ids, is_dup=is_dup[order])
    return df, truth, ctx


def state_spellings(rng, P: Pools, country: np.ndarray, code: np.ndarray) -> np.ndarray:
    """State/Province text per row, spelled like sg.state_spelling does for one row."""
    n = len(country)
    state = np.full(n, "", dtype=object)
    in_state_c = np.isin(country, [P.cidx[c] for c in sg.STATE_COUNTRIES])
    want = np.nonzero((code != "") & (in_state_c | (rng.random(n) < 0.35)) & (rng.random(n) > 0.07))[0]
    keys = pd.Series(country[want]).astype(str) + "|" + pd.Series(code[want], dtype="str")
    for key, grp in pd.Series(np.arange(len(want))).groupby(keys.to_numpy()):
        ci, sc = key.split("|", 1)
        c = P.countries[int(ci)]
        name = sg.STATE_NAMES.get((c, sc), sc)
        if c in sg.STATE_COUNTRIES:
            opts = [(sc, 52), (name, 26), (name.lower(), 3), (sc.lower(), 3), (name.upper(), 2)]
        else:
            opts = [(name, 50), (sc, 5)]
        extras = sg.STATE_EXTRA_SPELLINGS.get((c, sc), [])
        opts += [(x, 8 / len(extras)) for x in extras]
        state[want[grp.to_numpy()]] = pick(rng, opts, len(grp))
    return state


def sample_create_minutes(rng, n: int) -> np.ndarray:
    """Create times over the year before AS_OF, mostly weekday business hours."""
    mow = np.arange(7 * 1440)
    dow, mod = mow // 1440, mow % 1440  # 0 = Monday
    w = np.where(dow < 5, np.where((mod >= 480) & (mod < 1080), 10.0, 1.2), 0.55)
    w /= w.sum()
    weeks = 52
    start = AS_OF_MIN - weeks * 7 * 1440
    start -= ((start // 1440) + 3) % 7 * 1440 + start % 1440  # back to a Monday 00:00
    m = start + rng.integers(0, weeks + 1, size=n) * 7 * 1440 + rng.choice(len(mow), size=n, p=w)
    over = m >= AS_OF_MIN
    m[over] -= 7 * 1440
    return m.astype(np.int64)


def owners(rng, P: Pools, country: np.ndarray, state: np.ndarray, created: np.ndarray) -> np.ndarray:
    n = len(country)
    terr = np.full(n, "EMEA", dtype=object)
    us = country == P.cidx["US"]
    terr[us] = np.where(np.isin(state[us], list(sg.US_WEST)), "US West",
                        np.where(np.isin(state[us], list(sg.US_CENTRAL)), "US Central", "US East"))
    terr[country == P.cidx["CA"]] = "North America"
    terr[np.isin(country, [P.cidx[c] for c in sg.APAC if c in P.cidx])] = "APAC"
    terr[np.isin(country, [P.cidx[c] for c in sg.LATAM if c in P.cidx])] = "US Central"
    mis = rng.random(n) < 0.05
    terr[mis] = np.array(["US West", "US East", "EMEA"], dtype=object)[rng.integers(0, 3, size=mis.sum())]
    out = np.empty(n, dtype=object)
    for t in np.unique(terr.astype(str)):
        idx = np.nonzero(terr == t)[0]
        reps = [r for r in sg.ROUTABLE if r[2] == t or (t.startswith("US") and r[2] == "North America")]
        out[idx] = pick(rng, [(r[0], r[3]) for r in reps], len(idx)) if reps else sg.REPS[0][0]
    u = rng.random(n)
    out[u < 0.03] = sg.LEAD_QUEUE
    old = (created < AS_OF_MIN - 45 * 1440) & (u >= 0.03) & (u < 0.03 + 0.06)
    out[old] = "Ryan Kowalski"
    return out


def sf_ids_arrow(prefix: str, numbers) -> pa.Array:
    """Salesforce ids straight into an Arrow string array (no Python objects)."""
    raw = np.ascontiguousarray(sg.sf_id_bytes(prefix, numbers))
    fsb = pa.FixedSizeBinaryArray.from_buffers(pa.binary(18), len(raw), [None, pa.py_buffer(raw.reshape(-1))])
    return fsb.cast(pa.binary()).cast(pa.string())


def take(values, indices: np.ndarray, blank: np.ndarray | None = None) -> pa.Array:
    """values[indices] as an Arrow string array; rows where blank is True become ''."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    idx = pa.array(indices, mask=blank) if blank is not None else pa.array(indices)
    out = pc.take(arr, idx)
    return pc.fill_null(out, "") if blank is not None else out


def generate_activities(n: int, ctx: dict, seed: int) -> pa.Table:
    """n task rows on the leads: fast first touches in business hours, some never touched."""
    rng = np.random.default_rng(seed + 1)
    created = ctx["created"]
    n_leads = len(created)
    # per-lead appetite: 15% never touched, the rest gamma-distributed
    w = rng.gamma(2.0, 1.0, size=n_leads)
    w[rng.random(n_leads) < 0.10] = 0
    w[ctx["is_dup"]] = 0
    w /= w.sum()
    lead = np.sort(rng.choice(n_leads, size=n, p=w))
    starts = np.r_[0, np.nonzero(np.diff(lead))[0] + 1]
    run = np.diff(np.r_[starts, n])
    rank = np.arange(n) - np.repeat(starts, run)
    # first touch: minutes after a form fill in business hours, next morning otherwise
    c = created[lead]
    in_hours = ((c % 1440) >= 480) & ((c % 1440) < 1080) & ((((c // 1440) + 3) % 7) < 5)
    u = rng.random(n)
    delay = np.where(u < 0.78, rng.integers(1, 60, size=n),
                     np.where(u < 0.88, rng.integers(60, 240, size=n), rng.integers(1080, 1800, size=n)))
    delay = np.where(in_hours, delay, 0)
    gaps = rng.choice([120, 240, 1200, 1440, 1560, 2880, 4200, 5760], size=n) + rng.integers(0, 180, size=n)
    gaps[starts] = 0
    cum = np.cumsum(gaps)
    cum -= np.repeat(cum[starts], run)
    t = business_snap(rng, c + np.repeat(delay[starts], run) + cum, spread=rank > 0)
    over = t >= AS_OF_MIN
    t[over] = c[over] + ((AS_OF_MIN - c[over]) * rng.random(over.sum())).astype(np.int64)

    # kind: the first touch is a call or an email, later ones the usual mix
    kinds = list(sg.ACTIVITY_KINDS)
    kind = weighted(rng, [(k_, dict(sg.ACTIVITY_KIND_WEIGHTS)[k_]) for k_ in kinds], n)
    first = rank == 0
    kind[first] = np.where(rng.random(first.sum()) < 0.7, kinds.index("call"), kinds.index("email"))

    # export order = activity time; everything below is index arithmetic on that order
    order = np.argsort(t, kind="stable")
    lead, kind, rank, t = lead[order], kind[order], rank[order], t[order]

    type_vals, type_code = [], np.empty(n, dtype=np.int64)
    res_vals, res_code = [], np.empty(n, dtype=np.int64)
    subj_parts, subj_pos = [], []
    company = pa.array(ctx["company"], type=pa.string())
    first_name = pa.array(ctx["first"], type=pa.string())
    for ki, kname in enumerate(kinds):
        idx = np.nonzero(kind == ki)[0]
        types, results, subjects = sg.ACTIVITY_KINDS[kname]
        type_code[idx] = len(type_vals) + rng.integers(0, len(types), size=len(idx))
        type_vals += types
        res_code[idx] = len(res_vals) + weighted(rng, results, len(idx))
        res_vals += [r for r, _ in results]
        sj = rng.integers(0, len(subjects), size=len(idx))
        for si, tpl in enumerate(subjects):
            jdx = idx[sj == si]
            if not len(jdx):
                continue
            parts = []
            for literal, name, _, _ in string.Formatter().parse(tpl):
                if literal:
                    parts.append(literal)
                if name == "company":
                    parts.append(pc.take(company, pa.array(lead[jdx])))
                elif name == "first":
                    parts.append(pc.take(first_name, pa.array(lead[jdx])))
                elif name == "step":
                    parts.append(pa.array((rank[jdx] + 1).astype(str)))
            if all(isinstance(x, str) for x in parts):
                subj_parts.append(pa.array(np.full(len(jdx), "".join(parts), dtype=object), type=pa.string()))
            else:
                subj_parts.append(pc.binary_join_element_wise(*parts, ""))
            subj_pos.append(jdx)
    pos = np.concatenate(subj_pos)
    inv = np.empty(n, dtype=np.int64)
    inv[pos] = np.arange(n)
    subject = pc.take(pa.concat_arrays(subj_parts), pa.array(inv))

    # emails that cannot be delivered bounce
    email_pool = pc.utf8_trim_whitespace(pa.array(ctx["email"], type=pa.string()))
    has_e = np.asarray(pc.match_substring(email_pool, "@").to_numpy(zero_copy_only=False))
    is_email = kind == kinds.index("email")
    bounce = is_email & (~has_e[lead] | (rng.random(n) < sg.EMAIL_BOUNCE_RATE))
    res_vals.append("Bounced")
    res_code[bounce] = len(res_vals) - 1

    # who logged it: the owner mostly (queue leads go to an SDR), sometimes an SDR
    owners = np.array(ctx["owner"], dtype=object)
    names, owner_code = np.unique(owners, return_inverse=True)
    names = list(names)
    sdrs = list(dict.fromkeys(list(sg.SDR_BY_TERRITORY.values()) + ["Tyler Brooks"]))
    for s_ in sdrs:
        if s_ not in names:
            names.append(s_)
    who = owner_code[lead]
    who[who == names.index(sg.LEAD_QUEUE)] = names.index("Tyler Brooks") if sg.LEAD_QUEUE in names else who[0]
    other = rng.random(n) < 0.15
    who[other] = np.array([names.index(s_) for s_ in sdrs])[rng.integers(0, len(sdrs), size=other.sum())]

    # the lead is referenced by id, by email instead (10%), or both (4%)
    u = rng.random(n)
    by_email = has_e[lead] & (u < 0.10)
    both = has_e[lead] & (u >= 0.10) & (u < 0.14)
    ids = sf_ids_arrow("00T5e00000", 500_000_000 + np.cumsum(rng.integers(1, 40, size=n)))
    cols = {
        "Activity ID": ids,
        "Lead ID": take(ctx["lead_ids"], lead, blank=by_email),
        "Email": take(email_pool, lead, blank=~(by_email | both)),
        "Activity Type": take(type_vals, type_code),
        "Subject": subject,
        "Activity Date": sf_datetime_arrow(t),
        "Assigned": take(names, who),
        "Call Result": take(res_vals, res_code),
    }
    return pa.table(cols)


def sf_datetime_arrow(minutes: np.ndarray) -> pa.Array:
    uniq, inv = np.unique(minutes, return_inverse=True)
    return pc.take(pa.array(sf_datetime_array(uniq), type=pa.string()), pa.array(inv))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "data" / "leads_1m.csv")
    ap.add_argument("--activities", type=int, default=0, help="also write N activity rows")
    ap.add_argument("--dup-rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.rows < 100:
        ap.error("--rows must be at least 100")
    t0 = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df, truth, ctx = generate_leads(args.rows, args.dup_rate, args.seed)
    t1 = time.perf_counter()
    write_csv(df, args.out)
    stem = args.out.with_suffix("")
    write_csv(truth, Path(f"{stem}_truth.csv"), quote_all=False)
    t2 = time.perf_counter()
    n_dups = len(truth) - truth.column("kind").to_pandas().eq("original").sum()
    msg = (f"leads: {len(df):,} rows ({n_dups:,} planted duplicates) -> {args.out} "
           f"[{args.out.stat().st_size / 1e6:.0f} MB; built {t1 - t0:.1f}s, written {t2 - t1:.1f}s]")
    print(msg)
    if args.activities:
        acts = generate_activities(args.activities, ctx, args.seed)
        t3 = time.perf_counter()
        path = Path(f"{stem}_activities.csv")
        write_csv(acts, path)
        t4 = time.perf_counter()
        print(f"activities: {len(acts):,} rows -> {path} [{path.stat().st_size / 1e6:.0f} MB; "
              f"built {t3 - t2:.1f}s, written {t4 - t3:.1f}s]")
    print(f"total {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
