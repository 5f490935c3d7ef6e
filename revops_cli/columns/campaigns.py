"""Campaign exports and campaign reports.

A campaign export has one row per campaign (Salesforce, HubSpot, a sheet kept by hand). A campaign *report*
from an ad or email platform (Google Ads, Meta Ads Manager, LinkedIn Campaign Manager, Mailchimp, HubSpot
email) has one row per campaign and period, device, network, ad group or creative: the dimension fields
(``period``, ``device``, ``network``, ``ad_group``, ``ad_creative``, ``keyword``) say which, and
:mod:`revops_cli.core.marketing.campaigns.report` rolls such rows up to the campaign.
"""

from __future__ import annotations

# Canonical campaign fields with the header spellings of Salesforce (labels and
# API names), HubSpot, the ad and email platforms' reports and hand-kept sheets; same shape as LEAD_ALIASES.
CAMPAIGN_ALIASES: dict[str, tuple[str, ...]] = {
    "campaign_id": ("Campaign ID", "CampaignId", "Campaign Id", "Id", "ID", "Record ID"),
    "name": ("Campaign Name", "Name", "Campaign", "Campaign Title", "Email Name", "Email Campaign", "Title",
             "Campaign Group Name"),
    # the publisher when the report names no campaign (a platform performance sheet: LinkedIn, Google, Meta rows)
    "platform": ("Platform", "Ad Platform", "Publisher Platform", "Publisher", "Ad Channel"),
    # report dimensions: one row per campaign and ...
    "period": ("Day", "Date", "Month", "Week", "Period", "Reporting Starts", "Reporting Start", "Send Date",
               "Sent Date", "Date Sent", "Start Date (in UTC)", "Send Time", "Report Date", "Week (Mon - Sun)",
               "Week (Sun - Sat)", "Month of Year", "Year Month"),
    "device": ("Device", "Device Type", "Impression Device", "Device Platform"),
    "network": ("Network", "Network (with search partners)", "Ad Network Type", "Placement", "Ad Network"),
    "ad_group": ("Ad Group", "Ad Group Name", "Ad Set Name", "Ad Set", "Adset Name", "Campaign Group"),
    "ad_creative": ("Creative ID", "Creative Name", "Creative Id", "Ad Name", "Ad", "Ad ID", "Ad Id"),
    "keyword": ("Keyword", "Search Keyword", "Search Term", "Search term"),
    "type": ("Type", "Campaign Type", "Channel Type"),
    "status": ("Status", "Campaign Status"),
    "start_date": ("Start Date", "StartDate", "Launch Date", "Start"),
    "end_date": ("End Date", "EndDate", "Finish Date", "End"),
    "budget": ("Budgeted Cost", "BudgetedCost", "Budget", "Budgeted Cost in Campaign", "Planned Budget",
               "Approved Budget", "Budget Amount", "Planned Cost"),
    "actual_cost": ("Actual Cost", "ActualCost", "Actual Cost in Campaign", "Total Cost", "Budget Actual",
                    "Amount Spent", "Amount Spent (USD)", "Amount Spent (EUR)", "Amount Spent (GBP)", "Total Spent",
                    "Total Spend", "Cost", "Cost (USD)", "Cost in USD", "Cost In Usd", "Spend", "Actual Spend",
                    "Spent", "Cost in Local Currency", "Cost (Local Currency)"),
    "media_cost": ("Media Cost", "Media", "Media Spend", "Paid Media"),
    "creative_cost": ("Creative Cost", "Creative", "Creative Spend"),
    "tools_cost": ("Tools Cost", "Tools", "Tooling Cost", "Software Cost", "Tool Cost"),
    "labor_cost": ("Labor Cost", "Labour Cost", "Labor", "Labour", "Staff Cost", "People Cost"),
    "approved_by": ("Approved By", "Approver", "Budget Approver", "Budget Approved By", "Approval"),
    "contacts": ("Target Contacts", "Contacts Targeted", "Targeted Contacts", "Audience Size", "List Size",
                 "Target Audience Size", "Contacts", "Number of Contacts", "NumberOfContacts"),
    "leads": ("Leads", "Leads Generated", "Leads Created", "New Leads", "Number of Leads", "NumberOfLeads",
              "Total Leads", "Members", "Campaign Members", "Number of Members", "Total Members"),
    "sent": ("Emails Sent", "Sent", "Number Sent", "NumberSent", "Send Count", "Recipients", "Total Recipients",
             "Sends", "Emails Sent Count"),
    "delivered": ("Delivered", "Emails Delivered", "Delivered Count", "Deliveries", "Successful Deliveries"),
    "impressions": ("Impressions", "Impr.", "Impr", "Total Impressions", "Impression Count", "Views"),
    "opens": ("Opens", "Unique Opens", "Emails Opened", "Open Count", "Opened", "Total Opens"),
    "clicks": ("Clicks", "Unique Clicks", "Emails Clicked", "Click Count", "Clicked", "Link Clicks", "Clicks (All)",
               "Total Clicks"),
    "conversions": ("Conversions", "Conversion Count", "Conv.", "All Conv.", "Total Conversions", "Results",
                    "Form Submissions", "Responses", "NumberOfResponses", "External Website Conversions",
                    "Website Conversions", "Purchases"),
    "revenue": ("Revenue", "Conv. Value", "Conversion Value", "Total Conv. Value", "All Conv. Value",
                "Conversion Value in USD", "Conversion Value in Local Currency", "Purchases Conversion Value",
                "Website Purchases Conversion Value", "Attributed Revenue", "Revenue (USD)", "Order Revenue",
                "Total Revenue", "Closed Won Revenue"),
    "bounces": ("Bounces", "Bounced", "Bounce Count", "Total Bounces", "Hard Bounces", "Emails Bounced"),
    "unsubscribes": ("Unsubscribes", "Unsubscribed", "Unsubscribe Count", "Opt Outs", "Opt-Outs"),
    # rates as the platform printed them (0.23, 23%, "23 %"): read only where the counts are missing
    "open_rate": ("Open Rate", "Unique Open Rate", "Open %", "Open Rate (%)"),
    "click_rate": ("Click Rate", "CTR", "Click-Through Rate", "Click Through Rate", "CTR (Link Click-Through Rate)",
                   "CTR (All)", "Unique Click Rate", "Click %", "Click Rate (%)"),
    "conversion_rate": ("Conv. Rate", "Conversion Rate", "Conversion Rate (%)", "Conv. Rate (%)"),
    "bounce_rate": ("Bounce Rate", "Total Bounce Rate", "Bounce %", "Bounce Rate (%)"),
    "unsubscribe_rate": ("Unsubscribe Rate", "Unsub Rate", "Unsubscribe %", "Unsubscribe Rate (%)"),
    "utm_source": ("UTM Source", "utm_source", "Source"),
    "utm_medium": ("UTM Medium", "utm_medium", "Medium"),
    "utm_campaign": ("UTM Campaign", "utm_campaign"),
    "utm_content": ("UTM Content", "utm_content"),
    "utm_term": ("UTM Term", "utm_term"),
    "tracking_url": ("Tracking URL", "Tracked URL", "Tracking Link", "Landing Page URL", "Landing Page", "URL",
                     "Link"),
    "subject": ("Subject Line", "Subject", "Email Subject"),
    "spam_score": ("Spam Score", "SpamAssassin Score", "Spam Rating"),
    "unsubscribe_link": ("Has Unsubscribe Link", "Unsubscribe Link", "Unsubscribe Link Present",
                         "Has Unsubscribe"),
}
