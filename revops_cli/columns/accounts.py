"""Account (company / organization) exports."""

from __future__ import annotations

from revops_cli.columns.languages import ACCOUNT_TRANSLATIONS, translated

# Canonical account (company / organization) fields of account exports: Salesforce
# accounts (report labels and API names), HubSpot companies, Pipedrive
# organizations and Zoho accounts. Same shape and ordering rule as LEAD_ALIASES.
ACCOUNT_ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": (
        "Account ID", "AccountId", "Account Id", "Id", "ID", "Record ID", "Record Id", "hs_object_id",
        "Company ID", "Organization - ID", "Organization ID", "Org ID", "Salesforce ID", "18 Digit ID",
        "Account ID (18)", "Case Safe ID", "Zoho ID",
        "Company Record ID", "Apollo Account Id", "Organization Record ID",
    ),
    "account_name": (
        "Account Name", "Name", "Company name", "Company", "Organization - Name", "Organization Name",
        "Organization", "Organisation", "Org Name", "Account", "Legal Name",
        "Customer Name", "Customer", "Client Name", "Client", "Company Title", "Partner Name",
    ),
    "website": (
        "Website", "Website URL", "Organization - Website", "Web Site", "Company Website", "URL",
        "Company Domain Name", "Domain", "Web", "Company Domain",
    ),
    "phone": (
        "Phone", "Phone Number", "Account Phone", "Organization - Phone", "Company Phone", "Main Phone",
        "Telephone", "Tel", "Switchboard",
        "telephone1", "Corporate Phone", "Office Phone", "Business Phone",
    ),
    "country": (
        "Billing Country", "BillingCountry", "Country", "Country/Region", "Country Region", "Organization - Country",
        "Billing Country Code", "BillingCountryCode", "Country Code", "Shipping Country", "Address Country",
        "Company Country", "Country Name",
    ),
    "state": (
        "Billing State/Province", "BillingState", "Billing State", "State/Province", "State", "State/Region",
        "Organization - State", "Province", "Billing State Code", "BillingStateCode", "State Code",
        "Shipping State/Province",
        "Company State", "State or Province",
    ),
    "city": (
        "Billing City", "BillingCity", "City", "Organization - City", "Town", "Shipping City", "Locality",
        "Company City", "Mailing City",
    ),
    "industry": (
        "Industry", "Organization - Industry", "Industry Vertical", "Vertical", "Sector", "industrycode",
        "Industry Type", "Company Industry",
    ),
    "employees": (
        "Employees", "NumberOfEmployees", "Number of Employees", "No. of Employees",
        "Organization - Number of employees", "Organization - Employees", "Employee Count", "Headcount",
        "Company Size", "Employee Range", "Employee Size",
    ),
    "annual_revenue": (
        "Annual Revenue", "AnnualRevenue", "Organization - Annual revenue", "Revenue", "Company Revenue",
        "Annual Revenue (USD)", "Revenue Range",
    ),
    "owner": (
        "Account Owner", "Company owner", "Organization - Owner", "Owner", "OwnerId", "Owner ID", "Owner Name",
        "Record Owner", "HubSpot Owner", "hubspot_owner_id", "Account Owner Name",
        "Salesperson", "Assigned To", "Assigned User", "Assigned User Name", "Assigned By",
        "Responsible", "Responsible Person", "Company Owner Name",
    ),
    "parent_account_id": (
        "Parent Account ID", "ParentId", "Parent ID", "Parent Account", "Parent Company ID", "Parent Company",
        "Parent Organization ID", "Parent Organization", "Parent Account Name", "Parent",
    ),
}

ACCOUNT_ALIASES = translated(ACCOUNT_ALIASES, ACCOUNT_TRANSLATIONS)  # + other languages
