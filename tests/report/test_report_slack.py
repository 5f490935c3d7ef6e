"""The Slack Block Kit renderer: a message `curl -d @file` can post, within Slack's limits, text escaped."""

from __future__ import annotations

import json

from revops_cli.report import (BulletItem, BulletList, CheckItem, Checklist, Column, MetricCard, Metrics, Note, Report,
                               Section, TableBlock, render_slack)
from revops_cli.report.sample import sample_report


def test_a_message_is_a_webhook_body_with_a_fallback_text():
    message = render_slack(sample_report())
    assert set(message) == {"text", "blocks"}
    assert json.loads(json.dumps(message)) == message
    assert message["blocks"][0]["type"] == "header" and message["text"].startswith(sample_report().title)
    assert {b["type"] for b in message["blocks"]} <= {"header", "section", "context", "divider"}


def test_user_text_cannot_mention_or_link():
    message = json.dumps(render_slack(sample_report(hostile=True)), ensure_ascii=False)
    assert "<script>" not in message and "&lt;script&gt;alert(1)&lt;/script&gt;" in message
    assert "<!channel>" not in json.dumps(render_slack(Report("t", [Section("s", "<!channel> & <@U1>")])))


def test_a_table_shows_its_first_rows_monospaced_and_counts_the_rest():
    rows = [{"rep": f"Rep {i}", "leads": i * 1000} for i in range(30)]
    report = Report("t", [Section("s", "S", blocks=[TableBlock([Column("rep", "Rep"), Column("leads", "Leads", "int")],
                                                               rows, caption="By rep")])])
    blocks = render_slack(report, rows=5)["blocks"]
    table = next(b for b in blocks if "```" in b.get("text", {}).get("text", ""))["text"]["text"]
    assert table.startswith("*By rep*\n```Rep    Leads\n-----  -----\nRep 0      0\n")
    assert "Rep 4  4,000```" in table and "Rep 5" not in table
    assert blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn",
                                                           "text": "… and 25 more rows in the HTML report."}]}


def test_a_table_too_long_for_one_section_keeps_only_the_rows_that_fit():
    rows = [{"a": "x" * 28, "b": "y" * 28, "c": "z" * 28} for _ in range(60)]
    report = Report("t", [Section("s", "S", blocks=[TableBlock([Column(k, k) for k in "abc"], rows)])])
    section = next(b for b in render_slack(report, rows=60)["blocks"] if "```" in b.get("text", {}).get("text", ""))
    assert len(section["text"]["text"]) <= 3000


def test_more_than_ten_metrics_are_split_over_sections_of_ten_fields():
    cards = [MetricCard(f"M{i}", str(i), status="pass" if i % 2 else "fail") for i in range(13)]
    blocks = render_slack(Report("t", [Section("s", "S", blocks=[Metrics(cards)])]))["blocks"]
    fields = [b["fields"] for b in blocks if "fields" in b]
    assert [len(f) for f in fields] == [10, 3]
    assert fields[0][1]["text"] == "*M1*\n1 :white_check_mark:" and fields[0][0]["text"] == "*M0*\n0 :x:"


def test_past_fifty_blocks_the_message_says_where_the_rest_is():
    sections = [Section(f"s{i}", f"Section {i}", blocks=[Note("n"), Checklist([CheckItem("c", "1")]),
                                                         BulletList([BulletItem("x")])]) for i in range(20)]
    message = render_slack(Report("A very long title " * 20, sections))
    assert len(message["blocks"]) == 50 and len(message["blocks"][0]["text"]["text"]) == 150
    assert message["blocks"][-1]["elements"][0]["text"].startswith("… ")
    assert "more blocks: the full report is in the HTML or Markdown file" in message["blocks"][-1]["elements"][0]["text"]


def test_charts_are_left_to_the_html_page():
    blocks = render_slack(sample_report())["blocks"]
    assert blocks[-1]["elements"][0]["text"].endswith("charts in the HTML report.")
