"""`make bench` keeps working: its page list, its growth step and its report, on a tiny run.

Timings are never asserted; the query counts it compares are (every page type at once)."""

from bench import pages


def test_benchmark_runs_and_no_page_grows_in_queries(db, capsys):
    pages.run(
        pages.parse_args(["--runs", "1", "--articles", "12", "--threads", "2", "--held", "4"])
    )

    report = capsys.readouterr().out
    for label in ("home", "blog index", "article + thread", "RSS feed", "moderation queue"):
        assert report.count(f"\n  {label} ") == 2, label
    assert "grown site: 16 articles, 9 approved replies on the article, 9 held" in report
    assert report.rstrip().endswith("query counts that changed with size: none")
