"""Content inventories, page analytics, review workflows and promotion logs (Content Creation SOP).

Four export kinds, each its own schema: a CMS or spreadsheet inventory (one row per content item), a page
analytics export (Google Analytics / GA4, Search Console, Ahrefs, a CMS hit log: one row per page, or per page
and month), a review-workflow export (one row per item and review stage) and a promotion log (one row per
promotion step done: channel and date).
"""

from __future__ import annotations

# The inventory: what a CMS (WordPress, HubSpot, Webflow, Mautic) or a content calendar sheet exports.
CONTENT_ALIASES: dict[str, tuple[str, ...]] = {
    "content_id": ("Content ID", "Post ID", "Page ID", "Asset ID", "Item ID", "ID", "Id"),
    "title": ("Title", "Page Title", "Post Title", "Content Title", "Asset Title", "Name", "Headline",
              "Working Title"),
    "url": ("URL", "Page URL", "Post URL", "Permalink", "Live URL", "Link", "Canonical URL", "Page Path", "Slug",
            "Alias", "Landing Page"),
    "content_type": ("Content Type", "Type", "Format", "Post Type", "Asset Type", "Content Format"),
    "author": ("Author", "Writer", "Created By", "Creator", "Author Name", "Owner", "Byline"),
    "status": ("Status", "Publish Status", "State", "Is Published", "isPublished", "Workflow Status"),
    "published_at": ("Publish Date", "Published Date", "Published", "Date Published", "Publication Date",
                     "Published At", "Go Live Date", "Go-Live Date", "Live Date", "Date Added", "Publish Up"),
    "updated_at": ("Last Updated", "Updated", "Last Modified", "Modified Date", "Date Modified", "Updated At",
                   "Last Refreshed", "Last Refresh", "Refresh Date", "Last Updated Date"),
    "audited_at": ("Last Audit", "Last Audited", "Audit Date", "Last Audit Date", "Audited", "Last Content Audit"),
    "word_count": ("Word Count", "Words", "Length (words)", "Word Length", "Number of Words", "Length"),
    "sources": ("Sources", "Source Count", "Number of Sources", "# Sources", "Citations", "Citation Count",
                "References", "Credible Sources", "Sources Cited"),
    "meta_description": ("Meta Description", "Meta Desc", "SEO Description", "Meta Description Text",
                         "metaDescription", "Search Description", "Description"),
    "promotion_links": ("Promotion Links", "UTM Link", "UTM Links", "Tracking URL", "Tracking Link", "Campaign URL",
                        "Promo Link", "Promotion URL", "Shared Link"),
    "utm_set": ("UTM Set", "UTM Parameters Set", "UTM Parameters", "UTM", "UTMs", "Has UTM"),
    "cta": ("CTA", "Call to Action", "Call To Action", "Primary CTA", "CTA Text", "CTA Present", "CTA Included",
            "Has CTA"),
}


# Page analytics: Google Analytics (UA and GA4), Search Console, Ahrefs/Semrush, social share counters, a CMS.
PAGE_ANALYTICS_ALIASES: dict[str, tuple[str, ...]] = {
    "content_id": ("Content ID", "Post ID", "Page ID", "page", "Asset ID"),
    "url": ("Page Path", "Page path", "Page path and screen class", "Landing Page", "Page URL", "URL",
            "Top Pages", "Target URL", "Permalink", "Full URL", "Link"),
    "title": ("Page Title", "Page title", "Page title and screen class", "Title", "Content Title"),
    "period": ("Month", "Date", "Year Month", "Month of Year", "Period", "Week", "Day"),
    "page_views": ("Page Views", "Pageviews", "Views", "Unique Pageviews", "Unique Page Views", "Screen Page Views",
                   "Hits", "Unique Hits", "Total Views", "Page Hits"),
    "sessions": ("Sessions", "Entrances", "Visits", "Users", "Total Users", "Active Users"),
    "time_on_page": ("Avg. Time on Page", "Average Time on Page", "Avg Time on Page", "Time on Page",
                     "Average Engagement Time", "Average engagement time", "Average Engagement Time per Session",
                     "Avg. Engagement Time", "Avg Session Duration", "Average Session Duration", "Dwell Time",
                     "Time on Page (min)", "Time on Page (minutes)"),
    "conversions": ("Conversions", "Key Events", "Goal Completions", "Form Submissions", "Leads", "Signups",
                    "Goal Conversions", "Submissions"),
    "conversion_rate": ("Conversion Rate", "Conv. Rate", "Goal Conversion Rate", "Session Key Event Rate",
                        "Key Event Rate", "Form Conversion Rate"),
    "shares": ("Shares", "Social Shares", "Total Shares", "Share Count", "Shares (all networks)"),
    "backlinks": ("Backlinks", "Referring Domains", "Ref. Domains", "Referring Pages", "Inbound Links",
                  "External Backlinks", "Links"),
    # a hit log (Mautic page hits): one row per view, the time it started and the time the visitor left
    "hit_at": ("Date Hit", "dateHit", "Hit Date", "Viewed At", "Hit At"),
    "left_at": ("Date Left", "dateLeft", "Left At", "Exit Time"),
}


# Review workflow: one row per content item and review stage.
CONTENT_REVIEW_ALIASES: dict[str, tuple[str, ...]] = {
    "content_id": ("Content ID", "Post ID", "Page ID", "Asset ID", "Item ID"),
    "title": ("Title", "Content Title", "Page Title", "Asset", "Content", "Item"),
    "url": ("URL", "Page URL", "Permalink"),
    "stage": ("Review Stage", "Stage", "Step", "Review Step", "Review Type", "Approval Stage", "Review"),
    "reviewer": ("Reviewer", "Reviewed By", "Assigned To", "Approver", "Assignee", "Owner", "Reviewer Name"),
    "started_at": ("Start Date", "Started", "Started At", "Submitted", "Submitted At", "Sent for Review",
                   "Assigned Date", "Received", "Review Start", "Start"),
    "completed_at": ("End Date", "Completed", "Completed At", "Approved", "Approved At", "Approved Date",
                     "Finished", "Returned", "Review End", "Done", "End", "Completion Date"),
}


# Promotion log: one row per promotion step done (publish, email, social, LinkedIn, newsletter...).
CONTENT_PROMOTION_ALIASES: dict[str, tuple[str, ...]] = {
    "content_id": ("Content ID", "Post ID", "Page ID", "Asset ID", "Item ID"),
    "title": ("Title", "Content Title", "Page Title", "Asset", "Content", "Item"),
    "url": ("URL", "Page URL", "Permalink", "Link"),
    "channel": ("Channel", "Step", "Promotion", "Promotion Step", "Activity", "Action", "Promotion Channel",
                "Network", "Type"),
    "promoted_at": ("Date", "Posted", "Posted At", "Sent", "Sent At", "Published At", "Promotion Date", "Done On",
                    "Completed", "Scheduled Date", "When"),
}
