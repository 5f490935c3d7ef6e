"""Columns by meaning in every schema: CRM internal names and header styles, and headers in other languages."""

from __future__ import annotations

import pytest

from revops_cli.columns import SCHEMAS, detect_columns, header_key
from revops_cli.columns.detect import ENTITY_PREFIXES
from revops_cli.columns.languages import LANGUAGES


# --- header keys --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header,key", [
    ("Prénom", "prenom"), ("PRÉNOM", "prenom"), ("E-Mail-Adresse", "emailadresse"), ("Straße", "strasse"),
    ("Teléfono", "telefono"), ("Société", "societe"), ("País", "pais"), ("Città", "citta"),
    ("Имя", "имя"), ("ФАМИЛИЯ", "фамилия"), ("Эл. почта", "элпочта"), ("会社名", "会社名"), ("電話番号", "電話番号"),
    ("Web サイト", "webサイト"), ("ＩＤ", "id"), ("Industry__c", "industry"), ("first_name", "firstname"),
])
def test_header_key_folds_latin_accents_and_keeps_other_scripts(header, key):
    assert header_key(header) == key


def test_a_non_latin_header_is_not_an_empty_key():
    # before: "Имя" and "会社名" folded to "" and could never match anything
    assert header_key("Имя") and header_key("会社名") and header_key("Имя") != header_key("Фамилия")


# --- opportunity exports (issue 17 item 2) ----------------------------------------------------------------------

OPPORTUNITY_EXPORTS = {
    "Zoho Potentials": (["Potential Name", "Potential Owner", "Amount", "Closing Date", "Stage", "Account Name"],
                        {"name": "Potential Name", "owner": "Potential Owner", "close_date": "Closing Date",
                         "amount": "Amount", "stage": "Stage", "account_name": "Account Name"}),
    "Salesforce API": (["Id", "Name", "StageName", "Amount", "CloseDate", "OwnerId", "CreatedDate", "Probability"],
                       {"opportunity_id": "Id", "name": "Name", "stage": "StageName", "close_date": "CloseDate",
                        "owner": "OwnerId", "created_at": "CreatedDate", "probability": "Probability"}),
    "Salesforce report": (["Opportunity Name", "Owner Name", "Stage", "Amount", "Close Date", "Probability (%)"],
                          {"owner": "Owner Name", "close_date": "Close Date", "probability": "Probability (%)"}),
    "snake_case sales pipeline": (
        ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date",
         "close_value"],
        {"owner": "sales_agent", "stage": "deal_stage", "created_at": "engage_date", "close_date": "close_date",
         "amount": "close_value", "account_name": "account"}),
    "HubSpot internal": (["hs_object_id", "dealname", "dealstage", "amount", "closedate", "hubspot_owner_id",
                          "createdate", "hs_deal_stage_probability"],
                         {"opportunity_id": "hs_object_id", "name": "dealname", "stage": "dealstage",
                          "amount": "amount", "close_date": "closedate", "owner": "hubspot_owner_id",
                          "created_at": "createdate", "probability": "hs_deal_stage_probability"}),
    "HubSpot labels": (["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Create Date"],
                       {"stage": "Deal Stage", "owner": "Deal owner", "created_at": "Create Date"}),
    "Pipedrive": (["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Owner",
                   "Deal - Expected close date", "Deal - Organization", "Deal - Deal created"],
                  {"opportunity_id": "Deal - ID", "name": "Deal - Title", "amount": "Deal - Value",
                   "stage": "Deal - Stage", "owner": "Deal - Owner", "close_date": "Deal - Expected close date",
                   "account_name": "Deal - Organization", "created_at": "Deal - Deal created"}),
    "Bitrix24 API": (["ID", "TITLE", "STAGE_ID", "OPPORTUNITY", "CLOSEDATE", "ASSIGNED_BY_ID", "DATE_CREATE"],
                     {"name": "TITLE", "stage": "STAGE_ID", "amount": "OPPORTUNITY", "close_date": "CLOSEDATE",
                      "owner": "ASSIGNED_BY_ID", "created_at": "DATE_CREATE"}),
    "Dynamics 365": (["Topic", "Potential Customer", "Est. Revenue", "Est. Close Date", "Sales Stage", "Owner"],
                     {"name": "Topic", "account_name": "Potential Customer", "amount": "Est. Revenue",
                      "close_date": "Est. Close Date", "stage": "Sales Stage", "owner": "Owner"}),
    "Odoo": (["name", "partner_id", "expected_revenue", "date_deadline", "stage_id", "user_id", "create_date"],
             {"name": "name", "stage": "stage_id", "close_date": "date_deadline", "owner": "user_id",
              "created_at": "create_date"}),
    "SuiteCRM": (["name", "account_name", "amount", "date_closed", "sales_stage", "assigned_user_name",
                  "date_entered", "probability"],
                 {"close_date": "date_closed", "stage": "sales_stage", "owner": "assigned_user_name",
                  "created_at": "date_entered", "account_name": "account_name"}),
}


