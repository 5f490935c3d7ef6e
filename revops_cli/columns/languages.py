"""Headers of CRM UIs in other languages: German, French, Spanish, Portuguese, Italian, Dutch, Russian, Japanese.

The labels Salesforce, HubSpot, Zoho, Pipedrive, Dynamics, Odoo and Bitrix24 show (and write into their
exports) when the user's language is not English. Each schema module appends these to its English
aliases with :func:`translated`, after them, so an English header wins a tie. Keys are compared like every
header (:func:`revops_cli.columns.detect.header_key`): case and Latin accents do not matter
("PRÉNOM" = "Prenom"), Cyrillic and Japanese letters are kept.

A word that means two things in one language is given to the field it names in CRM address and lead
layouts: Spanish/Portuguese "Estado" is the state or province ("Estado del lead" is the status); French
"Nom" beside "Prénom" is the last name (in an account export it is the account's name); Italian "Titolo"
is read as the job title and moves to ``salutation`` when its values are "Sig."/"Dott." (columns.confirm).
"""

from __future__ import annotations

from collections.abc import Mapping

# Fields several export kinds share, by the labels the CRMs use for them.
_EMAIL = (
    "E-Mail-Adresse", "Email-Adresse", "E-Mail Adresse",  # de
    "Courriel", "Adresse e-mail", "Adresse électronique", "Adresse email",  # fr
    "Correo electrónico", "Correo", "Dirección de correo electrónico",  # es
    "Endereço de e-mail", "Endereço de email",  # pt
    "Indirizzo email", "Indirizzo e-mail", "Posta elettronica",  # it
    "E-mailadres",  # nl
    "Электронная почта", "Эл. почта", "Почта", "Адрес электронной почты",  # ru
    "メールアドレス", "メール", "Eメール", "電子メール",  # ja
)
_PHONE = (
    "Telefon", "Telefonnummer", "Telefon (geschäftlich)",  # de
    "Téléphone", "Numéro de téléphone", "Téléphone professionnel",  # fr
    "Teléfono", "Número de teléfono", "Teléfono del trabajo",  # es
    "Telefone", "Número de telefone", "Telefone comercial",  # pt
    "Telefono", "Numero di telefono", "Telefono ufficio",  # it
    "Telefoonnummer", "Telefoon", "Telefoon werk",  # nl
    "Телефон", "Рабочий телефон", "Номер телефона",  # ru
    "電話番号", "電話",  # ja
)
_COUNTRY = (
    "Land", "Land/Region",  # de, nl
    "Pays", "Pays/région",  # fr
    "País", "País/región", "País/Região",  # es, pt
    "Paese", "Nazione",  # it
    "Страна",  # ru
    "国", "国名", "国/地域",  # ja
)
_STATE = (
    "Bundesland", "Bundesland/Kanton", "Bundesland/Region", "Kanton",  # de
    "État/Région", "État", "Région/Province",  # fr
    "Provincia", "Estado/Provincia", "Estado o provincia", "Estado/Región", "Estado", "Estado/Província",  # es, pt, it
    "Regione",  # it
    "Provincie",  # nl
    "Регион", "Область", "Регион/Область",  # ru
    "都道府県", "州", "都道府県/地域",  # ja
)
_CITY = (
    "Stadt", "Ort",  # de
    "Ville",  # fr
    "Ciudad",  # es
    "Cidade",  # pt
    "Città", "Comune",  # it
    "Plaats", "Stad", "Woonplaats",  # nl
    "Город",  # ru
    "市区町村", "市区郡", "市町村", "都市",  # ja
)
_POSTAL_CODE = (
    "Postleitzahl", "Code postal", "Código postal", "CEP", "CAP", "Почтовый индекс", "Индекс", "郵便番号",
)
_WEBSITE = (
    "Webseite", "Internetseite", "Homepage",  # de
    "Site web", "Site Internet", "URL du site web",  # fr
    "Sitio web", "Página web", "URL del sitio web",  # es
    "Site",  # pt
    "Sito web", "Sito",  # it
    "Веб-сайт", "Сайт",  # ru
    "ウェブサイト", "ホームページ", "Webサイト", "ウェブサイトURL",  # ja
)
_INDUSTRY = (
    "Branche", "Industrie",  # de, nl
    "Secteur", "Secteur d'activité",  # fr
    "Industria",  # es, it
    "Setor", "Ramo",  # pt
    "Settore",  # it
    "Отрасль", "Сфера деятельности",  # ru
    "業種", "業界",  # ja
)
_EMPLOYEES = (
    "Mitarbeiter", "Anzahl Mitarbeiter", "Anzahl der Mitarbeiter", "Mitarbeiterzahl",  # de
    "Effectif", "Nombre d'employés",  # fr
    "Empleados", "Número de empleados",  # es
    "Funcionários", "Número de funcionários",  # pt
    "Dipendenti", "Numero dipendenti", "Numero di dipendenti",  # it
    "Medewerkers", "Aantal medewerkers", "Aantal werknemers",  # nl
    "Сотрудники", "Количество сотрудников", "Кол-во сотрудников",  # ru
    "従業員数",  # ja
)
_ANNUAL_REVENUE = (
    "Jahresumsatz", "Umsatz",  # de
    "Chiffre d'affaires", "Chiffre d'affaires annuel",  # fr
    "Ingresos anuales", "Facturación", "Facturación anual",  # es
    "Receita anual", "Faturamento", "Faturamento anual",  # pt
    "Fatturato", "Fatturato annuo",  # it
    "Jaaromzet", "Omzet", "Jaarlijkse omzet",  # nl
    "Годовой доход", "Годовой оборот", "Выручка",  # ru
    "年間売上", "年間売上高", "売上高",  # ja
)
_OWNER = (
    "Inhaber", "Besitzer", "Verantwortlich", "Zuständig",  # de
    "Propriétaire", "Responsable",  # fr, es
    "Propietario",  # es
    "Proprietário", "Responsável",  # pt
    "Proprietario", "Responsabile",  # it
    "Eigenaar", "Verantwoordelijke",  # nl
    "Ответственный", "Владелец",  # ru
    "所有者", "担当者",  # ja
)
_CREATED_AT = (
    "Erstellt am", "Erstellungsdatum", "Angelegt am", "Erstelldatum",  # de
    "Date de création", "Créé le",  # fr
    "Fecha de creación", "Creado", "Creado el",  # es
    "Data de criação", "Criado em",  # pt
    "Data di creazione", "Data creazione", "Creato il",  # it
    "Aanmaakdatum", "Gemaakt op", "Datum aangemaakt",  # nl
    "Дата создания", "Создано",  # ru
    "作成日", "作成日時",  # ja
)
_LEAD_SOURCE = (
    "Leadquelle", "Lead-Quelle", "Quelle", "Herkunft", "Originalquelle",  # de
    "Source du lead", "Origine", "Origine de la piste", "Source d'origine",  # fr
    "Origen", "Fuente", "Origen del candidato", "Origen del lead", "Fuente original",  # es
    "Fonte", "Origem", "Origem do lead", "Fonte do lead",  # pt
    "Origine lead", "Fonte lead",  # it
    "Bron", "Leadbron",  # nl
    "Источник", "Источник лида",  # ru
    "リードソース", "流入元", "最初のソース",  # ja
)
_CAMPAIGN = ("Kampagne", "Campagne", "Campaña", "Campanha", "Campagna", "Кампания", "キャンペーン")

