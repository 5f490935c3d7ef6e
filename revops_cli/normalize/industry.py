"""Industry to NAICS sector (Data Management SOP: industry as NAICS).

The industry text stays the CRM picklist value (only trimmed); the NAICS 2022
sector it maps to goes into ``revops_naics_code`` / ``revops_naics_sector``.
Matching ignores case, punctuation, ``&`` vs ``and`` and a plural ``s``, so
``Hospital & Health Care``, ``HOSPITAL_HEALTH_CARE`` and ``hospital and health
care`` are one key. A value that is not a known name is searched for a known
phrase (``Enterprise SaaS`` → ``saas``), the longest phrase winning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from revops_cli.normalize.distinct import map_distinct
from revops_cli.errors import RevopsInputError

FLAG_NOT_MAPPED = "industry not mapped to NAICS"
RULE_TRIM = "industry_trim"
COLUMNS = ("value", "flag", "rule", "revops_naics_code", "revops_naics_sector")

# The 20 NAICS 2022 sectors. Manufacturing, Retail and Transportation span
# several 2-digit codes and are written as their official ranges.
NAICS_SECTORS: dict[str, str] = {
    "11": "Agriculture, Forestry, Fishing and Hunting",
    "21": "Mining, Quarrying, and Oil and Gas Extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale Trade",
    "44-45": "Retail Trade",
    "48-49": "Transportation and Warehousing",
    "51": "Information",
    "52": "Finance and Insurance",
    "53": "Real Estate and Rental and Leasing",
    "54": "Professional, Scientific, and Technical Services",
    "55": "Management of Companies and Enterprises",
    "56": "Administrative and Support and Waste Management and Remediation Services",
    "61": "Educational Services",
    "62": "Health Care and Social Assistance",
    "71": "Arts, Entertainment, and Recreation",
    "72": "Accommodation and Food Services",
    "81": "Other Services (except Public Administration)",
    "92": "Public Administration",
}

# First two digits of any NAICS code (2-6 digits) → sector code.
_PREFIX_TO_SECTOR: dict[str, str] = {
    **{code: code for code in NAICS_SECTORS if "-" not in code},
    "31": "31-33", "32": "31-33", "33": "31-33",
    "44": "44-45", "45": "44-45",
    "48": "48-49", "49": "48-49",
}

# Industry names → sector. Salesforce's standard Industry picklist first, then
# HubSpot's (= LinkedIn's legacy) industry list, then common free text. Where a
# name spans sectors we pick where most companies so labelled sit (e.g.
# "Energy" → Utilities, "Biotechnology" → scientific R&D, "Food & Beverages"
# → food services, following LinkedIn's own NAICS mapping).
# "Other" is deliberately absent: it means "not mapped".
INDUSTRY_KEYWORDS: dict[str, str] = {
    # Salesforce standard picklist
    "Agriculture": "11",
    "Apparel": "31-33",
    "Banking": "52",
    "Biotechnology": "54",
    "Chemicals": "31-33",
    "Communications": "51",
    "Construction": "23",
    "Consulting": "54",
    "Education": "61",
    "Electronics": "31-33",
    "Energy": "22",
    "Engineering": "54",
    "Entertainment": "71",
    "Environmental": "56",
    "Finance": "52",
    "Food & Beverage": "72",
    "Government": "92",
    "Healthcare": "62",
    "Hospitality": "72",
    "Insurance": "52",
    "Machinery": "31-33",
    "Manufacturing": "31-33",
    "Media": "51",
    "Not For Profit": "81",
    "Recreation": "71",
    "Retail": "44-45",
    "Shipping": "48-49",
    "Technology": "51",
    "Telecommunications": "51",
    "Transportation": "48-49",
    "Utilities": "22",
    # HubSpot / LinkedIn (legacy) industries; HubSpot's internal values such as
    # COMPUTER_SOFTWARE normalise to the same keys.
    "Accounting": "54",
    "Airlines/Aviation": "48-49",
    "Alternative Dispute Resolution": "54",
    "Alternative Medicine": "62",
    "Animation": "51",
    "Apparel & Fashion": "31-33",
    "Architecture & Planning": "54",
    "Arts and Crafts": "71",
    "Automotive": "31-33",
    "Aviation & Aerospace": "31-33",
    "Broadcast Media": "51",
    "Building Materials": "31-33",
    "Business Supplies and Equipment": "42",
    "Capital Markets": "52",
    "Civic & Social Organization": "81",
    "Civil Engineering": "23",
    "Commercial Real Estate": "53",
    "Computer & Network Security": "54",
    "Computer Games": "51",
    "Computer Hardware": "31-33",
    "Computer Networking": "31-33",
    "Computer Software": "51",
    "Consumer Electronics": "31-33",
    "Consumer Goods": "31-33",
    "Consumer Services": "81",
    "Cosmetics": "31-33",
    "Dairy": "11",
    "Defense & Space": "31-33",
    "Design": "54",
    "E-Learning": "61",
    "Education Management": "61",
    "Electrical/Electronic Manufacturing": "31-33",
    "Environmental Services": "56",
    "Events Services": "56",
    "Executive Office": "92",
    "Facilities Services": "56",
    "Farming": "11",
    "Financial Services": "52",
    "Fine Art": "71",
    "Fishery": "11",
    "Food & Beverages": "72",
    "Food Production": "31-33",
    "Fund-Raising": "81",
    "Furniture": "31-33",
    "Gambling & Casinos": "71",
    "Glass, Ceramics & Concrete": "31-33",
    "Government Administration": "92",
    "Government Relations": "54",
    "Graphic Design": "54",
    "Health, Wellness and Fitness": "71",
    "Higher Education": "61",
    "Hospital & Health Care": "62",
    "Human Resources": "54",
    "Import and Export": "42",
    "Individual & Family Services": "62",
    "Industrial Automation": "31-33",
    "Information Services": "51",
    "Information Technology and Services": "54",
    "International Affairs": "92",
    "International Trade and Development": "92",
    "Internet": "51",
    "Investment Banking": "52",
    "Investment Management": "52",
    "Judiciary": "92",
    "Law Enforcement": "92",
    "Law Practice": "54",
    "Legal Services": "54",
    "Legislative Office": "92",
    "Leisure, Travel & Tourism": "56",
    "Libraries": "51",
    "Logistics and Supply Chain": "48-49",
    "Luxury Goods & Jewelry": "31-33",
    "Management Consulting": "54",
    "Maritime": "48-49",
    "Market Research": "54",
    "Marketing and Advertising": "54",
    "Mechanical or Industrial Engineering": "54",
    "Media Production": "51",
    "Medical Devices": "31-33",
    "Medical Practice": "62",
    "Mental Health Care": "62",
    "Military": "92",
    "Mining & Metals": "21",
    "Mobile Games": "51",
    "Motion Pictures and Film": "51",
    "Museums and Institutions": "71",
    "Music": "71",
    "Nanotechnology": "54",
    "Newspapers": "51",
    "Non-Profit Organization Management": "81",
    "Oil & Energy": "21",
    "Online Media": "51",
    "Outsourcing/Offshoring": "56",
    "Package/Freight Delivery": "48-49",
    "Packaging and Containers": "31-33",
    "Paper & Forest Products": "31-33",
    "Performing Arts": "71",
    "Pharmaceuticals": "31-33",
    "Philanthropy": "81",
    "Photography": "54",
    "Plastics": "31-33",
    "Political Organization": "81",
    "Primary/Secondary Education": "61",
    "Printing": "31-33",
    "Professional Training & Coaching": "61",
    "Program Development": "54",
    "Public Policy": "92",
    "Public Relations and Communications": "54",
    "Public Safety": "92",
    "Publishing": "51",
    "Railroad Manufacture": "31-33",
    "Ranching": "11",
    "Real Estate": "53",
    "Recreational Facilities and Services": "71",
    "Religious Institutions": "81",
    "Renewables & Environment": "22",
    "Research": "54",
    "Restaurants": "72",
    "Security and Investigations": "56",
    "Semiconductors": "31-33",
    "Shipbuilding": "31-33",
    "Sporting Goods": "31-33",
    "Sports": "71",
    "Staffing and Recruiting": "56",
    "Supermarkets": "44-45",
    "Textiles": "31-33",
    "Think Tanks": "54",
    "Tobacco": "31-33",
    "Translation and Localization": "54",
    "Transportation/Trucking/Railroad": "48-49",
    "Venture Capital & Private Equity": "52",
    "Veterinary": "54",
    "Warehousing": "48-49",
    "Wholesale": "42",
    "Wine and Spirits": "31-33",
    "Wireless": "51",
    "Writing and Editing": "71",
    # LinkedIn's 2022 industry names that differ from the legacy ones
    "Software Development": "51",
    "IT Services and IT Consulting": "54",
    "Hospitals and Health Care": "62",
    "Technology, Information and Internet": "51",
    "Business Consulting and Services": "54",
    "Advertising Services": "54",
    "Appliances, Electrical, and Electronics Manufacturing": "31-33",
    "Food and Beverage Services": "72",
    "Food and Beverage Manufacturing": "31-33",
    "Motor Vehicle Manufacturing": "31-33",
    "Non-profit Organizations": "81",
    "Oil and Gas": "21",
    "Truck Transportation": "48-49",
    "Transportation, Logistics, Supply Chain and Storage": "48-49",
    "Retail Apparel and Fashion": "44-45",
    "Wellness and Fitness Services": "71",
    "Education Administration Programs": "61",
    "Government Administration Services": "92",
    "Pharmaceutical Manufacturing": "31-33",
    "Medical Equipment Manufacturing": "31-33",
    "Computer and Network Security": "54",
    "Travel Arrangements": "56",
    # Common free text
    "SaaS": "51",
    "Software": "51",
    "Enterprise Software": "51",
    "Information Technology": "54",
    "IT": "54",
    "Tech": "51",
    "High Tech": "51",
    "Cybersecurity": "54",
    "Information Security": "54",
    "Data Analytics": "54",
    "Artificial Intelligence": "54",
    "AI": "54",
    "Cloud": "51",
    "Cloud Computing": "51",
    "Telecom": "51",
    "Fintech": "52",
    "Insurtech": "52",
    "Bank": "52",
    "Financial": "52",
    "Asset Management": "52",
    "Private Equity": "52",
    "Venture Capital": "52",
    "Pharma": "31-33",
    "Pharmaceutical": "31-33",
    "Life Sciences": "54",
    "Biotech": "54",
    "Medtech": "31-33",
    "Health Care": "62",
    "Hospital": "62",
    "Medical": "62",
    "Healthtech": "51",
    "Logistics": "48-49",
    "Supply Chain": "48-49",
    "Freight": "48-49",
    "Trucking": "48-49",
    "Airline": "48-49",
    "Oil & Gas": "21",
    "Mining": "21",
    "Automobile": "31-33",
    "Auto": "31-33",
    "Aerospace": "31-33",
    "Industrial": "31-33",
    "E-commerce": "44-45",
    "eCommerce": "44-45",
    "Online Retail": "44-45",
    "Consumer Packaged Goods": "31-33",
    "CPG": "31-33",
    "FMCG": "31-33",
    "Retail Trade": "44-45",
    "Wholesale Trade": "42",
    "Distribution": "42",
    "Real Estate and Rental and Leasing": "53",
    "Property Management": "53",
    "Proptech": "53",
    "Legal": "54",
    "Law": "54",
    "Marketing": "54",
    "Advertising": "54",
    "Agency": "54",
    "Professional Services": "54",
    "Architecture": "54",
    "Staffing": "56",
    "Recruiting": "56",
    "Recruitment": "56",
    "Security": "56",
    "Waste Management": "56",
    "Travel": "56",
    "Tourism": "56",
    "Edtech": "61",
    "K-12": "61",
    "University": "61",
    "Training": "61",
    "Gaming": "51",
    "Video Games": "51",
    "Broadcasting": "51",
    "Publishing Industries": "51",
    "Hotels": "72",
    "Hotel": "72",
    "Restaurant": "72",
    "Food Service": "72",
    "Non-Profit": "81",
    "Nonprofit": "81",
    "NGO": "81",
    "Charity": "81",
    "Public Sector": "92",
    "Public Administration": "92",
    "Federal Government": "92",
    "State Government": "92",
    "Local Government": "92",
    "Defense": "92",
    "Energy & Utilities": "22",
    "Renewable Energy": "22",
    "Solar": "22",
    "Electric Utilities": "22",
    "Agritech": "11",
    "Forestry": "11",
    "Fishing": "11",
    "Holding Company": "55",
    "Holding Companies": "55",
    "Management of Companies": "55",
    "Fitness": "71",
    "Arts": "71",
    "Sports & Recreation": "71",
    # IT and service-provider wording (Apollo, ZoomInfo, free text)
    "IT Services": "54",  # NAICS 5415 Computer Systems Design and Related Services
    "IT Consulting": "54",
    "Managed Services": "54",
    "Managed Service Provider": "54",  # 541513 Computer Facilities Management Services
    "MSP": "54",
    "Systems Integrator": "54",  # 541512 Computer Systems Design Services
    "System Integrator": "54",
    # Zoho CRM's default Industry picklist (network and telecom vendors' view of the market)
    "Service Provider": "51",  # Zoho: telecom/network service providers (NAICS 517)
    "ASP (Application Service Provider)": "51",  # 518210 Computing Infrastructure, Data Processing, Hosting
    "Application Service Provider": "51",
    "MSP (Management Service Provider)": "54",
    "Management Service Provider": "54",
    "Storage Service Provider": "51",
    "ManagementISV": "51",  # independent software vendors: 513210 Software Publishers
    "Non-management ISV": "51",
    "ISV": "51",
    "ERP": "51",
    "Data/Telecom OEM": "31-33",  # 334 Computer and Electronic Product Manufacturing
    "Network Equipment Enterprise": "31-33",
    "Optical Networking": "31-33",
    "Storage Equipment": "31-33",
    "Wireless Industry": "51",
    "Government/Military": "92",
    # The same picklists in the languages of the CRM UIs revops reads (German, French, Spanish, Portuguese,
    # Italian, Dutch, Russian, Japanese)
    "Maschinenbau": "31-33", "Fertigung": "31-33", "Produktion": "31-33", "Automobilindustrie": "31-33",
    "Chemie": "31-33", "Lebensmittelindustrie": "31-33", "Industrie manufacturière": "31-33",
    "Fabrication": "31-33", "Manufactura": "31-33", "Fabricación": "31-33", "Manufatura": "31-33",
    "Indústria": "31-33", "Manifattura": "31-33", "Produzione": "31-33", "Productie": "31-33",
    "Производство": "31-33", "Промышленность": "31-33", "製造": "31-33", "製造業": "31-33",
    "Logistik": "48-49", "Transport und Logistik": "48-49", "Transport et logistique": "48-49",
    "Logistique": "48-49", "Logística": "48-49", "Transporte": "48-49", "Logistica": "48-49", "Trasporti": "48-49",
    "Logistiek": "48-49", "Логистика": "48-49", "Транспорт": "48-49", "物流": "48-49", "運輸": "48-49",
    "Medien": "51", "Médias": "51", "Medios de comunicación": "51", "Mídia": "51",
    "Telekommunikation": "51", "Télécommunications": "51", "Telecomunicaciones": "51", "Telecomunicações": "51",
    "Telecomunicazioni": "51", "Telecommunicatie": "51", "Телекоммуникации": "51", "通信": "51", "情報通信": "51",
    "Logiciel": "51", "Logiciels": "51", "Программное обеспечение": "51", "ソフトウェア": "51",
    "Informationstechnologie": "54", "IT-Dienstleistungen": "54", "Services informatiques": "54",
    "Servicios de TI": "54", "Serviços de TI": "54", "Servizi IT": "54", "ИТ-услуги": "54", "ITサービス": "54",
    "Beratung": "54", "Unternehmensberatung": "54", "Conseil": "54", "Consultoría": "54", "Consultoria": "54",
    "Consulenza": "54", "Advies": "54", "Консалтинг": "54", "コンサルティング": "54",
    "Finanzen": "52", "Finanzdienstleistungen": "52", "Banken": "52", "Versicherungen": "52", "Versicherung": "52",
    "Banque": "52", "Assurance": "52", "Services financiers": "52", "Finanzas": "52", "Banca": "52",
    "Seguros": "52", "Finanças": "52", "Serviços financeiros": "52", "Finanza": "52", "Assicurazioni": "52",
    "Financiële dienstverlening": "52", "Verzekeringen": "52", "Финансы": "52", "Банки": "52",
    "Страхование": "52", "金融": "52", "保険": "52", "銀行": "52",
    "Gesundheitswesen": "62", "Santé": "62", "Salud": "62", "Sanidad": "62", "Saúde": "62", "Sanità": "62",
    "Gezondheidszorg": "62", "Здравоохранение": "62", "医療": "62", "ヘルスケア": "62",
    "Einzelhandel": "44-45", "Commerce de détail": "44-45", "Commerce": "44-45", "Comercio minorista": "44-45",
    "Varejo": "44-45", "Comércio varejista": "44-45", "Commercio al dettaglio": "44-45", "Detailhandel": "44-45",
    "Розничная торговля": "44-45", "小売": "44-45", "小売業": "44-45",
    "Großhandel": "42", "Commerce de gros": "42", "Comercio mayorista": "42", "Atacado": "42",
    "Commercio all'ingrosso": "42", "Groothandel": "42", "Оптовая торговля": "42", "卸売": "42", "卸売業": "42",
    "Bauwesen": "23", "Bau": "23", "Baugewerbe": "23", "BTP": "23", "Bâtiment": "23", "Construcción": "23",
    "Construção": "23", "Edilizia": "23", "Bouw": "23", "Строительство": "23", "建設": "23", "建設業": "23",
    "Immobilien": "53", "Immobilier": "53", "Inmobiliaria": "53", "Bienes raíces": "53", "Imobiliário": "53",
    "Imóveis": "53", "Immobiliare": "53", "Vastgoed": "53", "Недвижимость": "53", "不動産": "53",
    "Bildung": "61", "Éducation": "61", "Enseignement": "61", "Educación": "61", "Educação": "61",
    "Istruzione": "61", "Onderwijs": "61", "Образование": "61", "教育": "61",
    "Energie": "22", "Énergie": "22", "Energía": "22", "Energia": "22", "Энергетика": "22", "エネルギー": "22",
    "Landwirtschaft": "11", "Agricultura": "11", "Agricoltura": "11", "Landbouw": "11",
    "Сельское хозяйство": "11", "農業": "11",
    "Gastgewerbe": "72", "Hotellerie": "72", "Hôtellerie": "72", "Restauration": "72", "Hostelería": "72",
    "Hotelaria": "72", "Ristorazione": "72", "Horeca": "72", "Гостиничный бизнес": "72", "飲食": "72",
    "Öffentliche Verwaltung": "92", "Administration publique": "92", "Administración pública": "92",
    "Administração pública": "92", "Pubblica amministrazione": "92", "Overheid": "92",
    "Государственный сектор": "92", "官公庁": "92",
}

# Words to drop before matching: "and"/"&" are noise, so "Food & Beverage"
# and FOOD_BEVERAGES are one key.
_DROP_WORDS = frozenset({"and", "und", "et", "и"})
# Short keys are only matched exactly, never as a phrase inside longer text
# ("IT" must not match inside "Fruit It Ltd").
_MIN_PHRASE_CHARS = 3
# Longer text is not phrase-searched (cost grows with the square of words).
_MAX_PHRASE_WORDS = 16
_NAICS_RE = re.compile(
    r"(?:naics(?:\s*code)?\s*[:#]?\s*)?"  # "NAICS 54", "NAICS code: 541511"
    r"(\d{2,6})"
    r"(?:\s*[-–]\s*\d{2})?"  # "31-33"
    r"(?:\s*[-–:]\s*\D.*)?",  # "54 - Professional Services"
    re.IGNORECASE | re.DOTALL,
)
_WORD_RE = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Latin accents folded ("Télécommunications" -> "telecommunications"), other scripts kept, lower case."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if not char.isascii() else char
        out.append(base if base.isascii() else char)
    return "".join(out).casefold()


def _words(text: str) -> list[str]:
    """Lower-case words, minus "and", with a trailing plural "s" removed."""
    words = _WORD_RE.findall(_fold(text))
    return [_singular(w) for w in words if w not in _DROP_WORDS]


def _singular(word: str) -> str:
    # "Beverages"/"Beverage", "Services"/"Service": crude but symmetric, as
    # table keys go through the same function.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _key(text: str) -> str:
    return "".join(_words(text))


def sector_for_code(code: str) -> str | None:
    """Sector code ("51", "31-33") for a NAICS code of 2-6 digits, or None."""
    code = code.strip()
    if code in NAICS_SECTORS:
        return code
    if not code.isdigit() or not 2 <= len(code) <= 6:
        return None
    return _PREFIX_TO_SECTOR.get(code[:2])


@lru_cache(maxsize=32)
def _table(extra_items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Compact key → sector code: titles, built-in keywords, then user config."""
    table: dict[str, str] = {}
    for code, title in NAICS_SECTORS.items():
        table[_key(title)] = code
    for keyword, code in INDUSTRY_KEYWORDS.items():
        table[_key(keyword)] = code
    for text, code in extra_items:
        sector = sector_for_code(str(code))
        if sector is None:
            raise RevopsInputError(
                f"Industry map entry {text!r} = {code!r} is not a NAICS code.",
                hint='Use a 2-6 digit NAICS code such as "51" or "541511".',
            )
        key = _key(str(text))
        if key:
            table[key] = sector
    table.pop("", None)
    return table


