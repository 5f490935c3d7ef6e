"""Lead and contact exports: canonical fields and the header spellings of common CRMs."""

from __future__ import annotations

from revops_cli.columns.languages import LEAD_TRANSLATIONS, translated

# Canonical lead/contact fields with the header spellings of common exports,
# most specific first: when two headers match one field, the one matching the
# earlier alias wins (e.g. "Lead Source" beats "Original Source").
LEAD_ALIASES: dict[str, tuple[str, ...]] = {
    "lead_id": (
        "Lead ID", "Contact ID", "Record ID", "Record Id", "Person ID", "Person - ID", "Marketo ID", "Lead Id",
        "Id", "ID", "hs_object_id", "VID", "Lead Number", "Prospect ID", "Customer ID", "Salesforce ID",
        "18 Digit ID", "Record ID - Contact",
        "Contact Record ID", "Apollo Contact Id", "Lead Record ID", "Zoho Lead ID",
    ),
    "first_name": ("First Name", "FirstName", "Given Name", "Person - First name", "First", "Forename", "fname"),
    "last_name": ("Last Name", "LastName", "Surname", "Family Name", "Person - Last name", "Last", "lname"),
    "full_name": (
        "Full Name", "Name", "Contact Name", "Lead Name", "Person - Name", "Person Name", "Contact", "mktoName",
        "Display Name", "Person Full Name", "Contact Full Name",
    ),
    "email": (
        "Email", "Email Address", "E-mail", "E-mail Address", "Work Email", "Business Email", "Primary Email",
        "Person - Email", "Person - Email - Work", "Email 1", "Contact Email", "Lead Email",
        "Email1", "emailaddress1", "email_from", "Emails 1 Email", "Primary Email Address", "Work Email Address",
        "Email (Work)",
    ),
    "phone": (
        "Phone", "Phone Number", "Business Phone", "Work Phone", "Office Phone", "Person - Phone",
        "Person - Phone - Work", "Telephone", "Tel", "Main Phone", "Direct Phone", "Phone 1", "Direct Dial",
        "telephone1", "phone_work", "Phone (Work)", "Phones 1 Phone", "Work Direct Phone", "Corporate Phone",
        "Company Phone",
    ),
    "mobile_phone": (
        "Mobile", "Mobile Phone", "MobilePhone", "Mobile Phone Number", "Mobile Number", "Cell", "Cell Phone",
        "Person - Phone - Mobile",
        "mobilephone", "phone_mobile", "Phone (Mobile)", "Cell Phone Number", "Mobile Phone 1",
    ),
    "company": (
        "Company", "Company Name", "Account Name", "Account", "Organization", "Organisation", "Organization Name",
        "Organization - Name", "Org Name", "Employer", "Associated Company", "Company / Account",
        "Partner Name", "Company Title", "Company Name for Emails", "Current Company", "Organisation Name",
    ),
    "title": (
        "Title", "Job Title", "JobTitle", "Position", "Designation", "Job Role", "Person - Job title",
        "Job Function Title", "Job Position", "POST",
    ),
    "country": (
        "Country", "Country/Region", "Country Region", "Country Name", "Country Code", "Mailing Country",
        "Billing Country", "Address Country", "Person - Country", "Nation",
        "Company Country",
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
    "industry": (
        "Industry", "Industry Vertical", "Vertical", "Sector", "Company Industry", "industrycode", "Industry Type",
    ),
    "employees": (
        "No. of Employees", "Number of Employees", "NumberOfEmployees", "numemployees", "Employees",
        "Employee Count", "Employee Range", "Company Size", "Headcount", "Size", "Employees Range",
    ),
    "annual_revenue": ("Annual Revenue", "AnnualRevenue", "Revenue", "Company Revenue", "Annual Revenue (USD)", "Revenue Range"),
    "lead_source": (
        "Lead Source", "LeadSource", "Original Source", "Original Source Type", "hs_analytics_source",
        "Person Source", "Source", "Acquisition Source", "Channel",
        "leadsourcecode", "Lead Source Type",
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
        "Date Create", "Date Entered", "Date Added", "Add Time", "Date Created Time",
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
        "Last Active", "notes_last_contacted", "notes_last_updated", "hs_last_sales_activity_timestamp",
        "Last Activity Date/Time", "Last Engagement", "Last Sales Activity Date", "Last Touch",
    ),
    "owner": (
        "Lead Owner", "Contact Owner", "Owner", "Record Owner", "Owner Name", "Assigned To", "Sales Owner",
        "HubSpot Owner", "hubspot_owner_id", "Person - Owner", "Assigned Rep", "Rep", "OwnerId", "Owner ID",
        "Assigned By", "Assigned User", "Assigned User Name", "Salesperson", "Lead Owner Name",
        "Contact Owner Name", "Responsible", "Responsible Person",
        "User",
    ),
    "score": (
        "Lead Score", "Score", "HubSpot Score", "hubspotscore", "Person Score", "Total Score", "Points",
        "Lead Points",
    ),
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
        "hs_email_optout", "Opted Out Of Email",
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
    # Web and marketing-automation behaviour (HubSpot, Marketo, Pardot and web-analytics exports): the
    # behavioural points rules read them, and `leads fit` learns ladders on them.
    "visits": (
        "TotalVisits", "Total Visits", "Number of Sessions", "hs_analytics_num_visits", "Number of Visits",
        "Web Sessions", "Website Sessions", "Sessions", "Visits",
    ),
    "time_on_site": (  # seconds
        "Total Time Spent on Website", "Time Spent on Website", "Time on Site", "Total Time on Site",
        "Time on Website", "Time Spent on Site",
    ),
    "pages_per_visit": (
        "Page Views Per Visit", "Pages per Visit", "Pages/Visit", "Pages per Session", "Pages/Session",
        "Average Page Views", "hs_analytics_average_page_views", "Avg Pages per Visit",
    ),
    # What the last activity was ("Email Opened", "Form Submitted"): a "Last Activity" column holding such
    # labels instead of dates comes here by its values (columns.confirm).
    "last_activity_type": (
        "Last Activity Type", "Last Notable Activity", "Recent Conversion", "Recent Conversion Event Name",
        "recent_conversion_event_name", "Last Engagement Type", "Last Interaction Type",
        "Last Notable Activity Type", "Recent Conversion Event", "Most Recent Activity", "Last Activity Name",
        "Last Action", "Last Touch Type",
    ),
    "lead_origin": (
        "Lead Origin", "First Conversion", "First Conversion Event Name", "first_conversion_event_name",
        "Original Form", "First Form", "Conversion Form",
    ),
    "email_replies": ("Marketing emails replied", "hs_email_replied", "Email Replies", "Emails Replied", "Replies"),
    "emails_delivered": (
        "Marketing emails delivered", "hs_email_delivered", "Emails Delivered", "Emails Sent", "Email Sends",
    ),
    # Mr. / Ms. / Dr. / Herr / Frau / Mme: a "Title" column of these comes here by its values (columns.confirm).
    "salutation": ("Salutation", "Name Prefix", "Prefix", "Honorific", "Courtesy Title", "Salutation Code"),
}

#: Engagement-count fields and the behavioural event each one counts (scoring).
ENGAGEMENT_FIELDS: dict[str, str] = {
    "page_views": "page_view", "form_fills": "form_fill", "email_opens": "email_open",
    "email_clicks": "email_click", "content_downloads": "content_download",
    "events_attended": "event_attended", "demo_requested": "demo_request",
}

LEAD_ALIASES = translated(LEAD_ALIASES, LEAD_TRANSLATIONS)  # + other languages

CANONICAL_FIELDS: tuple[str, ...] = tuple(LEAD_ALIASES)


# Lead columns only the funnel reads: stage timestamps and sales acceptance. A schema of its own
# (detected over the same leads file) so a column can be both, say, a lifecycle "converted" flag
# and the funnel's opportunity date.
FUNNEL_ALIASES: dict[str, tuple[str, ...]] = {
    "lead_at": ("Became a Lead Date", "hs_lifecyclestage_lead_date", "Lead Date", "Date Became Lead"),
    "mql_at": (
        "Became a Marketing Qualified Lead Date", "hs_lifecyclestage_marketingqualifiedlead_date", "MQL Date",
        "Date Became MQL", "MQL At", "Marketing Qualified Date",
    ),
    "sql_at": (
        "Became a Sales Qualified Lead Date", "hs_lifecyclestage_salesqualifiedlead_date", "SQL Date",
        "Date Became SQL", "SQL At", "Sales Qualified Date",
    ),
    "opportunity_at": (
        "Became an Opportunity Date", "hs_lifecyclestage_opportunity_date", "Opportunity Date",
        "Date Became Opportunity", "Converted Date", "ConvertedDate",
    ),
    "customer_at": ("Became a Customer Date", "hs_lifecyclestage_customer_date", "Customer Date", "Date Became Customer"),
    "accepted": (
        "Accepted", "Lead Accepted", "Sales Accepted", "Accepted by Sales", "Accepted/Rejected", "Acceptance",
        "Sales Acceptance", "Accept/Reject",
    ),
    # A marketing-qualified-lead table (Olist-style: mql_id, first_contact_date, landing_page_id, origin): every row
    # is an MQL, its id links the closed-deals table, and the first contact is when the lead came in.
    "mql_id": ("MQL ID", "mql_id", "Marketing Qualified Lead ID", "MQL Id"),
    "first_contact_at": ("First Contact Date", "First Contact", "Date of First Contact", "First Contact At",
                         "First Contacted"),
}


#: Headers of a last-modified date and of a converted flag / converted opportunity id, compared like
#: column detection (case, spaces, punctuation and "__c" ignored); earlier names win. Only
#: `leads lifecycle` reads them, so they are not canonical fields.
MODIFIED_HEADERS: tuple[str, ...] = (
    "Last Modified Date", "LastModifiedDate", "Last Modified", "Last Modified At", "Last Modified Time",
    "Modified Date", "Date Modified", "hs_lastmodifieddate",
)
CONVERTED_HEADERS: tuple[str, ...] = (
    "Converted Opportunity ID", "ConvertedOpportunityId", "Converted Opportunity", "IsConverted", "Is Converted",
    "Converted", "Converted Date", "ConvertedDate", "Associated Deal", "Associated Deal IDs",
)