LEAD_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "lead_id": (
        "Lead-ID", "Datensatz-ID", "Kontakt-ID", "ID du lead", "ID de fiche d'informations", "ID du contact",
        "ID del lead", "ID de registro", "ID del candidato", "ID do lead", "ID do registro", "ID lead", "ID record",
        "Lead-id", "Record-ID", "ID лида", "ID записи", "ID контакта", "リードID", "レコードID", "取引先責任者ID",
    ),
    "first_name": ("Vorname", "Prénom", "Nombre", "Nome", "Primeiro nome", "Voornaam", "Имя", "名", "Nombre de pila"),
    "last_name": (
        "Nachname", "Familienname", "Nom", "Nom de famille", "Apellidos", "Apellido", "Sobrenome", "Último nome",
        "Cognome", "Achternaam", "Фамилия", "姓", "苗字",
    ),
    "full_name": (
        "Vollständiger Name", "Kontaktname", "Nom complet", "Nom du contact", "Nombre completo", "Nombre del contacto",
        "Nome completo", "Nome do contato", "Volledige naam", "Naam", "Contactnaam", "ФИО", "Полное имя", "Контакт",
        "氏名", "名前", "お名前",
    ),
    "email": _EMAIL,
    "phone": _PHONE,
    "mobile_phone": (
        "Mobiltelefon", "Mobilnummer", "Handy", "Handynummer", "Mobil",  # de
        "Téléphone mobile", "Portable", "Téléphone portable",  # fr
        "Móvil", "Teléfono móvil", "Celular", "Telemóvel", "Cellulare",  # es, pt, it
        "Mobiel", "Mobiele telefoon", "Mobiel nummer",  # nl
        "Мобильный телефон", "Мобильный",  # ru
        "携帯電話", "携帯電話番号", "携帯",  # ja
    ),
    "company": (
        "Firma", "Firmenname", "Unternehmen", "Unternehmensname",  # de
        "Société", "Entreprise", "Nom de l'entreprise", "Nom de la société",  # fr
        "Empresa", "Nombre de la empresa", "Compañía", "Nome da empresa",  # es, pt
        "Azienda", "Società", "Ragione sociale", "Nome azienda",  # it
        "Bedrijf", "Bedrijfsnaam", "Organisatie",  # nl
        "Компания", "Организация", "Название компании",  # ru
        "会社名", "会社", "企業名", "社名",  # ja
    ),
    "title": (
        "Titel", "Berufsbezeichnung", "Stellenbezeichnung", "Jobtitel", "Funktion",  # de (Titel: Salesforce's job title)
        "Fonction", "Poste", "Titre", "Intitulé du poste",  # fr
        "Cargo", "Puesto", "Título del puesto", "Título",  # es, pt
        "Qualifica", "Ruolo", "Titolo", "Mansione",  # it
        "Functie", "Functietitel",  # nl
        "Должность",  # ru
        "役職", "肩書き", "職位",  # ja
    ),
    "salutation": (
        "Anrede", "Civilité", "Tratamiento", "Saludo", "Tratamento", "Saudação", "Aanhef", "Обращение", "敬称",
    ),
    "country": _COUNTRY,
    "state": _STATE,
    "city": _CITY,
    "postal_code": _POSTAL_CODE,
    "website": _WEBSITE,
    "industry": _INDUSTRY,
    "employees": _EMPLOYEES,
    "annual_revenue": _ANNUAL_REVENUE,
    "lead_source": _LEAD_SOURCE,
    "status": (
        "Leadstatus", "Statut", "Statut du lead", "Statut de la piste", "Estado del lead", "Estado del candidato",
        "Status do lead", "Stato lead", "Stato del lead", "Статус", "Статус лида", "リード状況", "リードステータス",
        "ステータス",
    ),
    "created_at": _CREATED_AT,
    "owner": (
        "Leadinhaber", "Lead-Inhaber", "Kontaktinhaber", "Propriétaire du lead", "Propriétaire de la piste",
        "Propriétaire du contact", "Propietario del candidato", "Propietario del lead", "Propietario del contacto",
        "Proprietário do lead", "Proprietario lead", "Leadeigenaar", "リード所有者", "コンタクト担当者", *_OWNER,
    ),
    "last_activity_at": (
        "Letzte Aktivität", "Dernière activité", "Última actividad", "Última atividade", "Ultima attività",
        "Laatste activiteit", "Последняя активность", "最終活動日",
    ),
    "lifecycle_stage": (
        "Lebenszyklusphase", "Phase du cycle de vie", "Etapa del ciclo de vida", "Fase do ciclo de vida",
        "Fase del ciclo di vita", "Levenscyclusfase", "Стадия жизненного цикла", "ライフサイクルステージ",
    ),
    "rating": ("Bewertung", "Évaluation", "Valoración", "Classificação", "Valutazione", "Beoordeling", "Рейтинг", "評価"),
    "score": ("Punktzahl", "Score du lead", "Puntuación", "Pontuação", "Punteggio", "Баллы", "スコア"),
    "campaign": _CAMPAIGN,
    "consent": ("Einwilligung", "Consentement", "Consentimiento", "Consentimento", "Consenso", "Toestemming",
                "Согласие", "同意"),
    "unsubscribed": ("Abgemeldet", "Désabonné", "Desuscrito", "Descadastrado", "Disiscritto", "Afgemeld", "Отписан",
                     "配信停止"),
}

