"""The rep roster and the territory table that routing reads."""

from __future__ import annotations

from revops_cli.columns.languages import REP_TRANSLATIONS, translated

# Rep roster (reps.csv, a Salesforce user export, a hand-kept sheet): routing reads it.
REP_ALIASES: dict[str, tuple[str, ...]] = {
    "rep_id": ("Rep ID", "User ID", "UserId", "Owner ID", "Employee ID", "Id", "ID"),
    "name": (
        "Name", "Rep Name", "Full Name", "User", "User Name", "Owner Name", "Rep", "Owner", "Sales Rep",
        "User Full Name", "Display Name", "Salesperson", "Account Executive",
    ),
    "email": ("Email", "Email Address", "Work Email", "User Email", "Rep Email", "Owner Email"),
    "role": ("Role", "Rep Role", "Sales Role", "Profile", "Job Title", "Title", "Position", "User Role"),
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
    # the forecast roll-up's rep -> manager level
    "manager": ("Manager", "Reports To", "Manager Name", "Sales Manager", "Team Lead", "Reports To Name"),
}

REP_ALIASES = translated(REP_ALIASES, REP_TRANSLATIONS)  # + other languages


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
