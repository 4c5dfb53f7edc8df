"""kith report: connections against relationships, circles, channels, reciprocity, trend, liking."""

from __future__ import annotations

from conftest import assert_user_error


def _history(kith):
    kith("me", "--name", "Ada User")
    for name in (
        "Ann Close",
        "Bob Mail",
        "Cat Like",
        "Dan Old",
        "Eve Call",
        "Fay Card",
        "Gus Card",
        "Hal Card",
    ):
        kith("add", name)
    for month in range(12):  # one coffee a month, 2025-07 to 2026-06, an hour each
        year, m = (2025, 7 + month) if month < 6 else (2026, month - 5)
        kith("log", "coffee", "Ann Close", "--when", f"{year}-{m:02d}-01", "--duration", "60")
    kith("log", "email", "Bob Mail", "--when", "2026-05-01")
    kith("log", "email", "Bob Mail", "--inbound", "--when", "2026-05-03")
    kith("log", "like", "Cat Like", "--when", "2026-06-01")
    kith("log", "call", "Dan Old", "--when", "2024-01-10")
    kith("log", "call", "Eve Call", "--inbound", "--when", "2026-06-10", "--duration", "30")
    kith("like", "Ann Close")


def headline(report: dict) -> str:
    n, close = report["relationships"], report["close"]
    word = "relationship" if n == 1 else "relationships"
    return f"8 people: 0 connections on a platform, {n} {word}, {close} close"


def test_report_counts_channels_reciprocity_trend_and_liking(kith):
    _history(kith)
    report = kith("report", "--json").json()
    assert report["people"] == 8 and report["connections"] == 0  # nobody is connected on a platform
    assert report["headline"] == headline(report)
    assert list(report["circles"]) == [
        "intimate", "close", "friends", "meaningful", "acquaintance", "dormant", "collected"
    ]  # fmt: skip
    mix = report["channel_mix"]
    assert mix["interactions"] == 16
    assert mix["in_person_share"] == 0.75
    assert mix["counts"]["email"] == 2 and mix["counts"]["social"] == 1 and mix["counts"]["call"] == 1
    r = report["reciprocity"]
    assert (r["outbound_share"], r["inbound_share"], r["mutual_share"]) == (0.875, 0.125, 0.0)
    assert r["you_mostly_reach_out"] == 1 and r["they_mostly_reach_out"] == 0
    months = {m["month"]: m for m in report["monthly"]}
    assert list(months)[0] == "2025-07" and list(months)[-1] == "2026-06"
    assert months["2026-05"] == {"month": "2026-05", "interactions": 3, "in_person": 1, "partial": False}
    assert months["2026-06"]["partial"] is True  # counted only up to today
    assert months["2025-09"]["interactions"] == 1
    liked = report["liked"]
    assert liked["people"] == 1
    assert liked["interaction_share"] == 0.75
    assert liked["time_share"] == 0.96  # 12 hours of 12.5 logged


def test_report_text_reads_as_a_summary(kith):
    _history(kith)
    out = kith("report").stdout
    report = kith("report", "--json").json()
    assert out.splitlines()[0] == headline(report)
    assert out.splitlines()[1].startswith("Circles: intimate ")
    assert "In person: 75% of your contact" in out
    assert (
        "Who reaches out: you 88%, they 12%, together 0%; you mostly reach out to 1 person, 0 mostly reach out to you"
        in out
    )
    assert "  2026-05      3  " in out
    assert "  2026-06      3  " in out and out.count("(so far, to 2026-06-15)") == 1
    assert "People you like: 1; they get 75% of your interactions and 96% of your logged time" in out


def test_report_uses_the_strength_engine_when_present(kith):
    _history(kith)
    report = kith("report", "--json").json()
    circles = report["circles"]
    assert sum(circles.values()) == report["people"] == 8
    # a coffee every month is a relationship; a like and three bare cards are collected, not relationships
    assert report["relationships"] >= 1
    assert circles["collected"] >= 4
    assert report["relationships"] == sum(circles[c] for c in ("intimate", "close", "friends", "meaningful"))
    assert report["close"] == circles["intimate"] + circles["close"]
    assert report["headline"] == headline(report)
    assert kith("report").stdout.startswith(report["headline"] + "\nCircles: intimate")


def test_png_charts_are_written_and_listed(kith, tmp_path):
    _history(kith)
    listed = kith("report", "--json", "--png", str(tmp_path / "charts")).json()["charts"]
    assert listed == [
        str(tmp_path / "charts" / f"{name}.png") for name in ("circles", "channels", "trend", "network")
    ]
    for path in listed:
        with open(path, "rb") as png:
            assert png.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_trend_chart_marks_the_current_month_as_partial(kith):
    from kith.charts import trend_figure

    _history(kith)
    figure = trend_figure(kith("report", "--json").json())
    labels = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert labels[0] == "2025-07" and labels[-1] == "2026-06 (so far)"


def test_svg_charts_for_the_web(kith):
    from kith.charts import channels_svg, circles_svg, trend_svg
    from kith.clock import now
    from kith.reports import network_report
    from kith.store.db import transaction

    _history(kith)
    with transaction() as session:
        report = network_report(session, now())
    svg = circles_svg(report)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert report["headline"] in svg
    assert "<svg" in channels_svg(report) and "<svg" in trend_svg(report)


