"""What a user sees on exports from CRM UIs in other languages (issue 23 item 2): `inspect` and `leads clean`.

The four files are made for these tests in the shape of a German Salesforce lead report, a French HubSpot
contacts export, a Japanese Salesforce lead report and a Russian Bitrix24 deals export, with synthetic people
(see tests/fixtures/third_party/README.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.io import read_table
from revops_cli.normalize.blank import is_blank

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "third_party"

EXPECTED = {
    "made__salesforce_de_leads.csv": {
        "read": ("utf-8-sig", ";", 16), "kind": "leads",
        "fields": {"salutation": "Anrede", "first_name": "Vorname", "last_name": "Nachname", "title": "Titel",
                   "company": "Firma", "email": "E-Mail", "phone": "Telefon", "mobile_phone": "Mobil", "city": "Ort",
                   "state": "Bundesland/Kanton", "postal_code": "PLZ", "country": "Land", "lead_source": "Lead-Quelle",
                   "status": "Lead-Status", "owner": "Lead-Inhaber", "created_at": "Erstellungsdatum",
                   "industry": "Branche", "employees": "Anzahl der Mitarbeiter", "annual_revenue": "Jahresumsatz",
                   "last_activity_at": "Letzte Aktivität"},
    },
    "made__hubspot_fr_contacts.csv": {
        "read": ("utf-8", ",", 12), "kind": "leads",
        "fields": {"lead_id": "ID de fiche d'informations", "salutation": "Civilité", "first_name": "Prénom",
                   "last_name": "Nom", "email": "E-mail", "phone": "Numéro de téléphone",
                   "company": "Nom de l'entreprise", "title": "Intitulé du poste", "country": "Pays/région",
                   "city": "Ville", "postal_code": "Code postal", "lead_source": "Source d'origine",
                   "status": "Statut du lead", "lifecycle_stage": "Phase du cycle de vie",
                   "owner": "Propriétaire du contact", "created_at": "Date de création"},
    },
    "made__salesforce_ja_leads.csv": {
        "read": ("utf-8-sig", ",", 10), "kind": "leads",
        "fields": {"lead_id": "リードID", "salutation": "敬称", "last_name": "姓", "first_name": "名", "title": "役職",
                   "company": "会社名", "email": "メール", "phone": "電話", "mobile_phone": "携帯", "state": "都道府県",
                   "city": "市区郡", "postal_code": "郵便番号", "country": "国", "lead_source": "リードソース",
                   "status": "リード状況", "owner": "リード所有者", "created_at": "作成日", "industry": "業種",
                   "employees": "従業員数"},
    },
    "made__bitrix24_ru_deals.csv": {
        "read": ("utf-8", ";", 12), "kind": "opportunities",
        "fields": {"opportunity_id": "ID", "name": "Название сделки", "stage": "Стадия сделки", "amount": "Сумма",
                   "close_date": "Предполагаемая дата закрытия", "owner": "Ответственный", "account_name": "Компания",
                   "created_at": "Дата создания", "lead_source": "Источник", "next_step": "Следующий шаг"},
    },
}


def _inspect(name: str) -> dict:
    result = runner.invoke(app, ["inspect", str(CORPUS / name), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_inspect_reads_the_export_and_maps_every_column_by_its_label(name):
    expected = EXPECTED[name]
    payload = _inspect(name)
    read = payload["read"]
    assert (read["encoding"], read["delimiter"], read["rows"]) == expected["read"]
    assert payload["kind"]["kind"] == expected["kind"] and payload["kind"]["confidence"] == "high"
    assert {f: v["column"] for f, v in payload["fields"].items()} == expected["fields"]
    assert payload["notes"] == {} and read["column_notes"] == []
    # every checked column was confirmed by its values
    assert all(" of " in text for text in payload["values_checked"].values())


def test_inspect_shows_the_japanese_and_cyrillic_headers_as_they_are():
    text = runner.invoke(app, ["inspect", str(CORPUS / "made__salesforce_ja_leads.csv")]).output
    assert "会社名" in text and "company" in text and "Not recognised" not in text
    text = runner.invoke(app, ["inspect", str(CORPUS / "made__bitrix24_ru_deals.csv")]).output
    assert "Стадия сделки" in text and "opportunities (high confidence" in " ".join(text.split())
    assert "Not recognised (1): Валюта" in " ".join(text.split())  # the currency has no field of its own


def _clean(name: str, tmp_path) -> tuple[dict, pd.DataFrame]:
    source = CORPUS / name
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "clean.csv"
    result = runner.invoke(app, ["leads", "clean", str(source), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the input is never written to
    return json.loads(result.stdout), pd.read_csv(out, dtype=str, keep_default_na=False)


def _fields(summary: dict) -> dict:
    return {f["field"]: (f["changed"], f["clean"], f["flagged"], f["blank"]) for f in summary["fields"]}


def test_leads_clean_on_the_german_salesforce_report(tmp_path):
    summary, out = _clean("made__salesforce_de_leads.csv", tmp_path)
    assert summary["rows"] == len(out) == 16
    fields = _fields(summary)
    # Deutschland/Österreich/Schweiz/DE to ISO codes; "#NV" (German Excel's #N/A) twice is blank, not a country
    assert fields["country"] == (12, 2, 0, 2)
    assert out["Land"].tolist()[:4] == ["DE", "DE", "AT", "CH"] and out["Land"].tolist()[6] == "#NV"
    # "Bitte wählen" is a form prompt, not an industry; German industry names have NAICS sectors
    assert fields["industry"] == (0, 14, 0, 2)
    assert out.loc[out["Branche"] == "Maschinenbau", "revops_naics_code"].unique().tolist() == ["31-33"]
    # dd.mm.yyyy dates read day first
    assert out["Erstellungsdatum"].iloc[0] == "2026-01-12"  # 12.01.2026, day first; a date stays a date
    assert fields["created_at"] == (16, 0, 0, 0) and fields["last_activity_at"] == (12, 0, 0, 4)
    # "k.A." (keine Angabe) is no phone; German numbers to E.164 with the row's country
    assert out["Telefon"].iloc[0] == "+49305863994" and fields["phone"] == (13, 0, 1, 2)
    assert out["Bundesland/Kanton"].tolist()[:2] == ["BY", "BE"]
    assert summary["rows_with_issues"] == 3


def test_leads_clean_on_the_french_hubspot_export(tmp_path):
    summary, out = _clean("made__hubspot_fr_contacts.csv", tmp_path)
    assert summary["rows"] == len(out) == 12
    fields = _fields(summary)
    # France/Belgique/Suisse/Canada/Luxembourg resolve; "Sélectionner" (the form prompt) is blank
    assert fields["country"] == (11, 0, 0, 1)
    assert out["Pays/région"].tolist()[:5] == ["FR", "FR", "BE", "CH", "CA"]
    assert out["Pays/région"].tolist()[6] == "Sélectionner"
    # dd/mm/yyyy hh:mm read day first
    assert out["Date de création"].iloc[0] == "2026-01-23T11:56:00-05:00"
    # "Ingénieur télécommunications" builds networks: Engineering
    assert out.loc[out["Intitulé du poste"] == "Ingénieur télécommunications", "revops_function"].unique().tolist() \
        == ["Engineering"]
    assert fields["phone"] == (10, 0, 1, 1) and summary["rows_with_issues"] == 1


def test_leads_clean_on_the_japanese_salesforce_report(tmp_path):
    summary, out = _clean("made__salesforce_ja_leads.csv", tmp_path)
    assert summary["rows"] == len(out) == 10
    fields = _fields(summary)
    # 日本 / Japan / JP all become JP; yyyy/mm/dd dates; Japanese numbers to E.164
    assert fields["country"] == (8, 2, 0, 0) and set(out["国"]) == {"JP"}
    assert out["作成日"].iloc[0] == "2026-02-01"  # a date stays a date
    assert out["電話"].iloc[0] == "+81382983836" and fields["phone"] == (10, 0, 0, 0)
    # Japanese industry labels have NAICS sectors
    assert dict(zip(out["業種"], out["revops_naics_code"])) == {
        "製造": "31-33", "ソフトウェア": "51", "小売": "44-45", "金融": "52", "物流": "48-49"}
    # a "#N/A" lead source is missing, so the row lacks a required field (Data Management SOP)
    missing = out.loc[out["リードソース"] == "#N/A", "revops_issues"].tolist()
    assert len(missing) == 2 and all("missing lead source" in m for m in missing)


def test_bitrix24_next_step_placeholders_and_error_amounts_are_blank():
    frame = read_table(CORPUS / "made__bitrix24_ru_deals.csv").frame
    # "" and "не указано" (not specified) are no next step; "#Н/Д" (Russian Excel's #N/A) is no amount
    assert int(is_blank(frame["Следующий шаг"]).sum()) == 6
    assert frame.loc[is_blank(frame["Сумма"]).to_numpy(bool), "Сумма"].tolist() == ["#Н/Д", "#Н/Д"]
