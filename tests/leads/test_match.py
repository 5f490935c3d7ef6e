"""Record-matching building blocks: blocked candidate pairs, name similarity and the match keys dedupe compares."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat
from rapidfuzz.distance import JaroWinkler

from revops_cli.core.leads.match import (
    INITIAL_SIMILARITY,
    NICKNAME_SIMILARITY,
    ONE_PART_CAP,
    NameVocabulary,
    fold_names,
    name_similarity,
    pairs_within_blocks,
    unique_pairs,
)
from revops_cli.normalize.email import email_match_key, match_keys_from_normalized, normalize_email_column
from revops_cli.normalize.phone import normalize_phone, phone_match_key_column

# --------------------------------------------------------------------------- candidate pairs


def _brute_force_pairs(blocks: np.ndarray) -> set[tuple[int, int]]:
    return {(a, b) for a, b in itertools.combinations(range(len(blocks)), 2) if blocks[a] >= 0 and blocks[a] == blocks[b]}


def _as_set(pairs: np.ndarray) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in pairs}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-1, 4), max_size=25), st.data())
def test_small_blocks_give_every_pair_inside_a_block_and_none_across(codes, data):
    blocks = np.array(codes, dtype=np.int64)
    largest = int(np.bincount(blocks[blocks >= 0]).max()) if (blocks >= 0).any() else 0
    whole_upto = data.draw(st.integers(max(largest, 1), 30), label="whole_upto")
    sort_key = np.array(data.draw(st.lists(st.sampled_from("abc"), min_size=len(codes), max_size=len(codes))), dtype=object)
    pairs = pairs_within_blocks(blocks, sort_key, whole_upto=whole_upto, window=1)
    assert pairs.shape[1] == 2 and pairs.dtype == np.int64
    assert _as_set(pairs) == _brute_force_pairs(blocks)
    assert len(_as_set(pairs)) == len(pairs)  # unique
    assert (pairs[:, 0] < pairs[:, 1]).all()


@settings(max_examples=100, deadline=None)
@given(st.integers(6, 40), st.integers(1, 4), st.data())
def test_a_big_block_meets_only_its_sorted_neighbours(n, window, data):
    whole_upto = data.draw(st.integers(1, 5), label="whole_upto")
    # one big block (rows 0..n-1) in a random row order of names, then a few rows outside any block
    names = data.draw(st.lists(st.text("abcdef", min_size=1, max_size=3), min_size=n, max_size=n), label="names")
    blocks = np.array([0] * n + [-1, -1], dtype=np.int64)
    sort_key = np.array(names + ["zz", "zz"], dtype=object)
    pairs = pairs_within_blocks(blocks, sort_key, whole_upto=whole_upto, window=window)

    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert len(_as_set(pairs)) == len(pairs)
    assert len(pairs) <= window * n
    assert pairs.max() < n  # the unblocked rows meet nobody
    # Sort order: by name, ties by row. Each pair is at most `window` places apart in it.
    order = sorted(range(n), key=lambda r: (names[r], r))
    place = {row: i for i, row in enumerate(order)}
    distance = [abs(place[int(a)] - place[int(b)]) for a, b in pairs]
    assert max(distance) <= window
    # ... and every row does meet its next `window` rows in that order.
    expected = {tuple(sorted((order[i], order[j]))) for i in range(n) for j in range(i + 1, min(i + window, n - 1) + 1)}
    assert _as_set(pairs) == expected


def test_big_and_small_blocks_together():
    # block 0 has 4 rows (big, windowed), block 1 has 2 rows (small, whole), -1 never pairs
    blocks = np.array([0, 1, 0, 0, -1, 1, 0])
    sort_key = np.array(["d", "x", "a", "c", "a", "y", "b"], dtype=object)
    pairs = pairs_within_blocks(blocks, sort_key, whole_upto=3, window=1)
    # block 0 in name order: row 2 (a), 6 (b), 3 (c), 0 (d) -> neighbours (2,6), (6,3), (3,0)
    assert _as_set(pairs) == {(2, 6), (3, 6), (0, 3), (1, 5)}


def test_no_pairs_without_two_rows_in_a_block():
    assert pairs_within_blocks(np.array([-1, 0, 1, -1]), np.array(list("abcd"), dtype=object),
                               whole_upto=10, window=3).shape == (0, 2)
    assert pairs_within_blocks(np.array([], dtype=np.int64), np.array([], dtype=object),
                               whole_upto=10, window=3).shape == (0, 2)


def test_unique_pairs_keeps_one_of_each_pair_in_either_order():
    pairs = unique_pairs([np.array([[3, 1], [1, 3], [0, 2]]), np.array([[2, 0], [1, 3], [4, 0]])], 5)
    assert pairs.tolist() == [[0, 2], [0, 4], [1, 3]]


def test_unique_pairs_of_nothing_is_an_empty_pair_array():
    assert unique_pairs([np.empty((0, 2), dtype=np.int64)], 3).shape == (0, 2)


# --------------------------------------------------------------------------- names


def _similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    folded = [fold_names(pd.Series(list(x), dtype="str")) for x in (a, b)]
    return float(name_similarity(folded[0][:1], folded[0][1:], folded[1][:1], folded[1][1:])[0])


def test_fold_names_folds_accents_case_spaces_and_punctuation():
    folded = fold_names(pd.Series(["Schröder", "de Jong", "O'Connor", "", None, "  ", "Jean-Luc"], dtype="str"))
    assert folded.tolist() == ["schroder", "dejong", "oconnor", "", "", "", "jeanluc"]


def test_equal_names_score_100():
    assert _similarity(("John", "Smith"), ("JOHN", "smith")) == 100.0
    assert _similarity(("Zoë", "Müller"), ("Zoe", "Muller")) == 100.0  # folding happens before comparing


def test_a_nickname_scores_as_a_nickname_and_the_surname_keeps_the_pair_high():
    vocab = NameVocabulary(np.array(["bill", "william"], dtype=object), np.array(["", ""], dtype=object))
    codes = vocab.first
    first = vocab.similarity(codes[:1], codes[1:], first_names=True)[0]
    assert first == NICKNAME_SIMILARITY  # plain Jaro-Winkler of bill/william is far lower
    # As surnames they are just different words: Jaro-Winkler 72.6
    assert vocab.similarity(codes[:1], codes[1:])[0] == pytest.approx(100 * JaroWinkler.normalized_similarity("bill", "william"))
    assert vocab.similarity(codes[:1], codes[1:])[0] < NICKNAME_SIMILARITY
    # weaker x 3/4 + stronger x 1/4 = 95 * 0.75 + 100 * 0.25
    assert _similarity(("Bill", "Jackson"), ("William", "Jackson")) == pytest.approx(96.25)


def test_an_initial_matches_its_name():
    # Jaro-Winkler of j/john is 77.5, lifted to INITIAL_SIMILARITY; 90 * 0.75 + 100 * 0.25
    assert _similarity(("J", "Smith"), ("John", "Smith")) == pytest.approx(0.75 * INITIAL_SIMILARITY + 25)
    assert _similarity(("J.", "Smith"), ("Mary", "Smith")) < 88  # an initial of another name is no match


def test_swapped_first_and_last_name_counts_as_the_same_name():
    assert _similarity(("Smith", "John"), ("John", "Smith")) == 100.0


def test_one_missing_name_part_is_capped():
    # The surname alone cannot say which Smith: capped so it never merges by itself.
    assert _similarity(("", "Smith"), ("John", "Smith")) == ONE_PART_CAP
    assert _similarity(("John", "Smith"), ("", "Smith")) == ONE_PART_CAP
    assert _similarity(("John", ""), ("John", "Smith")) == ONE_PART_CAP
    assert _similarity(("", "Smith"), ("", "Smith")) == ONE_PART_CAP


def test_no_common_name_part_scores_0():
    assert _similarity(("", ""), ("John", "Smith")) == 0.0
    assert _similarity(("", ""), ("", "")) == 0.0
    assert _similarity(("John", ""), ("", "Smith")) == 0.0


def test_different_first_names_with_one_surname_stay_below_the_thresholds():
    # Priya/Divya: Jaro-Winkler 73.3 (3 of 5 letters match, no common prefix) -> 73.3 * 0.75 + 25 = 80
    assert _similarity(("Priya", "Reddy"), ("Divya", "Reddy")) == pytest.approx(80.0, abs=0.05)
    for first_a, first_b in (("Priya", "Divya"), ("Kevin", "Karen"), ("Tom", "Tim")):
        assert _similarity((first_a, "Reddy"), (first_b, "Reddy")) < 88, (first_a, first_b)


def test_vocabulary_scores_pairs_of_records_by_position():
    first = np.array(["bill", "william", "priya", "divya", ""], dtype=object)
    last = np.array(["jackson", "jackson", "reddy", "reddy", "reddy"], dtype=object)
    vocab = NameVocabulary(first, last)
    scores = vocab.name_similarity(np.array([0, 2, 2, 0]), np.array([1, 3, 4, 0]))
    assert scores[0] == pytest.approx(96.25)
    assert scores[1] == pytest.approx(80.0, abs=0.05)
    assert scores[2] == ONE_PART_CAP
    assert scores[3] == 100.0


# --------------------------------------------------------------------------- phone match key

# Real numbers (valid per phonenumbers), one or two per country; the test varies their last digits.
_NUMBERS = {
    "US": ["+1 415 555 0134", "+1 202 744 5672"],
    "GB": ["+44 20 7946 0958", "+44 7700 900123"],
    "DE": ["+49 30 1234567", "+49 711 6810740", "+49 1512 3456789"],
    "FR": ["+33 1 42 68 53 00", "+33 6 12 34 56 78"],
    "IN": ["+91 22 2778 1234", "+91 98765 43210"],
    "JP": ["+81 3 1234 5678", "+81 90 1234 5678"],
    "AU": ["+61 2 9374 4000", "+61 412 345 678"],
}
_SEEDS = [(region, number) for region, numbers in _NUMBERS.items() for number in numbers]


def _spellings(number: phonenumbers.PhoneNumber, region: str) -> list[str]:
    """Ways a CRM or Excel writes one number; only those phonenumbers reads back as the same E.164 are kept."""
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    candidates = [
        national,
        phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
        e164,
        phonenumbers.format_number(number, PhoneNumberFormat.RFC3966),
        f"{e164} x12",
        f"{national} ext. 345",
        f"{national} #9",
        "".join(ch for ch in national if ch.isdigit()) + ".0",  # Excel's float of a national number
        phonenumbers.format_out_of_country_calling_number(number, "US" if region != "US" else "GB"),
    ]
    kept = []
    for text in candidates:
        try:
            parsed = phonenumbers.parse(text.removesuffix(".0"), region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.format_number(parsed, PhoneNumberFormat.E164) == e164:
            kept.append(text)
    return kept


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SEEDS), st.integers(0, 4), st.data())
def test_every_spelling_of_one_number_gets_one_match_key(seed, changed, data):
    region, text = seed
    nsn = phonenumbers.national_significant_number(phonenumbers.parse(text))
    tail = data.draw(st.text("0123456789", min_size=changed, max_size=changed), label="new last digits")
    number = phonenumbers.parse(f"+{phonenumbers.country_code_for_region(region)}{nsn[:len(nsn) - changed]}{tail}")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    # Only real numbers: junk placeholders never match anything, and a number
    # whose last seven digits are a counting run (…3456789) gets no key by design.
    assume(phonenumbers.is_valid_number(number) and normalize_phone(e164, region)[1] is None)
    assume(e164[-7:] not in "0123456789" and e164[-7:] not in "9876543210" and len(set(e164[-7:])) > 1)
    spellings = _spellings(number, region)
    assert len(spellings) >= 6  # national, international, E.164, RFC 3966, two with extensions at least
    keys = phone_match_key_column(pd.Series(spellings, dtype="str"))
    assert keys.nunique() == 1, dict(zip(spellings, keys))
    key = keys.iloc[0]
    assert len(key) == 7 and e164.endswith(key)


def test_match_key_is_the_last_seven_digits_and_ignores_extension_and_excel_float():
    phones = pd.Series(["+1 (415) 555-0100", "415.555.0100 x12", "4155550100.0", "1-800-FLOWERS",
                        "(415) 555-0100 ext. 7", "+1 415 555 0101"], dtype="str", index=[10, 11, 12, 13, 14, 15])
    keys = phone_match_key_column(phones)
    assert keys.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert keys.tolist() == ["5550100", "5550100", "5550100", "3569377", "5550100", "5550101"]


@pytest.mark.parametrize("placeholder", ["000-000-0000", "1234567", "n/a", "", "0", "123-4567", "555", "  "])
def test_placeholders_have_no_match_key(placeholder):
    assert phone_match_key_column(pd.Series([placeholder, None], dtype="str")).tolist() == ["", ""]


def test_a_junk_number_gets_one_key_in_every_spelling():
    keys = phone_match_key_column(pd.Series(["01 23 45 67 89", "+33 1 23 45 67 89", "+33 1 42 68 53 00"], dtype="str"))
    assert keys.tolist() == ["", "", "2685300"]


# --------------------------------------------------------------------------- email match key

_LOCAL = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._%-]{0,8}", fullmatch=True)
_TAG = st.one_of(st.just(""), st.from_regex(r"\+[A-Za-z0-9.+]{0,5}", fullmatch=True))
_DOMAIN = st.sampled_from(["gmail.com", "GoogleMail.com", "GMAIL.COM", "Acme.COM", "beispiel.co.uk",
                           "mail.example.org", "xn--bcher-kva.de", "bücher.de"])
_ADDRESS = st.builds(lambda local, tag, domain: f"{local}{tag}@{domain}", _LOCAL, _TAG, _DOMAIN)
_WRAPPED = st.builds(lambda address, how: how.format(address), _ADDRESS,
                     st.sampled_from(["{}", "  {} ", "Jo <{}>", "mailto:{}", '"{}"', "<{}>"]))
_INVALID = st.sampled_from(["a@b", "@x.com", "jo@", "a..b@x.com", "x@gmail..com", "n/a", "jo at acme.com", "", "   "])
_CELL = st.one_of(_WRAPPED, _WRAPPED.map(str.upper), _INVALID, st.none(), st.text(max_size=10))


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=0, max_size=8))
@example([None])
@example(["n/a", ""])
@example(["jo@bücher.de", "Jo@xn--bcher-kva.de"])
def test_vectorised_email_keys_equal_email_match_key(cells):
    emails = pd.Series(cells, dtype=object)
    keys = match_keys_from_normalized(normalize_email_column(emails))
    assert keys.tolist() == [email_match_key(cell) for cell in cells]


def test_email_keys_join_the_spellings_of_one_inbox():
    emails = pd.Series(["Jo.Lee+news@GMAIL.com", "jolee@googlemail.com", "Jo Lee <jo.lee@gmail.com>",
                        "mailto:JO.LEE@acme.com", "jo.lee+crm@acme.com", "jolee@acme.com"], dtype="str")
    keys = match_keys_from_normalized(normalize_email_column(emails)).tolist()
    assert keys == ["jolee@gmail.com"] * 3 + ["jo.lee@acme.com"] * 2 + ["jolee@acme.com"]


# --------------------------------------------------------------------------- email match features (the fast path)


def _email_features_by_the_validator(emails: pd.Series, config) -> dict[str, list]:
    """What person_features derived from classify_emails before the Arrow fast path: the reference."""
    from revops_cli.core.leads.clean import classify_emails
    from revops_cli.normalize.email import DOMAIN_PLACEHOLDERS, PUBLIC_INBOX
    classified = classify_emails(emails, config)
    valid = classified["revops_email_valid"].eq(True).to_numpy()
    keys = match_keys_from_normalized(classified).fillna("").to_numpy(dtype=object)
    reason = classified["placeholder"].to_numpy(dtype=object)
    shared = reason == PUBLIC_INBOX
    corporate = (valid & ~classified["revops_email_generic"].eq(True).to_numpy()
                 & ~classified["revops_email_disposable"].eq(True).to_numpy()
                 & ~pd.Series(reason, dtype=object).isin(DOMAIN_PLACEHOLDERS).to_numpy())
    domain = classified["revops_email_domain"].to_numpy(dtype=object)
    return {"email_key": np.where(pd.notna(reason) & ~shared, "", keys).tolist(),
            "email_role": (classified["revops_email_role"].eq(True).to_numpy() | shared).tolist(),
            "email_public": shared.tolist(),
            "domain": np.where(corporate & pd.notna(domain), domain, "").tolist()}


def _email_features(emails: pd.Series, config) -> dict[str, list]:
    from revops_cli.core.leads.match import email_match_features
    return {k: v.tolist() for k, v in email_match_features(emails, config).items()}


_FAST_LOCAL = st.from_regex(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,12}", fullmatch=True)
_FAST_DOMAIN = st.sampled_from(
    ["gmail.com", "GoogleMail.com", "Acme.COM", "beispiel.co.uk", "example.com", "mailinator.com", "x.mailinator.com",
     "yahoo.co.uk", "hotmail.fr", "acme.local", "acme.test", "ab--cd.com", "xn--bcher-kva.de", "a-.com", "-a.com",
     "a.b", "acme.c0m", "a" * 64 + ".com", "a" * 63 + ".com", "sub.acme.io", "bücher.de", "acme.com\n", "0-0.com"])
_FAST_CELL = st.one_of(
    st.builds(lambda local, domain: f"{local}@{domain}", _FAST_LOCAL, _FAST_DOMAIN),
    st.sampled_from(["info@acme.com", "Info+x@Acme.com", "sales.emea@acme.com", "info2@acme.com", "+info@acme.com",
                     "a@a.com", "test1@acme.com", "asdf@gmail.com", "jo.lee+tag@gmail.com", "J.O.Lee@GMAIL.COM",
                     "jo@acme.com ", " jo@acme.com", "jo@acme.com\n", "\tJo@Acme.com \t", " \u00a0jo@acme.com", "x" * 65 + "@acme.com",
                     "a" * 60 + "@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".com", "jo@@acme.com",
                     "\u200bjo@acme.com", "jo@mailinator.com", "info@mailinator.com"]),
    _CELL)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FAST_CELL, min_size=0, max_size=10))
@example(["a" * 64 + "@acme.com", "a" * 65 + "@acme.com"])
@example(["ab--cd@acme.com", "jo@ab--cd.com", "jo@x.ab--cd.com", "jo@abc--d.com"])
def test_email_match_features_equal_the_validators_reading(cells):
    from revops_cli.config import RevopsConfig
    config = RevopsConfig()
    emails = pd.Series(cells, dtype=object)
    assert _email_features(emails, config) == _email_features_by_the_validator(emails, config)


def test_email_match_features_follow_the_configured_lists():
    from revops_cli.config import RevopsConfig
    config = RevopsConfig.model_validate({"clean": {
        "free_email_domains": ["acme-mail.com"], "disposable_email_domains": ["burner.io"],
        "role_email_prefixes": ["crew", "desk"], "placeholder_email_local_parts": ["nobodyhere"],
        "placeholder_email_domains": ["stand-in.org"]}})
    cells = ["jo@acme-mail.com", "jo@burner.io", "crew@acme.com", "info@acme.com", "desk.emea@acme.com",
             "nobodyhere@acme.com", "jo@stand-in.org", "jo@acme.com"]
    got = _email_features(pd.Series(cells, dtype=object), config)
    assert got == _email_features_by_the_validator(pd.Series(cells, dtype=object), config)
    # a placeholder local part names nobody, but its domain still names the company; a placeholder domain does not
    assert got["domain"] == ["", "", "acme.com", "acme.com", "acme.com", "acme.com", "", "acme.com"]
    assert got["email_role"] == [False, False, True, False, True, False, False, False]
    assert got["email_key"][5:7] == ["", ""]


def test_email_match_features_on_every_email_of_the_sample_and_the_corpus():
    from pathlib import Path

    from revops_cli.config import RevopsConfig
    root = Path(__file__).resolve().parents[2]
    cells = []
    for path in [*root.glob("sample_data/*.csv"), *root.glob("tests/fixtures/third_party/*.csv")]:
        head = pd.read_csv(path, dtype=str, nrows=0, encoding_errors="replace", on_bad_lines="skip").columns
        columns = [c for c in head if "mail" in c.lower()]
        if columns:
            frame = pd.read_csv(path, dtype=str, usecols=columns, encoding_errors="replace", on_bad_lines="skip")
            cells += frame.stack().tolist()
    assert len(cells) > 5_000
    config = RevopsConfig()
    emails = pd.Series(cells, dtype=object)
    assert _email_features(emails, config) == _email_features_by_the_validator(emails, config)


def test_block_codes_group_rows_whose_every_key_agrees_and_leave_out_a_blank_or_missing_key():
    from revops_cli.core.leads.match import block_codes
    company = np.array(["acme", "acme", "acme", "globex", "", "acme", None, "acme"], dtype=object)
    first = np.array(["jo", "jo", "al", "jo", "jo", "", "jo", "jo"], dtype=object)
    codes = block_codes(company, first)
    assert codes[4] == codes[5] == codes[6] == -1
    assert codes[0] == codes[1] == codes[7] >= 0
    assert len({codes[0], codes[2], codes[3]}) == 3 and min(codes[2], codes[3]) >= 0
    # the same split as joining the keys with a separator no key holds
    assert (block_codes(np.array(["a", "a", ""], dtype=object)) == [0, 0, -1]).all()


def test_first_name_similarity_is_the_per_pair_rule_for_initials_and_nicknames():
    """Initials and nicknames are looked up for all distinct pairs at once; the result is the per-pair rule's."""
    from revops_cli.core.leads.match import _nicknamer
    names = ["j", "john", "jon", "johnny", "jack", "bill", "william", "will", "liz", "elizabeth", "beth", "b", "bob",
             "robert", "rob", "peggy", "margaret", "maggie", "m", "mary", "priya", "divya", "al", "alexander", "a"]
    a, b = np.array(list(itertools.product(names, names))).T
    vocab = NameVocabulary(np.concatenate([a, b]).astype(object), np.full(2 * len(a), "", dtype=object))
    got = vocab.similarity(vocab.first[: len(a)], vocab.first[len(a):], first_names=True)
    namer = _nicknamer()
    related = {n: namer.nicknames_of(n) | namer.canonicals_of(n) for n in names}
    for x, y, score in zip(a, b, got):
        expected = 100.0 if x == y else JaroWinkler.normalized_similarity(x, y) * 100
        if x != y and (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
            expected = max(expected, INITIAL_SIMILARITY)
        elif x != y and expected < NICKNAME_SIMILARITY and (y in related[x] or x in related[y]):
            expected = NICKNAME_SIMILARITY
        assert score == pytest.approx(expected), (x, y)
    assert got[list(zip(a, b)).index(("bill", "william"))] == NICKNAME_SIMILARITY
    assert got[list(zip(a, b)).index(("j", "john"))] == INITIAL_SIMILARITY