def _extra_items(extra_map: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    if not extra_map:
        return ()
    return tuple((str(k), str(v)) for k, v in extra_map.items())


def _lookup(text: str, table: Mapping[str, str]) -> str | None:
    words = _words(text)
    if not words:
        return None
    exact = table.get("".join(words))
    if exact is not None:
        return exact
    match = _NAICS_RE.fullmatch(text)
    if match:
        return sector_for_code(match.group(1))
    # Phrase search: the longest known phrase inside the text wins, then the
    # earliest; windows are joined without spaces so "e commerce" finds
    # "ecommerce".
    words = words[:_MAX_PHRASE_WORDS]
    best: tuple[int, int, str] | None = None
    for start in range(len(words)):
        joined = ""
        for stop in range(start, len(words)):
            joined += words[stop]
            if len(joined) < _MIN_PHRASE_CHARS:
                continue
            code = table.get(joined)
            if code is not None and (best is None or len(joined) > best[0]):
                best = (len(joined), -start, code)
    return best[2] if best else None


def normalize_industry(value: object, extra_map: Mapping[str, str] | None = None) -> tuple:
    """One industry value → ``(value, flag, rule, naics_code, naics_sector)``."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return (None, None, None, None, None)
    if isinstance(value, float) and value.is_integer():
        raw = str(int(value))  # an Excel cell holding 541511.0
    else:
        raw = str(value)
    tidy = " ".join(raw.split())
    if not tidy:
        return (None, None, None, None, None)
    code = _lookup(tidy, _table(_extra_items(extra_map)))
    if code is None:
        return (raw, FLAG_NOT_MAPPED, None, None, None)
    rule = RULE_TRIM if tidy != raw else None
    return (tidy, None, rule, code, NAICS_SECTORS[code])


def normalize_industry_column(
    industries: pd.Series, extra_map: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Trim each industry and map it to a NAICS sector, once per distinct value."""
    items = _extra_items(extra_map)
    _table(items)  # a bad config entry raises here, even for an empty column
    extra = dict(items) if items else None
    result = map_distinct(industries, lambda v: normalize_industry(v, extra), COLUMNS)
    # map_distinct's frame may come back with pandas' "str" dtype, which turns
    # None into NaN; the contract is object columns holding None.
    return result.astype(object).where(result.notna(), None)
