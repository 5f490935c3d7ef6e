"""leads clean: SOP hygiene in place, flags instead of guesses, a change log for every cell."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import CLEAN_STEPS, clean_leads, parse_only
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from tests.conftest import REPO

runner = CliRunner()

MESSY = (
    "Lead ID,First Name,Last Name,Email,Phone,Company,Title,Country,State/Province,Industry,No. of Employees,Create Date,Notes\n"
    "00Q1,JOHN,SMITH,John.Smith@ACME.com,(415) 555-0134 x204,\"Acme, Inc.\",vp of sales,USA,California,Software,\"1,000-5,000\",3/4/2026 9:30 AM,keep me\n"
    "00Q2,mary,o'brien,mary@gmail.com,n/a,ACME CORPORATION,mktg mgr,United Kingdom,,Banking,5k,13/4/2026 10:00 AM,\n"
    "00Q3,Zoë,Müller,z.mueller@beispiel.de,030 1234567,Beispiel GmbH,Geschäftsführer,Deutschland,Bayern,Gibberish,250,3/5/2026 8:00 AM,\n"
    "00Q4,Ann,Lee,info@mailinator.com,call me,,CTO,Narnia,,,,,\n"
    "00Q5,Bob,Jones,bob@example,+1 212 555 0199,the widget co,,,Ontario,,,,\n"
)


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    return path


def _clean(path, **kwargs):
    table = read_table(path)
    mapping = detect_columns(list(table.frame.columns))
    return table, clean_leads(table.frame, mapping, RevopsConfig(), headers=table.header_map, **kwargs)


def test_values_normalised_in_place_and_row_count_kept(messy):
    table, result = _clean(messy)
    frame = result.frame
    assert len(frame) == 5
    assert list(frame.columns[:13]) == list(table.frame.columns)  # originals first, same order
    assert frame["Phone"].tolist()[:3] == ["+14155550134", "n/a", "+49301234567"]
    assert frame["Country"].tolist() == ["US", "GB", "DE", "Narnia", "CA"]  # CA inferred from Ontario
    assert frame["State/Province"].fillna("<blank>").tolist() == ["CA", "<blank>", "BY", "<blank>", "ON"]
    assert frame["First Name"].tolist()[:2] == ["John", "Mary"]
    assert frame["Last Name"].tolist()[1] == "O'Brien"
    assert frame["Email"].iloc[0] == "John.Smith@acme.com"
    assert frame["Company"].tolist()[1] == "Acme Corporation"
    assert frame["Notes"].iloc[0] == "keep me"  # unmapped columns untouched


def test_added_columns_after_the_originals(messy):
    _, result = _clean(messy)
    frame = result.frame
    added = list(frame.columns[13:])
    assert added[-1] == "revops_issues"
    for column in ("revops_phone_ext", "revops_phone_type", "revops_email_valid", "revops_email_generic",
                   "revops_company_key", "revops_seniority", "revops_function", "revops_naics_code",
                   "revops_employees"):
        assert column in added
    assert frame["revops_phone_ext"].iloc[0] == "204"
    assert frame["revops_company_key"].tolist()[:2] == ["acme", "acme"]
    assert (frame["revops_seniority"].iloc[0], frame["revops_function"].iloc[0]) == ("VP", "Sales")
    assert (frame["revops_seniority"].iloc[2], frame["revops_function"].iloc[2]) == ("C-Level", "Executive")
    assert frame["revops_naics_code"].iloc[0] == "51"
    assert frame["revops_employees"].iloc[0] == 3000.0
    assert bool(frame["revops_email_generic"].iloc[1]) is True
    assert bool(frame["revops_email_disposable"].iloc[3]) is True and bool(frame["revops_email_role"].iloc[3]) is True


def test_bad_values_flagged_not_changed(messy):
    _, result = _clean(messy)
    frame = result.frame
    assert frame["Phone"].iloc[3] == "call me"
    assert frame["Email"].iloc[4] == "bob@example"
    issues = frame["revops_issues"].tolist()
    # "n/a" is a placeholder for no phone (the blank rule): not flagged as junk, and left as it came
    assert pd.isna(issues[1]) and frame["Phone"].iloc[1] == "n/a"
    assert "Country: unknown country" in issues[3] and "Phone: junk phone" in issues[3]
    assert "Email: invalid email" in issues[4]
    assert "Industry: industry not mapped to NAICS" in issues[2]
    assert pd.isna(issues[0])


def test_missing_required_fields_per_data_management_sop(messy):
    _, result = _clean(messy)
    # required: first name, last name, company, lead source (no lead source column: not flagged per row)
    assert "missing company" in result.frame["revops_issues"].iloc[3]
    assert "missing lead source" not in (result.frame["revops_issues"].iloc[3] or "")


def test_dates_decided_by_the_whole_column(messy):
    _, result = _clean(messy)
    created = result.frame["Create Date"].tolist()
    # 13/4/2026 makes the column day-first, so 3/4/2026 is 3 April, not 4 March
    assert created[0] == "2026-04-03T09:30:00-04:00"
    assert created[1] == "2026-04-13T10:00:00-04:00"


def test_change_log_has_one_row_per_changed_cell(messy):
    _, result = _clean(messy)
    changes = result.changes
    assert list(changes.columns) == ["row", "id", "column", "old", "new", "rule"]
    phone = changes[(changes["id"] == "00Q1") & (changes["column"] == "Phone")].iloc[0]
    assert (phone["row"], phone["old"], phone["new"], phone["rule"]) == (2, "(415) 555-0134 x204", "+14155550134", "phone_e164")
    inferred = changes[(changes["id"] == "00Q5") & (changes["column"] == "Country")].iloc[0]
    assert pd.isna(inferred["old"]) and (inferred["new"], inferred["rule"]) == ("CA", "country_inferred_from_state")
    # flagged values never appear in the log
    assert not ((changes["id"] == "00Q4") & (changes["column"] == "Phone")).any()
    # the log matches the frame: every logged new value is in the output
    for change in changes.itertuples():
        assert result.frame.loc[change.row - 2, change.column] == change.new


def test_field_report_counts_add_up(messy):
    _, result = _clean(messy)
    for report in result.fields:
        assert report.changed + report.clean + report.flagged + report.blank == 5, report
    phone = next(r for r in result.fields if r.field == "phone")
    assert (phone.changed, phone.flagged, phone.blank) == (3, 1, 1)  # "n/a" is blank, "call me" is junk


def test_only_limits_what_changes(messy):
    table, result = _clean(messy, steps=parse_only("phone"))
    assert result.frame["Country"].tolist() == table.frame["Country"].tolist()  # not rewritten
    assert result.frame["Phone"].iloc[2] == "+49301234567"  # but the country still picks the phone region
    assert set(result.changes["column"]) == {"Phone"}


def test_parse_only_validates():
    assert parse_only("country, phone") == ("country", "phone")
    assert parse_only(None) == CLEAN_STEPS
    with pytest.raises(RevopsInputError, match="unknown step"):
        parse_only("phones")


def test_full_name_only_export_is_split(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Name,Email\nDR. JANE Q. SMITH JR.,j@x.com\n\"Doe, John\",d@x.com\n", encoding="utf-8")
    _, result = _clean(path)
    assert result.frame["revops_first_name"].tolist() == ["Jane", "John"]
    assert result.frame["revops_last_name"].tolist() == ["Smith", "Doe"]


def test_default_region_for_phones_without_a_country(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Phone\n020 7946 0958\n", encoding="utf-8")
    _, result = _clean(path, default_region="GB")
    assert result.frame["Phone"].iloc[0] == "+442079460958"


def test_input_never_modified_and_frame_not_mutated(messy):
    before = messy.read_bytes()
    table, result = _clean(messy)
    assert table.frame["Phone"].iloc[0] == "(415) 555-0134 x204"
    assert messy.read_bytes() == before


# ---------------------------------------------------------------- CLI


def test_cli_clean_writes_output_and_changes(messy, tmp_path):
    out, log = tmp_path / "out.csv", tmp_path / "changes.csv"
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", str(out), "--changes", str(log)])
    assert result.exit_code == 0, result.stderr
    written = read_table(out)
    assert written.info.headers[:13] == MESSY.splitlines()[0].split(",")
    assert len(written.frame) == 5
    assert len(read_table(log).frame) > 10
    assert "5 rows in, 5 rows out" in " ".join(result.stdout.split())


def test_cli_clean_stdout_data_and_stderr_summary(messy):
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", "-"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Lead ID,First Name")
    assert len(lines) == 6
    assert "leads clean" in result.stderr


def test_cli_clean_json(messy, tmp_path):
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", str(tmp_path / "o.xlsx"), "--json"])
    payload = json.loads(result.stdout)
    assert payload["rows"] == 5 and payload["rows_with_issues"] == 3  # row 2's phone "n/a" is blank, not junk
    assert {f["field"] for f in payload["fields"]} >= {"phone", "email", "country", "state", "company", "title"}


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["--only", "phones"], "unknown step"),
        (["--default-region", "USA"], "two-letter country code"),
        (["--changes", "{out}"], ""),
    ],
)
def test_cli_clean_bad_options_exit_2(messy, tmp_path, args, fragment):
    out = tmp_path / "out.csv"
    args = [a.replace("{out}", str(messy)) for a in args]
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", str(out), *args])
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert messy.read_text(encoding="utf-8") == MESSY  # input untouched, no row lost


def test_cli_clean_refuses_to_overwrite_input(messy):
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", str(messy)])
    assert result.exit_code == 2 and "is also the input file" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY


def test_cli_clean_missing_output_folder(messy, tmp_path):
    result = runner.invoke(app, ["leads", "clean", str(messy), "-o", str(tmp_path / "no" / "out.csv")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


# ---------------------------------------------------------------- placeholders (issue 17 item 6)

PLACEHOLDER_EXPORT = REPO / "tests" / "fixtures" / "third_party" / "made__salesforce_placeholder_emails.csv"


def test_placeholder_emails_are_flagged_and_left_as_they_were(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["leads", "clean", str(PLACEHOLDER_EXPORT), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    email = next(f for f in json.loads(result.stdout)["fields"] if f["field"] == "email")
    assert (email["flagged"], email["clean"], email["changed"], email["blank"]) == (13, 22, 0, 0)
    written = read_table(out).frame
    placeholder = written["revops_email_placeholder"].str.lower() == "true"
    assert placeholder.sum() == 13
    assert sorted(written.loc[placeholder, "Email"].str.lower().unique()) == [
        "a@a.com", "noemail@acme-tools.com", "none@none.com", "xx@xx.com", "xxx@xxx.com"]
    assert written.loc[written["Email"] == "A@A.COM", "Email"].tolist() == ["A@A.COM"]  # not rewritten
    issues = written.set_index("Email")["revops_issues"]
    assert issues["xxx@xxx.com"] == "Email: placeholder email (same local part and domain)"
    assert issues["noemail@acme-tools.com"] == "Email: placeholder email (placeholder local part)"
    assert written.loc[~placeholder, "revops_issues"].isna().all()


def test_placeholder_vocabulary_comes_from_the_clean_section(tmp_path):
    frame = pd.DataFrame({"Email": ["tbd@acme.com", "jane@acme.com"]}, dtype="str")
    config = RevopsConfig.model_validate({"clean": {"placeholder_email_local_parts": ["TBD"]}})
    result = clean_leads(frame, detect_columns(["Email"]), config)
    assert result.frame["revops_email_placeholder"].tolist() == [True, False]
    assert clean_leads(frame, detect_columns(["Email"]), RevopsConfig()).frame["revops_email_placeholder"].tolist() \
        == [False, False]


# ---------------------------------------------------------------- the writer's formula guard (issue 17 item 11)


def _customers_with_faker_phones(rows: int = 100) -> str:
    """Made for this test, shaped like the Faker "customers" CSVs people download as sample data: two phone
    columns with +1-247-266-0963x4995-style numbers (about 20 in 100 start with + or -) and a notes column."""
    shapes = ["+1-{a}-{b}-{c}x{d}", "001-{a}-{b}-{c}x{d}", "({a}){b}-{c}", "{a}.{b}.{c}", "+1-{a}-{b}-{c}",
              "{a}-{b}-{c}x{d}", "-{a}-{b}-{c}", "+1 ({a}) {b}-{c} ext. {d}", "{a}{b}{c}", "+1.{a}.{b}.{c} x{d}"]
    lines = ["Customer Id,First Name,Last Name,Company,Phone 1,Phone 2,Email,Notes"]
    for i in range(rows):
        parts = {"a": 200 + i, "b": 300 + (i * 7) % 700, "c": f"{(i * 37) % 10000:04d}", "d": 100 + i}
        notes = '"=HYPERLINK(""http://x"",""y"")"' if i == 7 else ("- call back" if i == 9 else "")
        lines.append(f"C{i:04d},Ann{i},Lee,Acme {i},{shapes[i % 10].format(**parts)},"
                     f"{shapes[(i + 3) % 10].format(**parts)},ann{i}@acme{i}.com,{notes}")
    return "\n".join(lines) + "\n"


def test_phone_shaped_values_in_columns_never_cleaned_are_written_as_they_came(tmp_path):
    source = tmp_path / "customers-100.csv"
    source.write_text(_customers_with_faker_phones(), encoding="utf-8")
    out, log = tmp_path / "out.csv", tmp_path / "changes.csv"
    result = runner.invoke(app, ["leads", "clean", str(source), "-o", str(out), "--changes", str(log),
                                 "--only", "email"])
    assert result.exit_code == 0, result.stderr
    before, after = read_table(source).frame, read_table(out).frame
    starts = before["Phone 1"].str.match(r"[+-]") | before["Phone 2"].str.match(r"[+-]")
    assert starts.sum() >= 20  # the shape that broke: 20 cells per 100 rows got a ' before
    for column in ("Phone 1", "Phone 2"):
        assert after[column].tolist() == before[column].tolist()
    assert after.loc[7, "Notes"] == '\'=HYPERLINK("http://x","y")' and after.loc[9, "Notes"] == "'- call back"
    changes = read_table(log).frame
    guard = changes[changes["rule"] == "formula_guard"]
    assert guard[["row", "id", "column"]].values.tolist() == [["9", "C0007", "Notes"], ["11", "C0009", "Notes"]]
    assert len(changes) == len(guard)  # --only email: nothing else changed, and every written change is listed


def test_cells_changed_counts_what_the_writer_changed_too(tmp_path):
    source = tmp_path / "customers.csv"
    source.write_text(_customers_with_faker_phones(10), encoding="utf-8")
    result = runner.invoke(app, ["leads", "clean", str(source), "-o", str(tmp_path / "o.csv"), "--only", "email",
                                 "--json"])
    assert json.loads(result.stdout)["cells_changed"] == 2
    parquet = runner.invoke(app, ["leads", "clean", str(source), "-o", str(tmp_path / "o.parquet"), "--only",
                                  "email", "--json"])
    assert json.loads(parquet.stdout)["cells_changed"] == 0  # Parquet is never guarded: nothing changes


def test_revops_issues_lists_each_rows_problems_in_the_order_they_were_found():
    from revops_cli.core.leads.clean import _join_issues

    index = pd.Index([30, 10, 20, 40])
    flags = [
        pd.Series(["Phone: junk phone", "Phone: invalid phone"], index=[20, 30], dtype="str"),
        pd.Series(["Email: invalid email"], index=[20], dtype="str"),
        pd.Series(["missing company"] * 3, index=[40, 20, 10], dtype="str"),
    ]
    issues = _join_issues(flags, index)
    assert issues.index.equals(index)
    assert str(issues.dtype) == "str"
    assert issues.tolist() == ["Phone: invalid phone", "missing company",
                               "Phone: junk phone; Email: invalid email; missing company", "missing company"]
    none = _join_issues([pd.Series([], dtype="str")], index)
    assert none.isna().all() and none.index.equals(index)
    assert _join_issues([], index).isna().all()


def test_revops_issues_joined_in_bulk_is_what_a_groupby_join_gives():
    import numpy as np

    from revops_cli.core.leads.clean import _join_issues

    rng = np.random.default_rng(5)
    index = pd.Index(rng.permutation(np.arange(100, 5_100)))
    flags = []
    for k in range(5):
        hit = rng.random(len(index)) < 0.3
        flags.append(f"Column {k}: " + pd.Series(rng.choice(["junk phone", "invalid email", "x"], hit.sum()),
                                                 index=index[hit], dtype="str"))
    expected = pd.concat(flags).groupby(level=0, sort=False).agg("; ".join).reindex(index).astype("str")
    pd.testing.assert_series_equal(_join_issues(flags, index), expected)


@pytest.mark.parametrize("dtype", ["str", object])
def test_city_and_website_are_trimmed_as_python_would_only_where_a_cell_can_change(dtype):
    from revops_cli.core.leads.clean import tidy_text_column

    cells = ["San Francisco", " San Francisco", "San  Francisco ", "San\u00a0Francisco", "\u3000Tokyo\u2003",
             "a\x1cb", "Köln", "New\tYork", "x\ny", "www.acme.com", None, "", "   ", "São Paulo", "a b c",
             "\u200bBerlin", "Zürich "] * 3
    values = pd.Series(cells, index=range(5, 5 + len(cells)), dtype=dtype)
    out = tidy_text_column(values)
    expected = values.str.strip().str.replace(r"\s+", " ", regex=True)
    blank = values.isna() | values.fillna("").str.strip().eq("")
    assert out["value"][~blank].tolist() == expected[~blank].tolist()
    assert out["value"].tolist()[:5] == ["San Francisco"] * 3 + ["San Francisco", "Tokyo"]
    changed = out["rule"].notna()
    assert changed.tolist() == (expected.ne(values).fillna(False) & ~blank).tolist()
    assert out.index.equals(values.index)
