"""`make bench` keeps working: its page list, its growth step, its per-reply table and its
report, on a tiny run.

Timings are never asserted; the query counts it compares are (every page type at once)."""

import re

from bench import pages


def test_benchmark_runs_and_no_page_grows_in_queries(db, capsys):
    pages.run(
        pages.parse_args(
            ["--runs", "1", "--articles", "12", "--threads", "2", "--held", "4"]
            + ["--reply-sizes", "0,4", "--profile", "4"]
        )
    )

    report = capsys.readouterr().out
    for label in ("home", "blog index", "article + thread", "RSS feed", "moderation queue"):
        assert report.count(f"\n  {label} ") == 2, label
    assert "grown site: 16 articles, 9 approved replies on the article, 9 held" in report
    assert "query counts that changed with size: none" in report
    # What each reply adds: the table at each size, the same queries at both, the breakdown.
    sizes = re.findall(r"^  ([04]) +(\d+) ", report, re.MULTILINE)
    assert [size for size, _ in sizes] == ["0", "4"]
    assert sizes[0][1] == sizes[1][1]
    assert "per additional reply:" in report
    assert "reader-text filter" in report and "URL reverses" in report