def test_empty_database_and_bad_folder(kith, tmp_path):
    out = kith("report").stdout
    assert out.startswith("0 people: 0 connections on a platform, 0 relationships, 0 close")
    assert "No interactions in the last 12 months." in out
    # charts of an empty network still draw (all zero), and the text output lists them
    drawn = kith("report", "--png", str(tmp_path / "empty")).stdout
    assert f"chart: {tmp_path / 'empty' / 'trend.png'}" in drawn
    assert (tmp_path / "empty" / "circles.png").stat().st_size > 1000
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert_user_error(kith("report", "--png", str(a_file), expect=2), "needs a folder")


def test_report_without_png_does_not_load_matplotlib(tmp_path):
    from startup_probe import modules_loaded

    loaded = modules_loaded(tmp_path / "home", "report")
    assert "matplotlib" not in loaded


def test_the_circles_chart_is_innermost_first_in_its_colours_however_the_report_was_ordered(kith):
    import json

    from kith.charts import COLOURS, circles_figure
    from kith.reports import CIRCLES

    _history(kith)
    report = kith("report", "--json").json()
    shuffled = json.loads(json.dumps(report, sort_keys=True))  # how the web's chart cache keys it
    assert list(shuffled["circles"]) != list(CIRCLES)
    for drawn in (report, shuffled):
        axes = circles_figure(drawn).axes[0]
        assert [t.get_text() for t in axes.get_xticklabels()] == list(CIRCLES)
        colours = [bar.get_facecolor() for bar in axes.patches]
        from matplotlib.colors import to_rgba

        assert colours == [to_rgba(c) for c in COLOURS]
        assert [bar.get_height() for bar in axes.patches] == [report["circles"][c] for c in CIRCLES]


def test_an_empty_network_draws_no_axis_around_zero(kith):
    from kith.charts import circles_figure, trend_figure

    report = kith("report", "--json").json()
    for figure in (circles_figure(report), trend_figure(report)):
        bottom, top = figure.axes[0].get_ylim()
        assert bottom == 0 and top >= 1


def _connections(kith, tmp_path, rows):
    import csv

    path = tmp_path / "Connections.csv"
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    with path.open("w", newline="") as out:
        csv.writer(out).writerows([header, *rows])
    kith("import", "linkedin", str(path))


def test_the_share_of_connections_you_really_know_and_how_it_changed(kith, tmp_path):
    kith("me", "--name", "Ada User")
    _connections(
        kith,
        tmp_path,
        [
            ["Ann", "Known", "https://www.linkedin.com/in/ann-known", "", "", "", "1 Jan 2020"],
            ["Bo", "Stranger", "https://www.linkedin.com/in/bo-stranger", "", "", "", "1 Jan 2020"],
            ["Cy", "Stranger", "https://www.linkedin.com/in/cy-stranger", "", "", "", "1 Jan 2020"],
            ["Di", "Stranger", "https://www.linkedin.com/in/di-stranger", "", "", "", "1 Jan 2020"],
        ],
    )
    kith("log", "coffee", "Ann Known", "--when", "2025-01-10")
    report = kith("report", "--json").json()
    assert {k: report["known"][k] for k in ("connections", "known", "share", "change")} == {
        "connections": 4,
        "known": 1,
        "share": 0.25,
        "change": 0.0,
    }
    assert report["known"]["before"] == {"connections": 4, "known": 1, "share": 0.25, "as_of": "2026-03-17"}
    # letting go of two strangers today raises the share against 90 days ago
    kith("archive", "Bo Stranger", "Cy Stranger")
    report = kith("report", "--json").json()
    assert report["connections"] == 2
    assert (report["known"]["share"], report["known"]["change"]) == (0.5, 0.25)
    sentence = "You really know 50% of your connections (1 of 2 connections), up from 25% 90 days ago."
    assert report["known"]["sentence"] == sentence
    out = kith("report").stdout
    assert out.splitlines()[2] == sentence + " (kith prune: whom to let go of)"


def test_the_report_page_shows_the_known_share_and_links_to_letting_go(kith, tmp_path):
    from web_client import client

    kith("me", "--name", "Ada User")
    _connections(kith, tmp_path, [["Bo", "Stranger", "", "", "", "", "1 Jan 2020"]])
    page = client().get("/report").text
    assert "You really know 0% of your connections (0 of 1 connection), the same as 90 days ago." in page
    assert 'href="/prune"' in page
    assert "1 connections" not in page


def test_report_gives_the_share_of_the_weeks_suggestions_in_person_or_by_phone(kith):
    _history(kith)
    kith("add", "Kim Coffee")
    kith("edit", "Kim Coffee", "--cadence", "30")
    kith("log", "coffee", "Kim Coffee", "--when", "2026-05-01")  # keep in touch: a coffee
    kith("log", "email", "Bob Mail", "--inbound", "--when", "2026-06-10")  # reply: an email
    week = kith("agenda", "--json").json()
    live = sum(1 for item in week if item["channel"] in ("in_person", "video", "call"))
    assert 0 < live < len(week)
    report = kith("report", "--json").json()
    share = round(live / len(week), 3)
    assert report["this_week"] == {"suggestions": len(week), "in_person_or_call": live, "share": share}
    line = f"This week's agenda: {live} of {len(week)} suggestions in person or by phone ({share:.0%})"
    assert line in kith("report").stdout
    kith("agenda", "--set-size", "1")
    assert kith("report", "--json").json()["this_week"]["suggestions"] == 1


def test_report_of_an_empty_week_says_so(kith):
    assert "This week's agenda: nothing suggested" in kith("report").stdout
    assert kith("report", "--json").json()["this_week"] == {
        "suggestions": 0,
        "in_person_or_call": 0,
        "share": None,
    }