ACCOUNT_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "account_name": (
        "Firmenname", "Firma", "Unternehmen", "Unternehmensname", "Accountname",  # de
        "Nom du compte", "Société", "Entreprise", "Nom de l'entreprise", "Nom",  # fr
        "Nombre de la cuenta", "Empresa", "Nombre de la empresa", "Nombre",  # es
        "Nome da conta", "Nome da empresa", "Nome",  # pt
        "Nome dell'account", "Azienda", "Ragione sociale",  # it
        "Bedrijfsnaam", "Accountnaam", "Bedrijf", "Naam",  # nl
        "Название", "Компания", "Название компании", "Наименование",  # ru
        "取引先名", "会社名", "企業名",  # ja
    ),
    "website": _WEBSITE,
    "phone": _PHONE,
    "country": _COUNTRY,
    "state": _STATE,
    "city": _CITY,
    "industry": _INDUSTRY,
    "employees": _EMPLOYEES,
    "annual_revenue": _ANNUAL_REVENUE,
    "owner": (
        "Account-Inhaber", "Propriétaire du compte", "Propietario de la cuenta", "Proprietário da conta",
        "Titolare account", "取引先所有者", *_OWNER,
    ),
    "parent_account_id": (
        "Übergeordneter Account", "Compte parent", "Cuenta principal", "Conta pai", "Account principale",
        "Bovenliggend account", "Родительская компания", "親取引先",
    ),
}