@pytest.mark.parametrize("export", sorted(OPPORTUNITY_EXPORTS))
def test_opportunity_exports_of_every_crm_are_recognised(export):
    headers, expected = OPPORTUNITY_EXPORTS[export]
    mapping = detect_columns(headers, schema="opportunities")
    assert {f: mapping.get(f) for f in expected} == expected


def test_expected_revenue_is_not_the_amount():
    # Zoho/Odoo "Expected Revenue" is amount x probability: a weighted figure, not the deal's value
    assert detect_columns(["Expected Revenue", "Stage"], schema="opportunities").get("amount") is None


# --- header styles, for every schema (the engine, not alias lists) ----------------------------------------------

STYLE_CASES = [
    ("leads", "property_email", "email"), ("leads", "property_firstname", "first_name"),
    ("leads", "properties.lifecyclestage", "lifecycle_stage"), ("leads", "property_hs_lead_status", "status"),
    ("leads", "Lead_Source__c", "lead_source"), ("leads", "Country__pc", "country"),
    ("leads", "bizible2__Lead_Source__c", "lead_source"), ("leads", "x_studio_industry", "industry"),
    ("leads", "UF_CRM_INDUSTRY", "industry"), ("leads", "address1_city", "city"), ("leads", "ADDRESS_CITY", "city"),
    ("leads", "country_id", "country"), ("leads", "STATUS_ID", "status"), ("leads", "SOURCE_ID", "lead_source"),
    ("leads", "Person - Country", "country"), ("leads", "leadSource", "lead_source"), ("leads", "FIRST_NAME", "first_name"),
    ("accounts", "property_name", "account_name"), ("accounts", "Organization - Annual revenue", "annual_revenue"),
    ("accounts", "Organization - Industry", "industry"), ("accounts", "BillingCountry__c", "country"),
    ("opportunities", "property_amount", "amount"), ("opportunities", "Deal - Value", "amount"),
    ("opportunities", "Close_Date__c", "close_date"), ("opportunities", "stage_id", "stage"),
    ("opportunities", "Deal - Expected close date", "close_date"),
    ("activities", "property_hs_timestamp", "timestamp"), ("activities", "Activity - Subject", "subject"),
    ("activities", "call_disposition_c", "outcome"), ("activities", "owner_id", "rep"),
    ("stage_history", "property_dealstage", "stage"), ("reps", "property_email", "email"),
    ("campaigns", "property_budget", "budget"), ("events", "Event - Start Date", "start_date"),
    ("handoffs", "Kickoff_Date__c", "kickoff_date"),
]


@pytest.mark.parametrize("schema,header,field", STYLE_CASES)
def test_tool_prefixes_and_suffixes_are_taken_off_in_every_schema(schema, header, field):
    mapping = detect_columns([header], schema=schema)
    assert mapping.get(field) == header, (schema, header, mapping.fields)


@pytest.mark.parametrize("schema,header", [
    ("leads", "account_id"),  # still the account id, not the company name
    ("leads", "contact_id"),  # the contact's id, not a full name
    ("leads", "Valid"),  # a word ending in "id" is not an _id suffix
    ("opportunities", "partner_id"),
])
def test_an_id_column_is_not_read_as_the_name_it_points_at(schema, header):
    mapping = detect_columns([header], schema=schema)
    assert mapping.get("company") is None and mapping.get("full_name") is None
    assert mapping.get("account_name") is None


