"""Time zones of API exports (issue 23, item 8): Salesforce Data Loader / Data Export and HubSpot API
exports write UTC without a Z; a report exported from the screen writes the user's zone. The same
naive text is a different instant in each, decided per file from its header style, said in the read
report and the summary, and --source-timezone overrides it. Date-only columns stay calendar dates."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.core.sales.sla.checks import lead_timestamps
from revops_cli.io.origin import timestamp_origin
from tests.conftest import invoke, read

NAIVE = "2026-11-03 14:00:00"  # general.timezone is America/New_York (EST, -05:00, on that day)
FILES = {
    "salesforce_api.csv": "Id,FirstName,LastName,Email,Company,CreatedDate,LastActivityDate\n"
                          f"00Q1,Ann,Lee,ann@acme.com,Acme,{NAIVE},2026-11-03\n",
    "salesforce_dataloader.csv": '"ID","FIRSTNAME","LASTNAME","EMAIL","COMPANY","CREATEDDATE"\n'
                                 f'"00Q1","Ann","Lee","ann@acme.com","Acme","{NAIVE}"\n',
    "hubspot_api.csv": "hs_object_id,firstname,lastname,email,company,createdate\n"
                       f"1,Ann,Lee,ann@acme.com,Acme,{NAIVE}\n",
    "salesforce_report.csv": "Lead ID,First Name,Last Name,Email,Company,Create Date,Last Activity\n"
                             f"00Q1,Ann,Lee,ann@acme.com,Acme,{NAIVE},2026-11-03\n",
}


def _created_utc(path) -> pd.Timestamp:
    out = read(path)
    column = [c for c in out.columns if c.lower().replace(" ", "") in ("createddate", "createdate")][0]
    return pd.Timestamp(out[column].iloc[0]).tz_convert("UTC")


@pytest.mark.parametrize("name, instant", [
    ("salesforce_api.csv", "2026-11-03 14:00"),  # UTC as written
    ("salesforce_dataloader.csv", "2026-11-03 14:00"),
    ("hubspot_api.csv", "2026-11-03 14:00"),
    ("salesforce_report.csv", "2026-11-03 19:00"),  # 14:00 in New York
])
def test_the_same_naive_text_is_a_different_instant_by_the_files_header_style(tmp_path, name, instant):
    (tmp_path / name).write_text(FILES[name], encoding="utf-8")
    result = invoke("leads", "clean", name, "-o", "out.csv", "--json")
    assert result.exit_code == 0, result.stderr
    assert _created_utc(tmp_path / "out.csv") == pd.Timestamp(instant, tz="UTC")
    summary = json.loads(result.stdout)
    api = instant.endswith("14:00")
    assert summary["read"]["source_timezone"] == ("UTC" if api else "America/New_York")
    if api:
        assert summary["read_notes"][0].startswith(f"{name}: date-times without an offset in created_at read as "
                                                   "UTC: the headers (")
        assert summary["read_notes"][0].endswith("are an API export's, which writes UTC; --source-timezone ZONE "
                                                 "overrides.")
    else:
        assert "read_notes" not in summary
        assert summary["read"]["source_timezone_reason"].startswith("report export (headers Create Date")


def test_the_note_is_in_the_terminal_summary_too(tmp_path):
    (tmp_path / "api.csv").write_text(FILES["salesforce_api.csv"], encoding="utf-8")
    result = invoke("leads", "clean", "api.csv", "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    assert ("api.csv: date-times without an offset in created_at read as UTC: the headers (CreatedDate) are an API "
            "export's, which writes UTC; --source-timezone ZONE overrides.") in " ".join(result.stdout.split())


def test_a_date_only_column_of_an_api_export_stays_the_teams_calendar_day(tmp_path):
    (tmp_path / "api.csv").write_text(FILES["salesforce_api.csv"], encoding="utf-8")
    assert invoke("leads", "clean", "api.csv", "-o", "out.csv").exit_code == 0
    assert read(tmp_path / "out.csv")["LastActivityDate"].iloc[0] == "2026-11-03"  # the date as written: a date-only value stays a date


@pytest.mark.parametrize("name, zone, instant", [
    ("salesforce_report.csv", "UTC", "2026-11-03 14:00"),
    ("salesforce_api.csv", "America/New_York", "2026-11-03 19:00"),
    ("salesforce_api.csv", "Europe/Berlin", "2026-11-03 13:00"),
])
def test_source_timezone_overrides_the_header_style(tmp_path, name, zone, instant):
    (tmp_path / name).write_text(FILES[name], encoding="utf-8")
    result = invoke("leads", "clean", name, "-o", "out.csv", "--source-timezone", zone, "--json")
    assert result.exit_code == 0, result.stderr
    assert _created_utc(tmp_path / "out.csv") == pd.Timestamp(instant, tz="UTC")
    assert json.loads(result.stdout)["read"]["source_timezone_reason"] == "given with --source-timezone"


def test_an_unknown_source_timezone_is_exit_2(tmp_path):
    (tmp_path / "api.csv").write_text(FILES["salesforce_api.csv"], encoding="utf-8")
    result = invoke("leads", "clean", "api.csv", "-o", "out.csv", "--source-timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: --source-timezone 'Mars/Olympus': unknown time zone; give an IANA name "
                                     "such as UTC, Europe/Berlin or America/Los_Angeles.")
    assert not (tmp_path / "out.csv").exists()


def test_audits_read_the_files_zone_through_its_mapping():
    frame = pd.DataFrame({"CreatedDate": [NAIVE]}, dtype="str")
    mapping = detect_columns(list(frame.columns), schema="leads")
    local = lead_timestamps(frame, mapping, "created_at", "America/New_York")
    mapping.timezones["created_at"] = "UTC"
    utc = lead_timestamps(frame, mapping, "created_at", "America/New_York")
    assert int(local[0] - utc[0]) == 5 * 3600 * 10**9  # the same text, five hours apart
    assert np.datetime64(int(utc[0]), "ns") == np.datetime64("2026-11-03T14:00:00")


@pytest.mark.parametrize("headers, kind", [
    (["Id", "Name", "CreatedDate", "LastModifiedDate", "SystemModstamp"], "api"),
    (["ID", "NAME", "CREATEDDATE"], "api"),
    (["hs_object_id", "email", "createdate", "hs_lastmodifieddate"], "api"),
    (["id", "property_email", "property_createdate", "_fivetran_synced"], "api"),
    (["Lead ID", "Name", "Created Date", "Last Modified Date"], "labels"),
    (["Record ID", "Email", "Create Date"], "labels"),
    (["lead_id", "email", "created_at"], None),  # a database dump: cannot tell
    (["Createddate", "Email"], None),  # not the API's spelling
    (["CreatedDate", "Created Date"], None),  # both: cannot tell
])
def test_header_style_decides_the_origin(headers, kind):
    assert timestamp_origin(headers).kind == kind
