"""Opportunity / deal exports and their stage history."""

from __future__ import annotations

from revops_cli.columns.languages import OPPORTUNITY_TRANSLATIONS, translated

# Opportunity / deal exports: score calibration and the deals audit read them.
OPPORTUNITY_ALIASES: dict[str, tuple[str, ...]] = {
    "opportunity_id": (
        "Opportunity ID", "Deal ID", "Opportunity Id", "Record ID", "Id", "ID", "Potential Id", "Potential ID",
        "Deal Record ID", "hs_object_id", "opportunityid", "dealId",
    ),
    "lead_id": ("Converted Lead ID", "ConvertedLeadId", "Original Lead ID", "Lead ID", "Contact ID", "Primary Contact ID"),
    "email": ("Contact Email", "Primary Contact Email", "Email", "Email Address"),
    "name": (
        "Opportunity Name", "Deal Name", "Name", "Potential Name", "Deal Title", "Title", "Topic",
        "Opportunity Title",
    ),
    "account_name": (
        "Account Name", "Company", "Company Name", "Organization", "Account", "Associated Company", "Customer",
        "Potential Customer", "Customer Name", "Organization Name", "Partner", "Client",
    ),
    "stage": (
        "Stage", "StageName", "Deal Stage", "Opportunity Stage", "Pipeline Stage", "Sales Stage", "Pipeline Phase", "Stage Name", "Deal Phase",
    ),
    "amount": (
        "Amount", "Deal Amount", "Opportunity Amount", "Amount (converted)", "Value", "Deal Value", "ACV",
        "close_value", "Close Value", "Potential Amount", "OPPORTUNITY", "Est. Revenue",
        "Estimated Revenue", "Deal Size", "Total Value", "Contract Value", "Annual Contract Value",
        "Total Contract Value", "Amount (USD)", "Opportunity Value",
    ),
    "probability": (
        "Probability (%)", "Probability", "Win Probability", "Deal Probability", "hs_deal_stage_probability",
        "Deal Stage Probability", "Close Probability", "Probability %",
    ),
    "close_date": (
        "Close Date", "CloseDate", "Expected Close Date", "Closed Date", "Closing Date",
        "Expected Closing", "Expected Closing Date", "Est. Close Date", "Estimated Close Date", "Estimated Close",
        "date_closed", "Date Closed", "Actual Close Date", "Date Deadline", "Deal Close Date", "Closed On", "Close",
        "Closed At", "Won Time",
    ),
    "created_at": (
        "Created Date", "Create Date", "CreatedDate", "Deal Created", "Created", "engage_date", "Engage Date",
        "Created Time", "Date Created", "Date Entered", "Date Create", "Created On", "Add Time",
        "Deal Created Date", "Opportunity Created Date",
    ),
    "stage_entered_at": (
        "Stage Entered Date", "Stage Change Date", "Last Stage Change Date", "Date entered current stage", "Stage Date",
        "Last Stage Change", "Stage Changed", "Stage Change Time", "Stage Changed Date", "Date Entered Stage",
    ),
    "owner": (
        "Opportunity Owner", "Deal Owner", "Owner", "Owner Name", "Potential Owner", "OwnerId",
        "Owner.Name", "hubspot_owner_id", "HubSpot Owner", "sales_agent", "Sales Agent", "Salesperson", "Sales Rep", "Assigned To", "Assigned User", "Assigned User Name", "Assigned By",
        "Account Executive", "AE", "Responsible", "Responsible Person", "Rep", "User",
    ),
    "campaign": ("Primary Campaign Source", "Campaign", "Campaign Name", "Primary Campaign", "Campaign Source"),
    "lead_source": ("Lead Source", "Source", "Original Source", "LeadSource", "Deal Source", "Opportunity Source"),
    "discount": ("Discount (%)", "Discount", "Discount Percent"),
    "discount_approved_by": ("Discount Approved By", "Approved By", "Discount Approver"),
    "next_step": ("Next Step", "NextStep", "Next Steps"),
    "won": ("Won", "Is Won", "IsWon", "Closed Won"),
    # a date the deal was won: a closed-deals table (won_date) has no stage column, every dated row is won
    "won_at": ("Won Date", "Date Won", "Closed Won Date", "Won At", "Won On"),
    # Open vs closed, won vs lost beside the stage (deals audit and inspect; issue 17): Salesforce IsClosed,
    # HubSpot hs_is_closed / hs_is_closed_won, Pipedrive and Pardot Status (open/won/lost), forecast category.
    "is_closed": ("Is Closed", "IsClosed", "hs_is_closed", "Closed?"),
    "is_closed_won": ("Is Closed Won", "hs_is_closed_won", "IsClosedWon"),
    "deal_status": ("Deal Status", "Status", "Opportunity Status", "Deal - Status"),
    "forecast_category": ("Forecast Category", "ForecastCategoryName", "ForecastCategory", "Forecast Category Name",
                          "Forecast Type", "hs_manual_forecast_category", "Deal Forecast Category"),
    # the Reporting SOP's forecast roll-up, win/loss analysis and pipeline changes read these
    "loss_reason": ("Loss Reason", "Closed Lost Reason", "Lost Reason", "Reason Lost", "Closed Lost Reason (Deal)"),
    "product": ("Product", "Product Name", "Products", "Product Family", "Primary Product", "Line Item"),
    "segment": ("Segment", "Market Segment", "Customer Segment", "Sales Segment"),
    "industry": ("Industry", "Account Industry"),
    "employees": ("Employees", "No. of Employees", "Number of Employees", "Account Employees", "Company Size"),
    "push_count": ("Push Count", "PushCount", "Times Pushed", "Close Date Push Count", "Pushes"),
}

OPPORTUNITY_ALIASES = translated(OPPORTUNITY_ALIASES, OPPORTUNITY_TRANSLATIONS)  # + other languages


# Stage history exports (Salesforce Opportunity History, HubSpot deal stage changes): one row per change.
STAGE_HISTORY_ALIASES: dict[str, tuple[str, ...]] = {
    "opportunity_id": ("Opportunity ID", "Deal ID", "Opportunity Id", "OpportunityId", "Record ID", "Id", "ID"),
    "stage": ("Stage", "StageName", "To Stage", "New Stage", "New Value", "Deal Stage"),
    "changed_at": ("Changed At", "Change Date", "Last Modified", "Edit Date", "Created Date", "Date", "Timestamp"),
}


# Headers of an opportunity column listing every campaign touch, first to last, ';'-separated.
CAMPAIGN_TOUCH_HEADERS: tuple[str, ...] = (
    "Campaign Touches", "Campaign Touchpoints", "Touched Campaigns", "Influencing Campaigns", "All Campaigns",
    "Campaign History", "Campaign Influence",
)