def test_an_entity_prefix_only_counts_in_its_own_kind_of_export():
    # "Organization - Name" is the company in a person export, the account name in an organisation export
    assert detect_columns(["Organization - Name"]).get("company") == "Organization - Name"
    assert detect_columns(["Organization - Name"], schema="accounts").get("account_name") == "Organization - Name"
    assert "deal" in ENTITY_PREFIXES["opportunities"] and "deal" not in ENTITY_PREFIXES["leads"]


def test_an_exact_alias_beats_a_style_match_for_the_same_field():
    mapping = detect_columns(["property_email", "Email"])
    assert mapping.get("email") == "Email" and mapping.also["email"] == ["property_email"]
    assert mapping.how["email"] == "alias"


LEAD_EXPORTS = {
    "Bitrix24 UPPER_SNAKE": ["NAME", "LAST_NAME", "POST", "COMPANY_TITLE", "EMAIL", "PHONE", "ASSIGNED_BY_ID",
                             "SOURCE_ID", "STATUS_ID", "DATE_CREATE", "ADDRESS_COUNTRY", "ADDRESS_PROVINCE"],
    "Mautic": ["firstname", "lastname", "email", "phone", "mobile", "company", "position", "city", "state",
               "zipcode", "country", "website", "points", "date_added", "last_active"],
    "OroCRM": ["First name", "Last name", "Name prefix", "Job title", "Company name", "Emails 1 Email",
               "Phones 1 Phone"],
    "Dynamics 365": ["firstname", "lastname", "jobtitle", "telephone1", "mobilephone", "emailaddress1",
                     "companyname", "address1_city", "address1_stateorprovince", "address1_country",
                     "leadsourcecode", "createdon", "ownerid"],
    "SuiteCRM": ["first_name", "last_name", "title", "account_name", "email1", "phone_work", "phone_mobile",
                 "primary_address_city", "primary_address_state", "primary_address_country", "lead_source",
                 "status", "assigned_user_name", "date_entered"],
    "Odoo crm.lead": ["contact_name", "partner_name", "email_from", "phone", "country_id", "state_id", "source_id",
                      "user_id", "create_date"],
    "Apollo": ["First Name", "Last Name", "Title", "Company", "Email", "Corporate Phone", "Mobile Phone",
               "# Employees", "Industry", "Country", "Contact Owner"],
    "Marketo API": ["id", "firstName", "lastName", "email", "company", "title", "leadSource", "leadStatus",
                    "createdAt", "leadScore"],
}
LEAD_EXPECTED = {
    "Bitrix24 UPPER_SNAKE": {"last_name": "LAST_NAME", "title": "POST", "company": "COMPANY_TITLE", "email": "EMAIL",
                             "owner": "ASSIGNED_BY_ID", "lead_source": "SOURCE_ID", "status": "STATUS_ID",
                             "created_at": "DATE_CREATE", "country": "ADDRESS_COUNTRY", "state": "ADDRESS_PROVINCE"},
    "Mautic": {"title": "position", "postal_code": "zipcode", "score": "points", "created_at": "date_added",
               "last_activity_at": "last_active", "mobile_phone": "mobile"},
    "OroCRM": {"email": "Emails 1 Email", "phone": "Phones 1 Phone", "salutation": "Name prefix",
               "company": "Company name"},
    "Dynamics 365": {"title": "jobtitle", "phone": "telephone1", "email": "emailaddress1", "company": "companyname",
                     "city": "address1_city", "state": "address1_stateorprovince", "country": "address1_country",
                     "lead_source": "leadsourcecode", "created_at": "createdon", "owner": "ownerid"},
    "SuiteCRM": {"company": "account_name", "email": "email1", "phone": "phone_work", "mobile_phone": "phone_mobile",
                 "city": "primary_address_city", "country": "primary_address_country", "owner": "assigned_user_name",
                 "created_at": "date_entered"},
    "Odoo crm.lead": {"full_name": "contact_name", "company": "partner_name", "email": "email_from",
                      "country": "country_id", "state": "state_id", "lead_source": "source_id", "owner": "user_id",
                      "created_at": "create_date"},
    "Apollo": {"phone": "Corporate Phone", "mobile_phone": "Mobile Phone", "employees": "# Employees",
               "owner": "Contact Owner"},
    "Marketo API": {"first_name": "firstName", "lead_source": "leadSource", "status": "leadStatus",
                    "created_at": "createdAt", "score": "leadScore"},
}