ACTIVITY_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "email": _EMAIL,
    "type": (
        "Aktivitätstyp", "Aktivitätsart", "Typ", "Type d'activité", "Tipo", "Tipo de actividad", "Tipo de atividade",
        "Tipo di attività", "Activiteitstype", "Тип", "Тип активности", "Тип дела", "種別", "活動種別", "タイプ",
    ),
    "subject": ("Betreff", "Objet", "Asunto", "Assunto", "Oggetto", "Onderwerp", "Тема", "件名"),
    "timestamp": (
        "Datum", "Aktivitätsdatum", "Fälligkeitsdatum",  # de
        "Date de l'activité", "Date d'échéance",  # fr
        "Fecha", "Fecha de actividad", "Fecha de vencimiento",  # es
        "Data", "Data da atividade", "Data di scadenza", "Data attività",  # pt, it
        "Datum activiteit", "Vervaldatum",  # nl
        "Дата", "Дата активности", "Срок",  # ru
        "日付", "活動日", "期日",  # ja
    ),
    "rep": (
        "Zugewiesen an", "Bearbeiter", "Assigné à", "Attribué à", "Asignado a", "Atribuído a", "Assegnato a",
        "Toegewezen aan", "Исполнитель", "割り当て先", "任命先", *_OWNER,
    ),
    "outcome": ("Ergebnis", "Résultat", "Resultado", "Risultato", "Resultaat", "Результат", "結果"),
}

