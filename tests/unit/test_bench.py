"""The bench's own logic: medians and verdicts, its report, and its load clients."""

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from matrix import TEMPLATE

sys.path.insert(0, str(TEMPLATE / "bench"))

from bakes import unmet_dependencies
from load import Request, lua_string, parse_wrk, run_python, wrk_script
from report import (
    NOTES_MARKER,
    Row,
    Target,
    kept_notes,
    results_document,
    table,
)
from serving import against_rows


def test_a_row_compares_medians_against_its_target():
    """The ratio is a median over rounds, so one outlier round cannot swing it."""
    row = Row("GET /healthz", "req/s", target=Target("min", 0.9))
    row.samples = [900, 950, 10]
    row.baseline_samples = [1000, 1000, 5000]
    assert row.ratio == pytest.approx(0.9)
    assert row.verdict == "met"
    row.samples = [800, 850, 10]
    assert row.verdict == "**missed**"


def test_the_ratio_is_the_median_of_the_rounds_with_its_middle_half():
    """Each round is a pair run side by side; the table gives the median of
    their ratios and the range from the lower to the upper quartile."""
    row = Row("GET /", "req/s", [100, 200, 300, 400], [100, 100, 300, 800])
    assert row.round_ratios == [1.0, 2.0, 1.0, 0.5]
    assert row.ratio == pytest.approx(1.0)
    assert row.spread == "0.62 to 1.75"
    row.samples = row.samples[:3]
    assert row.spread == "—"


def test_a_small_ratio_keeps_two_significant_digits():
    """A ratio like a login's against hello world does not print as 0.00x."""
    row = Row("POST /api/auth/login", "req/s", [4.98], [1063.0])
    assert "| 0.0047x |" in table([row])
    row.samples = [589.0]
    assert "| 0.55x |" in table([row])


def test_an_upper_bound_is_met_at_or_below_it():
    """A "max" target passes at the bound and fails above it."""
    assert Target("max", 1.3).met_by(1.3)
    assert not Target("max", 1.3).met_by(1.31)
    assert str(Target("max", 1.5)) == "≤ 1.5x"


def test_a_row_without_numbers_says_why():
    """A route missing from the bake shows its note, never a number."""
    row = Row("POST /api/auth/login", "req/s", note="not in this bake")
    assert row.ratio is None
    line = table([row]).splitlines()[-1]
    assert line == "| POST /api/auth/login | — | — | — | — | — | not in this bake |"


def test_the_results_file_keeps_the_notes_written_below_the_marker(tmp_path):
    """Rewriting RESULTS.md replaces the measurements and keeps people's notes."""
    path = tmp_path / "RESULTS.md"
    row = Row("Bake, defaults", "s", [1.2], [1.0], "floor", Target("max", 1.3))
    first = results_document([row], {"CPU": "x"}, {"Rounds": "1"}, "")
    path.write_text(first + "## Profile\nKept.\n")
    assert kept_notes(path) == "## Profile\nKept.\n"
    second = results_document([row], {"CPU": "y"}, {}, kept_notes(path))
    assert second.endswith(f"{NOTES_MARKER}\n## Profile\nKept.\n")
    assert (
        "| Bake, defaults | 1.20 s | floor: 1.00 s | 1.20x | — | ≤ 1.3x | met |"
        in second
    )


def test_rows_against_an_earlier_commit_name_it_beside_its_numbers():
    """--against adds rows whose baseline is the earlier commit, with no target."""
    notes, memory = against_rows("HEAD~3", "abc1234")
    notes.samples, notes.baseline_samples = [105.0, 90.0, 110.0], [100.0]
    memory.samples, memory.baseline_samples = [80.0], [84.0]
    assert table([notes, memory]).splitlines()[2:] == [
        "| GET /api/notes: this commit vs HEAD~3 | 105 req/s | abc1234: 100 req/s"
        " | 1.05x | — | — | — |",
        "| Resident memory per worker: this commit vs HEAD~3 | 80.0 MB"
        " | abc1234: 84.0 MB | 0.95x | — | — | — |",
    ]


def test_an_earlier_bake_must_accept_the_installed_libraries(tmp_path):
    """A dependency missing here, or pinned to another version, is named."""
    (tmp_path / "pyproject.toml").write_text(
        "[project]\n"
        'dependencies = ["flask>=3", "flask<1", "no-such-package-here>=1",'
        ' "flask<1; python_version < \\"3\\""]\n'
    )
    assert unmet_dependencies(tmp_path) == ["flask<1", "no-such-package-here>=1"]


def test_wrk_scripts_quote_anything():
    """Request bodies reach wrk's Lua verbatim, even with closing brackets."""
    assert lua_string("a]]b") == "[=[a]]b]=]"
    script = wrk_script(Request("POST", b'{"x": "]]"}', (("A", "b"),)))
    assert 'wrk.body = [=[{"x": "]]"}]=]' in script
    assert "wrk.headers[ [[A]] ] = [[b]]" in script


def test_wrk_failures_add_up_errors_and_non_2xx_answers():
    """Socket errors and non-2xx answers both count as failures."""
    report = (
        "  Socket errors: connect 1, read 2, write 0, timeout 3\n"
        "  Non-2xx or 3xx responses: 4\n"
        "Requests/sec:   1234.56\n"
    )
    outcome = parse_wrk(report)
    assert (outcome.per_second, outcome.failures) == (1234.56, 10)


class Answer(BaseHTTPRequestHandler):
    """Answers 200 on /, 500 anywhere else, keeping connections alive."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        status = 200 if self.path == "/" else 500
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        """Keep the test's output quiet."""


def test_the_python_client_counts_answers_and_failures():
    """Without wrk, the Python client loads a server and counts non-2xx answers."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        good = run_python(f"{url}/", Request(), seconds=0.3, connections=2)
        bad = run_python(f"{url}/fail", Request(), seconds=0.3, connections=2)
    finally:
        server.shutdown()
        server.server_close()
    assert good.per_second > 0
    assert good.failures == 0
    assert bad.failures > 0