@pytest.mark.parametrize("export", sorted(LEAD_EXPORTS))
def test_lead_exports_of_every_crm_are_recognised(export):
    mapping = detect_columns(LEAD_EXPORTS[export])
    expected = LEAD_EXPECTED[export]
    assert {f: mapping.get(f) for f in expected} == expected


def test_corporate_phone_is_the_work_phone_but_a_direct_dial_wins():
    # Apollo: "Corporate Phone" is the work phone (issue 17 item 13); "Work Direct Phone" is the person's own line
    assert detect_columns(["Corporate Phone", "Mobile Phone"]).get("phone") == "Corporate Phone"
    mapping = detect_columns(["Corporate Phone", "Work Direct Phone"])
    assert mapping.get("phone") == "Work Direct Phone" and mapping.also["phone"] == ["Corporate Phone"]


# --- other languages (issue 23 item 2) --------------------------------------------------------------------------

LANGUAGE_EXPORTS = {
    ("de", "leads"): {"Anrede": "salutation", "Vorname": "first_name", "Nachname": "last_name", "Titel": "title",
                      "Firma": "company", "E-Mail-Adresse": "email", "Telefon": "phone", "Mobiltelefon": "mobile_phone",
                      "Ort": "city", "Bundesland": "state", "PLZ": "postal_code", "Land": "country",
                      "Leadquelle": "lead_source", "Leadstatus": "status", "Lead-Inhaber": "owner",
                      "Erstellt am": "created_at", "Branche": "industry", "Jahresumsatz": "annual_revenue"},
    ("fr", "leads"): {"Civilité": "salutation", "Prénom": "first_name", "Nom": "last_name", "Société": "company",
                      "Adresse e-mail": "email", "Téléphone": "phone", "Ville": "city", "Code postal": "postal_code",
                      "Pays": "country", "Intitulé du poste": "title", "Origine de la piste": "lead_source",
                      "Statut du lead": "status", "Propriétaire du contact": "owner",
                      "Date de création": "created_at", "Secteur d'activité": "industry"},
    ("es", "leads"): {"Tratamiento": "salutation", "Nombre": "first_name", "Apellidos": "last_name",
                      "Empresa": "company", "Correo electrónico": "email", "Teléfono": "phone", "Móvil": "mobile_phone",
                      "Ciudad": "city", "Estado o provincia": "state", "País": "country", "Cargo": "title",
                      "Origen del candidato": "lead_source", "Estado del candidato": "status",
                      "Propietario del candidato": "owner", "Fecha de creación": "created_at"},
    ("pt", "leads"): {"Nome": "first_name", "Sobrenome": "last_name", "Empresa": "company", "Telefone": "phone",
                      "Celular": "mobile_phone", "Cidade": "city", "Estado": "state", "CEP": "postal_code",
                      "País": "country", "Cargo": "title", "Origem do lead": "lead_source",
                      "Status do lead": "status", "Proprietário do lead": "owner", "Data de criação": "created_at"},
    ("it", "leads"): {"Nome": "first_name", "Cognome": "last_name", "Società": "company", "Telefono": "phone",
                      "Cellulare": "mobile_phone", "Città": "city", "Provincia": "state", "CAP": "postal_code",
                      "Paese": "country", "Qualifica": "title", "Origine lead": "lead_source",
                      "Stato lead": "status", "Proprietario lead": "owner", "Data di creazione": "created_at"},
    ("nl", "leads"): {"Aanhef": "salutation", "Voornaam": "first_name", "Achternaam": "last_name",
                      "Bedrijf": "company", "E-mailadres": "email", "Telefoonnummer": "phone", "Plaats": "city",
                      "Provincie": "state", "Postcode": "postal_code", "Land": "country", "Functie": "title",
                      "Leadbron": "lead_source", "Leadstatus": "status", "Leadeigenaar": "owner",
                      "Aanmaakdatum": "created_at"},
    ("ru", "leads"): {"Обращение": "salutation", "Имя": "first_name", "Фамилия": "last_name",
                      "Компания": "company", "Электронная почта": "email", "Телефон": "phone",
                      "Мобильный телефон": "mobile_phone", "Город": "city", "Регион": "state", "Страна": "country",
                      "Должность": "title", "Источник": "lead_source", "Статус": "status", "Ответственный": "owner",
                      "Дата создания": "created_at", "Сфера деятельности": "industry"},
    ("ja", "leads"): {"敬称": "salutation", "姓": "last_name", "名": "first_name", "会社名": "company",
                      "メールアドレス": "email", "電話番号": "phone", "携帯電話": "mobile_phone", "市区町村": "city",
                      "都道府県": "state", "郵便番号": "postal_code", "国": "country", "役職": "title",
                      "リードソース": "lead_source", "リード状況": "status", "リード所有者": "owner", "作成日": "created_at"},
    ("ja", "leads-full-name"): {"氏名": "full_name", "会社名": "company", "電話番号": "phone"},
    ("de", "opportunities"): {"Verkaufschancenname": "name", "Accountname": "account_name", "Phase": "stage",
                              "Betrag": "amount", "Wahrscheinlichkeit (%)": "probability",
                              "Abschlussdatum": "close_date", "Opportunity-Inhaber": "owner",
                              "Nächster Schritt": "next_step", "Erstellungsdatum": "created_at"},
    ("fr", "opportunities"): {"Nom de l'opportunité": "name", "Nom du compte": "account_name", "Étape": "stage",
                              "Montant": "amount", "Probabilité (%)": "probability", "Date de clôture": "close_date",
                              "Propriétaire de l'opportunité": "owner", "Prochaine étape": "next_step"},
    ("es", "opportunities"): {"Nombre de la oportunidad": "name", "Nombre de la cuenta": "account_name",
                              "Etapa": "stage", "Importe": "amount", "Probabilidad (%)": "probability",
                              "Fecha de cierre": "close_date", "Propietario de la oportunidad": "owner"},
    ("pt", "opportunities"): {"Nome da oportunidade": "name", "Nome da conta": "account_name", "Fase": "stage",
                              "Valor": "amount", "Probabilidade": "probability", "Data de fechamento": "close_date",
                              "Proprietário da oportunidade": "owner"},
    ("it", "opportunities"): {"Nome opportunità": "name", "Fase": "stage", "Importo": "amount",
                              "Data di chiusura": "close_date", "Proprietario opportunità": "owner"},
    ("nl", "opportunities"): {"Naam verkoopkans": "name", "Verkoopfase": "stage", "Bedrag": "amount",
                              "Sluitingsdatum": "close_date", "Eigenaar": "owner"},
    ("ru", "opportunities"): {"Название сделки": "name", "Компания": "account_name", "Стадия": "stage",
                              "Сумма": "amount", "Вероятность": "probability", "Дата закрытия": "close_date",
                              "Ответственный": "owner", "Дата создания": "created_at"},
    ("ja", "opportunities"): {"商談名": "name", "取引先名": "account_name", "フェーズ": "stage", "金額": "amount",
                              "確度": "probability", "完了予定日": "close_date", "商談所有者": "owner"},
    ("de", "activities"): {"Aktivitätstyp": "type", "Betreff": "subject", "Datum": "timestamp",
                           "Zugewiesen an": "rep", "Ergebnis": "outcome", "E-Mail": "email"},
    ("fr", "activities"): {"Type d'activité": "type", "Objet": "subject", "Date d'échéance": "timestamp",
                           "Assigné à": "rep", "Résultat": "outcome"},
    ("es", "activities"): {"Tipo": "type", "Asunto": "subject", "Fecha": "timestamp", "Asignado a": "rep",
                           "Resultado": "outcome"},
    ("pt", "activities"): {"Tipo de atividade": "type", "Assunto": "subject", "Data": "timestamp",
                           "Atribuído a": "rep", "Resultado": "outcome"},
    ("it", "activities"): {"Tipo di attività": "type", "Oggetto": "subject", "Data attività": "timestamp",
                           "Assegnato a": "rep", "Risultato": "outcome"},
    ("nl", "activities"): {"Activiteitstype": "type", "Onderwerp": "subject", "Vervaldatum": "timestamp",
                           "Toegewezen aan": "rep", "Resultaat": "outcome"},
    ("ru", "activities"): {"Тип": "type", "Тема": "subject", "Дата": "timestamp", "Ответственный": "rep",
                           "Результат": "outcome"},
    ("ja", "activities"): {"種別": "type", "件名": "subject", "期日": "timestamp", "割り当て先": "rep", "結果": "outcome"},
    ("de", "accounts"): {"Accountname": "account_name", "Website": "website", "Telefon": "phone", "Land": "country",
                         "Branche": "industry", "Mitarbeiter": "employees", "Jahresumsatz": "annual_revenue",
                         "Account-Inhaber": "owner", "Übergeordneter Account": "parent_account_id"},
    ("fr", "accounts"): {"Nom du compte": "account_name", "Site web": "website", "Pays": "country",
                         "Effectif": "employees", "Chiffre d'affaires annuel": "annual_revenue"},
    ("es", "accounts"): {"Nombre de la cuenta": "account_name", "Sitio web": "website", "Sector": "industry",
                         "Número de empleados": "employees", "Ingresos anuales": "annual_revenue"},
    ("pt", "accounts"): {"Nome da conta": "account_name", "Site": "website", "Setor": "industry",
                         "Receita anual": "annual_revenue", "Proprietário da conta": "owner"},
    ("it", "accounts"): {"Nome dell'account": "account_name", "Sito web": "website", "Settore": "industry",
                         "Dipendenti": "employees", "Fatturato annuo": "annual_revenue"},
    ("nl", "accounts"): {"Accountnaam": "account_name", "Branche": "industry", "Aantal medewerkers": "employees",
                         "Jaaromzet": "annual_revenue"},
    ("ru", "accounts"): {"Название компании": "account_name", "Сайт": "website", "Отрасль": "industry",
                         "Количество сотрудников": "employees", "Годовой оборот": "annual_revenue"},
    ("ja", "accounts"): {"取引先名": "account_name", "ウェブサイト": "website", "業種": "industry",
                         "従業員数": "employees", "年間売上": "annual_revenue", "取引先所有者": "owner"},
    ("de", "reps"): {"Name": "name", "E-Mail": "email", "Rolle": "role", "Gebiet": "territory", "Aktiv": "active",
                     "Zeitzone": "timezone", "Kapazität": "capacity", "Gewichtung": "weight"},
    ("fr", "reps"): {"Nom": "name", "Rôle": "role", "Territoire": "territory", "Actif": "active",
                     "Fuseau horaire": "timezone"},
    ("es", "reps"): {"Nombre": "name", "Rol": "role", "Territorio": "territory", "Activo": "active"},
    ("pt", "reps"): {"Nome": "name", "Função": "role", "Território": "territory", "Ativo": "active"},
    ("it", "reps"): {"Nome": "name", "Ruolo": "role", "Attivo": "active", "Fuso orario": "timezone"},
    ("nl", "reps"): {"Naam": "name", "Gebied": "territory", "Actief": "active", "Tijdzone": "timezone"},
    ("ru", "reps"): {"Имя": "name", "Роль": "role", "Территория": "territory", "Активен": "active",
                     "Часовой пояс": "timezone"},
    ("ja", "reps"): {"氏名": "name", "役割": "role", "担当地域": "territory", "有効": "active", "タイムゾーン": "timezone"},
}