OPPORTUNITY_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "name": (
        "Opportunity-Name", "Verkaufschancenname", "Name der Verkaufschance",  # de
        "Nom de l'opportunité", "Nom de l'affaire",  # fr
        "Nombre de la oportunidad", "Nombre del negocio",  # es
        "Nome da oportunidade", "Nome do negócio",  # pt
        "Nome opportunità", "Nome dell'opportunità",  # it
        "Naam verkoopkans", "Naam opportunity",  # nl
        "Название сделки", "Сделка",  # ru
        "商談名", "取引名",  # ja
    ),
    "account_name": (
        "Accountname", "Firma", "Kunde", "Nom du compte", "Compte", "Société", "Cuenta", "Nombre de la cuenta", "Empresa",
        "Conta", "Nome da conta", "Cliente", "Klant", "Компания", "Клиент", "取引先名",
    ),
    "stage": (
        "Phase", "Verkaufsphase", "Stufe",  # de, fr
        "Étape", "Étape de la transaction", "Étape de vente",  # fr
        "Etapa", "Etapa de venta", "Etapa del negocio", "Fase de venta",  # es
        "Estágio", "Etapa do negócio", "Fase",  # pt, it
        "Fase di vendita",  # it
        "Verkoopfase",  # nl
        "Стадия", "Этап", "Стадия сделки",  # ru
        "フェーズ", "商談フェーズ", "ステージ", "取引ステージ",  # ja
    ),
    "amount": (
        "Betrag", "Wert", "Montant", "Valeur", "Importe", "Valor", "Monto", "Importo", "Valore", "Bedrag", "Waarde",
        "Сумма", "金額",
    ),
    "probability": (
        "Wahrscheinlichkeit", "Wahrscheinlichkeit (%)", "Probabilité", "Probabilité (%)", "Probabilidad",
        "Probabilidad (%)", "Probabilidade", "Probabilità", "Kans", "Waarschijnlijkheid", "Вероятность", "確度",
    ),
    "close_date": (
        "Abschlussdatum", "Schlussdatum",  # de
        "Date de clôture", "Date de clôture prévue",  # fr
        "Fecha de cierre", "Fecha de cierre prevista",  # es
        "Data de fechamento", "Data de encerramento",  # pt
        "Data di chiusura",  # it
        "Sluitingsdatum", "Afsluitdatum",  # nl
        "Дата закрытия", "Предполагаемая дата закрытия",  # ru
        "完了予定日", "成約予定日", "クローズ日",  # ja
    ),
    "created_at": _CREATED_AT,
    "owner": (
        "Opportunity-Inhaber", "Verkaufschancen-Inhaber", "Propriétaire de l'opportunité",
        "Propietario de la oportunidad", "Proprietário da oportunidade", "Proprietario opportunità", "商談所有者",
        "取引担当者", *_OWNER,
    ),
    "lead_source": _LEAD_SOURCE,
    "campaign": _CAMPAIGN,
    "email": _EMAIL,
    "discount": ("Rabatt", "Remise", "Descuento", "Desconto", "Sconto", "Korting", "Скидка", "割引"),
    "next_step": ("Nächster Schritt", "Prochaine étape", "Próximo paso", "Próximo passo", "Prossimo passo",
                  "Volgende stap", "Следующий шаг", "次のステップ"),
}

REP_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "name": (
        "Nom", "Nombre", "Nome", "Naam", "Имя", "Vertriebsmitarbeiter", "Commercial", "Vendedor", "Venditore", "Verkoper",
        "Сотрудник", "Менеджер", "ФИО", "氏名", "名前", "営業担当者",
    ),
    "email": _EMAIL,
    "role": ("Rolle", "Rôle", "Rol", "Função", "Papel", "Ruolo", "Роль", "ロール", "役割"),
    "territory": ("Gebiet", "Vertriebsgebiet", "Territoire", "Territorio", "Território", "Gebied", "Verkoopgebied",
                  "Территория", "テリトリー", "担当地域"),
    "active": ("Aktiv", "Actif", "Activo", "Ativo", "Attivo", "Actief", "Активен", "Активный", "有効"),
    "timezone": ("Zeitzone", "Fuseau horaire", "Zona horaria", "Fuso horário", "Fuso orario", "Tijdzone",
                 "Часовой пояс", "タイムゾーン"),
    "capacity": ("Kapazität", "Capacité", "Capacidad", "Capacidade", "Capacità", "Capaciteit", "Лимит", "上限"),
    "weight": ("Gewichtung", "Gewicht", "Poids", "Peso", "Вес", "重み"),
    "out_of_office_until": ("Abwesend bis", "Absent jusqu'au", "Ausente hasta", "Ausente até", "Assente fino al",
                            "Afwezig tot", "Отсутствует до", "不在期間終了"),
    "working_hours": ("Arbeitszeiten", "Heures de travail", "Horario laboral", "Horário de trabalho",
                      "Orario di lavoro", "Werktijden", "Рабочие часы", "勤務時間"),
    "country": _COUNTRY,
}

#: Languages covered, for docs and tests.
LANGUAGES = ("de", "fr", "es", "pt", "it", "nl", "ru", "ja")


def translated(aliases: Mapping[str, tuple[str, ...]],
               translations: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A schema's aliases with its other-language labels after the English ones (same field order)."""
    unknown = set(translations) - set(aliases)
    if unknown:
        raise KeyError(f"translations for fields the schema does not have: {sorted(unknown)}")
    return {field: (*spellings, *(t for t in translations.get(field, ()) if t not in spellings))
            for field, spellings in aliases.items()}
