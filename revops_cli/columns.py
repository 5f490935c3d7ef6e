"""Columns by meaning, not by spelling (SPEC contract 3).

Commands work on canonical fields (``email``, ``company``, ``created_at``...).
Headers of Salesforce, HubSpot, Marketo, Pipedrive and Zoho exports (report
labels and API names) are recognised case-, space- and punctuation-
insensitively; ``--map field=Header`` and the config's ``[columns]`` table
override detection. Detection never renames anything: the mapping points at
the file's own columns, so original headers survive to the output.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from revops_cli.errors import RevopsInputError

# Canonical lead/contact fields with the header spellings of common exports,
# most specific first: when two headers match one field, the one matching the
# earlier alias wins (e.g. "Lead Source" beats "Original Source").
LEAD_ALIASES: dict[str, tuple[str, ...]] = {
    "lead_id": (
        "Lead ID", "Contact ID", "Record ID", "Record Id", "Person ID", "Person - ID", "Marketo ID", "Lead Id",
        "Id", "ID", "hs_object_id", "VID", "Lead Number", "Prospect ID", "Customer ID", "Salesforce ID",
        "18 Digit ID", "Record ID - Contact",
    ),
    "first_name": ("First Name", "FirstName", "Given Name", "Person - First name", "First", "Forename", "fname"),
    "last_name": ("Last Name", "LastName", "Surname", "Family Name", "Person - Last name", "Last", "lname"),
    "full_name": ("Full Name", "Name", "Contact Name", "Lead Name", "Person - Name", "Person Name", "Contact"),
    "email": (
        "Email", "Email Address", "E-mail", "E-mail Address", "Work Email", "Business Email", "Primary Email",
        "Person - Email", "Person - Email - Work", "Email 1", "Contact Email", "Lead Email",
    ),
    "phone": (
        "Phone", "Phone Number", "Business Phone", "Work Phone", "Office Phone", "Person - Phone",
        "Person - Phone - Work", "Telephone", "Tel", "Main Phone", "Direct Phone", "Phone 1", "Direct Dial",
    ),
    "mobile_phone": (
        "Mobile", "Mobile Phone", "MobilePhone", "Mobile Phone Number", "Mobile Number", "Cell", "Cell Phone",
        "Person - Phone - Mobile",
    ),
    "company": (
        "Company", "Company Name", "Account Name", "Account", "Organization", "Organisation", "Organization Name",
        "Organization - Name", "Org Name", "Employer", "Associated Company", "Company / Account",
    ),
    "title": ("Title", "Job Title", "JobTitle", "Position", "Designation", "Job Role", "Person - Job title", "Job Function Title"),
    "country": (
        "Country", "Country/Region", "Country Region", "Country Name", "Country Code", "Mailing Country",
        "Billing Country", "Address Country", "Person - Country", "Nation",
    ),
    "state": (
        "State/Province", "State", "State/Region", "State or Province", "Province", "State Code",
        "Mailing State/Province", "Billing State/Province", "Region/State", "State/Province Code",
    ),
    "city": ("City", "Town", "Mailing City", "Billing City", "Locality", "City/Town"),
    "postal_code": (
        "Zip/Postal Code", "Postal Code", "PostalCode", "Zip", "Zip Code", "Postcode", "Post Code", "PLZ",
        "Mailing Zip/Postal Code", "Billing Zip/Postal Code",
    ),
    "website": ("Website", "Website URL", "Web Site", "Company Website", "URL", "Domain", "Company Domain Name", "Web"),
    "industry": ("Industry", "Industry Vertical", "Vertical", "Sector", "Company Industry"),
    "employees": (
        "No. of Employees", "Number of Employees", "NumberOfEmployees", "numemployees", "Employees",
        "Employee Count", "Employee Range", "Company Size", "Headcount", "Size", "Employees Range",
    ),
    "annual_revenue": ("Annual Revenue", "AnnualRevenue", "Revenue", "Company Revenue", "Annual Revenue (USD)", "Revenue Range"),
    "lead_source": (
        "Lead Source", "LeadSource", "Original Source", "Original Source Type", "hs_analytics_source",
        "Person Source", "Source", "Acquisition Source", "Lead Origin", "Channel",
    ),
    "status": ("Lead Status", "Status", "hs_lead_status", "Contact Status", "Person Status"),
    "substatus": (
        "Lead Substatus", "Substatus", "Sub-status", "Sub Status", "Status Reason", "Lead Status Reason", "Disposition",
        "Disposition Reason", "Unqualified Reason", "Disqualification Reason", "Disqualified Reason",
        "Not Converted Reason", "Closed Reason",
    ),
    "created_at": (
        "Create Date", "Created Date", "CreatedDate", "createdate", "Created", "Created At", "Date Created",
        "Created Time", "Created On", "Lead Created Date", "Person - Person created", "Creation Date",
    ),
    "assigned_at": (
        "Assigned Date", "Assignment Date", "Date Assigned", "Assigned At", "Owner Assigned Date",
        "Owner Assigned", "HubSpot Owner Assigned Date", "hubspot_owner_assigneddate", "Lead Assigned Date",
    ),
    "status_changed_at": (
        "Status Changed Date", "Status Change Date", "Last Status Change", "Lead Status Changed",
        "Status Last Modified", "Disposition Date", "Status Date", "Status Updated",
    ),
    "last_activity_at": (
        "Last Activity", "Last Activity Date", "LastActivityDate", "Last Contacted", "Last Engagement Date",
        "Last Touch Date", "Last Activity At",
    ),
    "owner": (
        "Lead Owner", "Contact Owner", "Owner", "Record Owner", "Owner Name", "Assigned To", "Sales Owner",
        "HubSpot Owner", "hubspot_owner_id", "Person - Owner", "Assigned Rep", "Rep", "OwnerId", "Owner ID",
    ),
    "score": ("Lead Score", "Score", "HubSpot Score", "hubspotscore", "Person Score", "Total Score"),
    "rating": ("Rating", "Lead Rating", "Lead Grade", "Priority", "Band", "Temperature"),
    "lifecycle_stage": ("Lifecycle Stage", "lifecyclestage", "Funnel Stage", "Lead Stage", "Stage"),
    "campaign": ("Primary Campaign Source", "Campaign", "Campaign Name", "Primary Campaign", "Last Campaign", "Campaign Source"),
    "consent": (
        "Consent", "GDPR Consent", "Marketing Consent", "Legal basis for processing contact's data", "Legal Basis",
        "Opt In", "Marketing Opt In", "Opted In", "Consent Status",
    ),
    "unsubscribed": (
        "Email Opt Out", "HasOptedOutOfEmail", "Unsubscribed", "Unsubscribed from all email", "Opted Out",
        "Do Not Email", "Email Opt-Out", "Unsubscribe", "Do Not Contact", "DoNotCall",
    ),
    "bounced": (
        "Email Bounced", "Email Bounced Reason", "EmailBouncedReason", "Email hard bounce reason", "Hard Bounce",
        "Bounced", "Email Invalid", "Bounce", "Email Bounced Date",
    ),
    "account_id": ("Account ID", "AccountId", "Company ID", "Associated Company ID", "Organization ID", "Org ID"),
    # Engagement counts some exports carry (HubSpot, Marketo, Pardot): behavioural scoring reads them.
    "page_views": (
        "Number of Pageviews", "Page Views", "Pageviews", "Number of Page Views", "hs_analytics_num_page_views",
        "Web Page Visits", "Website Visits", "Pages Viewed",
    ),
    "form_fills": (
        "Number of Form Submissions", "Form Submissions", "Form Fills", "Forms Filled", "num_conversion_events",
        "Number of Conversions", "Conversions",
    ),
    "email_opens": ("Marketing emails opened", "Email Opens", "Emails Opened", "hs_email_open", "Opens"),
    "email_clicks": ("Marketing emails clicked", "Email Clicks", "Emails Clicked", "hs_email_click", "Clicks"),
    "content_downloads": ("Content Downloads", "Downloads", "Number of Downloads", "Assets Downloaded"),
    "events_attended": ("Events Attended", "Webinars Attended", "Number of Events Attended", "Event Attendance"),
    "demo_requested": (
        "Demo Requested", "Demo Request", "Requested Demo", "Demo Request Date", "Demo Requested Date",
        "Demo Requested On",
    ),
}

#: Engagement-count fields and the behavioural event each one counts (scoring).
ENGAGEMENT_FIELDS: dict[str, str] = {
    "page_views": "page_view", "form_fills": "form_fill", "email_opens": "email_open",
    "email_clicks": "email_click", "content_downloads": "content_download",
    "events_attended": "event_attended", "demo_requested": "demo_request",
}

CANONICAL_FIELDS: tuple[str, ...] = tuple(LEAD_ALIASES)

# Canonical account (company / organization) fields of account exports: Salesforce
# accounts (report labels and API names), HubSpot companies, Pipedrive
# organizations and Zoho accounts. Same shape and ordering rule as LEAD_ALIASES.
ACCOUNT_ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": (
        "Account ID", "AccountId", "Account Id", "Id", "ID", "Record ID", "Record Id", "hs_object_id",
        "Company ID", "Organization - ID", "Organization ID", "Org ID", "Salesforce ID", "18 Digit ID",
        "Account ID (18)", "Case Safe ID", "Zoho ID",
    ),
    "account_name": (
        "Account Name", "Name", "Company name", "Company", "Organization - Name", "Organization Name",
        "Organization", "Organisation", "Org Name", "Account", "Legal Name",
    ),
    "website": (
        "Website", "Website URL", "Organization - Website", "Web Site", "Company Website", "URL",
        "Company Domain Name", "Domain", "Web",
    ),
    "phone": (
        "Phone", "Phone Number", "Account Phone", "Organization - Phone", "Company Phone", "Main Phone",
        "Telephone", "Tel", "Switchboard",
    ),
    "country": (
        "Billing Country", "BillingCountry", "Country", "Country/Region", "Country Region", "Organization - Country",
        "Billing Country Code", "BillingCountryCode", "Country Code", "Shipping Country", "Address Country",
    ),
    "state": (
        "Billing State/Province", "BillingState", "Billing State", "State/Province", "State", "State/Region",
        "Organization - State", "Province", "Billing State Code", "BillingStateCode", "State Code",
        "Shipping State/Province",
    ),
    "city": ("Billing City", "BillingCity", "City", "Organization - City", "Town", "Shipping City", "Locality"),
    "industry": ("Industry", "Organization - Industry", "Industry Vertical", "Vertical", "Sector"),
    "employees": (
        "Employees", "NumberOfEmployees", "Number of Employees", "No. of Employees",
        "Organization - Number of employees", "Organization - Employees", "Employee Count", "Headcount",
        "Company Size", "Employee Range",
    ),
    "annual_revenue": (
        "Annual Revenue", "AnnualRevenue", "Organization - Annual revenue", "Revenue", "Company Revenue",
        "Annual Revenue (USD)", "Revenue Range",
    ),
    "owner": (
        "Account Owner", "Company owner", "Organization - Owner", "Owner", "OwnerId", "Owner ID", "Owner Name",
        "Record Owner", "HubSpot Owner", "hubspot_owner_id", "Account Owner Name",
    ),
    "parent_account_id": (
        "Parent Account ID", "ParentId", "Parent ID", "Parent Account", "Parent Company ID", "Parent Company",
        "Parent Organization ID", "Parent Organization", "Parent Account Name", "Parent",
    ),
}

# Rep roster (reps.csv, a Salesforce user export, a hand-kept sheet): routing reads it.
REP_ALIASES: dict[str, tuple[str, ...]] = {
    "rep_id": ("Rep ID", "User ID", "UserId", "Owner ID", "Employee ID", "Id", "ID"),
    "name": ("Name", "Rep Name", "Full Name", "User", "User Name", "Owner Name", "Rep", "Owner", "Sales Rep"),
    "email": ("Email", "Email Address", "Work Email", "User Email"),
    "role": ("Role", "Rep Role", "Sales Role", "Profile", "Job Title", "Title", "Position"),
    "territory": ("Territory", "Territories", "Sales Territory", "Territory Name", "Region", "Team"),
    "weight": ("Weight", "Round Robin Weight", "RR Weight", "Share", "Lead Share"),
    "capacity": ("Capacity", "Max Leads", "Max Open Leads", "Lead Capacity", "Lead Cap", "Cap"),
    "load": ("Open Leads", "Current Load", "Load", "Open Lead Count", "Assigned Leads", "Current Leads"),
    "active": ("Active", "Is Active", "IsActive", "Enabled", "Available"),
    "out_of_office_until": (
        "Out Of Office Until", "OOO Until", "Out of Office", "OOO", "Away Until", "Back On", "Unavailable Until",
        "Return Date",
    ),
    "timezone": ("Time Zone", "Timezone", "TZ", "TimeZoneSidKey", "Time Zone Key", "IANA Time Zone"),
    "working_hours": ("Working Hours", "Work Hours", "Business Hours", "Hours", "Shift"),
    "country": ("Country", "Holiday Country", "Office Country", "Location"),
}

# Territory rules (territories.csv): one row per territory, first match (by priority) wins.
TERRITORY_ALIASES: dict[str, tuple[str, ...]] = {
    "territory": ("Territory", "Territory Name", "Name", "Region"),
    "priority": ("Priority", "Order", "Rank", "Sort Order", "Precedence"),
    "countries": ("Countries", "Country", "Country Codes", "Countries/Regions"),
    "states": ("States", "State", "States/Provinces", "Provinces", "State/Province", "Subdivisions"),
    "industries": ("Industries", "Industry", "Verticals", "Vertical", "NAICS", "Sectors"),
    "size_tier": ("Size Tier", "Size Tiers", "Company Size", "Employees", "Employee Range", "Size"),
    "named_accounts": ("Named Accounts", "Named Account List", "Accounts", "Account List", "Target Accounts"),
}

# Activities / tasks / engagement exports: scoring (behaviour) and the SLA audit read them.
ACTIVITY_ALIASES: dict[str, tuple[str, ...]] = {
    "activity_id": ("Activity ID", "Task ID", "Event ID", "Engagement ID", "Record ID", "Id", "ID"),
    "lead_id": (
        "Lead ID", "Who ID", "WhoId", "Contact ID", "Person ID", "Lead/Contact ID", "Associated Contact ID",
        "Record ID - Contact", "Marketo ID", "Lead Id",
    ),
    "email": ("Email", "Email Address", "Contact Email", "Lead Email", "Person - Email", "Recipient", "Recipient Email"),
    "type": (
        "Activity Type", "Type", "Task Type", "Task Subtype", "TaskSubtype", "Event Type", "Engagement Type",
        "Activity", "Interaction Type",
    ),
    "subject": ("Subject", "Activity Name", "Title", "Description", "Details"),
    "timestamp": (
        "Activity Date", "Activity Date/Time", "Date/Time", "Timestamp", "Activity Timestamp", "Occurred At",
        "Completed Date", "Completed Date/Time", "Date", "ActivityDate", "Start Date", "Created Date", "CreatedDate",
        "Create Date",
    ),
    "rep": ("Assigned", "Assigned To", "Activity Owner", "Owner", "Rep", "User", "Created By", "Sales Rep"),
    "outcome": ("Call Result", "Call Outcome", "Outcome", "Result", "Disposition", "Status"),
}

# Opportunity / deal exports: score calibration and the deals audit read them.
OPPORTUNITY_ALIASES: dict[str, tuple[str, ...]] = {
    "opportunity_id": ("Opportunity ID", "Deal ID", "Opportunity Id", "Record ID", "Id", "ID"),
    "lead_id": ("Converted Lead ID", "ConvertedLeadId", "Original Lead ID", "Lead ID", "Contact ID", "Primary Contact ID"),
    "email": ("Contact Email", "Primary Contact Email", "Email", "Email Address"),
    "name": ("Opportunity Name", "Deal Name", "Name"),
    "account_name": ("Account Name", "Company", "Company Name", "Organization", "Account", "Associated Company"),
    "stage": ("Stage", "StageName", "Deal Stage", "Opportunity Stage", "Pipeline Stage"),
    "amount": ("Amount", "Deal Amount", "Opportunity Amount", "Amount (converted)", "Value", "Deal Value", "ACV"),
    "probability": ("Probability (%)", "Probability", "Win Probability", "Deal Probability"),
    "close_date": ("Close Date", "CloseDate", "Expected Close Date", "Closed Date"),
    "created_at": ("Created Date", "Create Date", "CreatedDate", "Deal Created", "Created"),
    "stage_entered_at": (
        "Stage Entered Date", "Stage Change Date", "Last Stage Change Date", "Date entered current stage", "Stage Date",
    ),
    "owner": ("Opportunity Owner", "Deal Owner", "Owner", "Owner Name"),
    "campaign": ("Primary Campaign Source", "Campaign", "Campaign Name"),
    "lead_source": ("Lead Source", "Source", "Original Source"),
    "discount": ("Discount (%)", "Discount", "Discount Percent"),
    "discount_approved_by": ("Discount Approved By", "Approved By", "Discount Approver"),
    "next_step": ("Next Step", "NextStep", "Next Steps"),
    "won": ("Won", "Is Won", "IsWon", "Closed Won"),
}

SCHEMAS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": LEAD_ALIASES, "accounts": ACCOUNT_ALIASES, "reps": REP_ALIASES, "territories": TERRITORY_ALIASES,
    "activities": ACTIVITY_ALIASES, "opportunities": OPPORTUNITY_ALIASES,
}

# Words that decorate a header without changing its meaning ("Person - Email - Work",
# "Mailing Country", "Industry__c"). Tried only when no alias matches exactly.
_NOISE_TOKENS = {
    "person", "lead", "contact", "work", "primary", "main", "business", "mailing", "billing", "c", "the",
    "of", "hs", "custom", "field", "value", "current", "default",
}


def header_key(header: str) -> str:
    """Compare key of a header: accents folded, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    folded = re.sub(r"__c$", "", folded.strip())
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _tokens(header: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", folded)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


def _loose_key(header: str) -> str:
    return "".join(t for t in _tokens(header) if t not in _NOISE_TOKENS)


@dataclass
class ColumnMapping:
    """Which column of a file holds which canonical field, and how we know."""

    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> frame column
    how: dict[str, str] = field(default_factory=dict)  # canonical field -> alias | loose | --map | config
    unmapped: list[str] = field(default_factory=list)  # frame columns holding no canonical field
    also: dict[str, list[str]] = field(default_factory=dict)  # field -> other columns that look like it

    def get(self, canonical: str) -> str | None:
        return self.fields.get(canonical)

    def __contains__(self, canonical: str) -> bool:
        return canonical in self.fields

    def to_dict(self) -> dict:
        return {
            "fields": {f: {"column": c, "how": self.how.get(f)} for f, c in self.fields.items()},
            "unmapped": self.unmapped,
            "also_looks_like": self.also,
        }


def _alias_index(schema: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    exact: dict[str, tuple[str, int]] = {}
    loose: dict[str, tuple[str, int]] = {}
    for canonical, aliases in schema.items():
        for rank, alias in enumerate((canonical, *aliases)):
            exact.setdefault(header_key(alias), (canonical, rank))
            key = _loose_key(alias)
            if key:
                loose.setdefault(key, (canonical, rank))
    return exact, loose


def detect_columns(
    columns: Sequence[str],
    *,
    schema: str = "leads",
    overrides: Mapping[str, str | None] | None = None,
    config_columns: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    source: str = "the file",
) -> ColumnMapping:
    """Map canonical fields to the columns of a file.

    ``columns`` are the frame's column names; ``headers`` maps them to the
    original header text when they differ. ``config_columns`` (the config's
    ``[columns]`` table) and then ``overrides`` (``--map``) take precedence over
    detection; an override to ``None``/empty unmaps the field.
    """
    aliases = SCHEMAS[schema]
    exact, loose = _alias_index(aliases)
    original = {c: (headers or {}).get(c, c) for c in columns}
    mapping = ColumnMapping()

    forced: dict[str, tuple[str | None, str]] = {}
    for how, table in (("config", config_columns or {}), ("--map", overrides or {})):
        for canonical, header in table.items():
            if canonical not in aliases:
                raise RevopsInputError(
                    f"{how} {canonical}={header}: unknown field {canonical!r}"
                    f"{_suggest(canonical, aliases)}. Fields: {', '.join(aliases)}."
                )
            forced[canonical] = (_find_column(header, columns, original, source, how, canonical) if header else None, how)

    taken = {col for col, _ in forced.values() if col}
    candidates: dict[str, list[tuple[int, int, str, str]]] = {}
    for position, column in enumerate(columns):
        if column in taken:
            continue
        hit = exact.get(header_key(original[column]))
        how = "alias"
        if hit is None:
            hit = loose.get(_loose_key(original[column]))
            how = "loose"
        if hit is None:
            continue
        canonical, rank = hit
        penalty = 0 if how == "alias" else 1000
        candidates.setdefault(canonical, []).append((penalty + rank, position, column, how))

    for canonical in aliases:
        if canonical in forced:
            column, how = forced[canonical]
            if column:
                mapping.fields[canonical] = column
                mapping.how[canonical] = how
            others = [c for *_, c, _h in candidates.get(canonical, [])]
            if others:
                mapping.also[canonical] = others
            continue
        found = sorted(candidates.get(canonical, []))
        if found:
            _, _, column, how = found[0]
            mapping.fields[canonical] = column
            mapping.how[canonical] = how
            if len(found) > 1:
                mapping.also[canonical] = [c for _, _, c, _ in found[1:]]
    used = set(mapping.fields.values())
    mapping.unmapped = [c for c in columns if c not in used]
    return mapping


def _find_column(header: str, columns: Sequence[str], original: Mapping[str, str], source: str, how: str, canonical: str) -> str:
    for column in columns:
        if original[column] == header or column == header:
            return column
    key = header_key(header)
    matches = [c for c in columns if header_key(original[c]) == key]
    if len(matches) == 1:
        return matches[0]
    names = [original[c] for c in columns]
    close = difflib.get_close_matches(header, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise RevopsInputError(
        f"{how} {canonical}={header}: {source} has no column {header!r}{hint}. Columns: {', '.join(repr(n) for n in names)}."
    )


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_map_options(values: Sequence[str] | None) -> dict[str, str | None]:
    """Turn repeated ``--map field=Header`` options into a dict; ``field=`` unmaps the field."""
    result: dict[str, str | None] = {}
    for item in values or ():
        if "=" not in item:
            raise RevopsInputError(
                f"--map {item!r}: expected field=Header, for example --map email='Work Email' (or --map phone= to ignore a column)."
            )
        canonical, header = item.split("=", 1)
        result[canonical.strip()] = header.strip() or None
    return result