@pytest.mark.parametrize("language,kind", sorted(LANGUAGE_EXPORTS))
def test_crm_ui_labels_in_other_languages_are_recognised(language, kind):
    expected = LANGUAGE_EXPORTS[(language, kind)]
    schema = kind.split("-")[0]
    mapping = detect_columns(list(expected), schema=schema)
    assert {header: field for field, header in mapping.fields.items()} == expected


def test_every_language_is_covered_for_every_kind_the_brief_names():
    covered = {(language, kind.split("-")[0]) for language, kind in LANGUAGE_EXPORTS}
    for kind in ("leads", "opportunities", "activities", "accounts", "reps"):
        assert {language for language, k in covered if k == kind} == set(LANGUAGES), kind


def test_spanish_estado_is_the_state_and_estado_del_lead_the_status():
    mapping = detect_columns(["Estado", "Estado del lead"])
    assert mapping.get("state") == "Estado" and mapping.get("status") == "Estado del lead"


def test_an_english_header_still_wins_over_a_translation_of_the_same_field():
    mapping = detect_columns(["Telefon", "Phone"])
    assert mapping.get("phone") == "Phone" and mapping.also["phone"] == ["Telefon"]


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_no_loose_key_is_shared_by_two_fields_without_being_dropped(schema):
    # a loose key two fields share is left out of the loose index (never mapped to the first one listed)
    from revops_cli.columns.detect import _alias_index

    exact, loose = _alias_index(SCHEMAS[schema])
    owners: dict[str, set[str]] = {}
    from revops_cli.columns.detect import _loose_key

    for canonical, aliases in SCHEMAS[schema].items():
        for alias in (canonical, *aliases):
            owners.setdefault(_loose_key(alias), set()).add(canonical)
    for key, (canonical, _) in loose.items():
        assert owners[key] == {canonical}, (schema, key, owners[key])


ACTIVITY_EXPORTS = {
    "HubSpot engagements": (["hs_object_id", "hs_task_subject", "hs_task_type", "hs_timestamp", "hubspot_owner_id",
                             "hs_task_status"],
                            {"activity_id": "hs_object_id", "subject": "hs_task_subject", "type": "hs_task_type",
                             "timestamp": "hs_timestamp", "rep": "hubspot_owner_id", "outcome": "hs_task_status"}),
    "Salesforce Task API": (["Id", "WhoId", "Subject", "Type", "ActivityDate", "OwnerId", "CallDisposition"],
                            {"activity_id": "Id", "lead_id": "WhoId", "subject": "Subject", "type": "Type",
                             "timestamp": "ActivityDate", "rep": "OwnerId", "outcome": "CallDisposition"}),
    "Pipedrive": (["Activity - Subject", "Activity - Type", "Activity - Due date", "Activity - Assigned to user",
                   "Activity - Marked as done time"],
                  {"subject": "Activity - Subject", "type": "Activity - Type",
                   "timestamp": "Activity - Marked as done time", "rep": "Activity - Assigned to user"}),
    "Zoho Calls": (["Subject", "Call Type", "Call Start Time", "Call Owner", "Call Result"],
                   {"subject": "Subject", "type": "Call Type", "timestamp": "Call Start Time", "rep": "Call Owner",
                    "outcome": "Call Result"}),
    "Bitrix24 API": (["ID", "TYPE_ID", "SUBJECT", "START_TIME", "RESPONSIBLE_ID"],
                     {"activity_id": "ID", "type": "TYPE_ID", "subject": "SUBJECT", "timestamp": "START_TIME",
                      "rep": "RESPONSIBLE_ID"}),
}


@pytest.mark.parametrize("export", sorted(ACTIVITY_EXPORTS))
def test_activity_exports_of_every_crm_are_recognised(export):
    headers, expected = ACTIVITY_EXPORTS[export]
    mapping = detect_columns(headers, schema="activities")
    assert {f: mapping.get(f) for f in expected} == expected


def test_a_done_time_beats_a_due_date_as_when_an_activity_happened():
    mapping = detect_columns(["Due Date", "Completed At"], schema="activities")
    assert mapping.get("timestamp") == "Completed At" and mapping.also["timestamp"] == ["Due Date"]
