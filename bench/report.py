"""Medians, ratios against targets, and the Markdown report of a bench run."""

import os
import platform
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

# RESULTS.md keeps everything from this line on across runs: the notes on
# profiles and fixes are written by people, the rest by the bench.
NOTES_MARKER = "<!-- Everything below is kept when the bench rewrites this file. -->"


@dataclass(frozen=True)
class Target:
    """A bound on a ratio: at most (``"max"``) or at least (``"min"``) ``value``."""

    bound: str
    value: float

    def met_by(self, ratio: float) -> bool:
        """Whether ``ratio`` is within the bound."""
        return ratio <= self.value if self.bound == "max" else ratio >= self.value

    def __str__(self) -> str:
        return f"{'≤' if self.bound == 'max' else '≥'} {self.value:g}x"


@dataclass
class Row:
    """One measurement of the project beside its baseline, each over rounds."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    baseline: str = ""
    target: Target | None = None
    # Says why there is no number, or what is wrong with the one there is.
    note: str = ""

    @property
    def value(self) -> float | None:
        """The median of the project's samples."""
        return statistics.median(self.samples) if self.samples else None

    @property
    def baseline_value(self) -> float | None:
        """The median of the baseline's samples."""
        return (
            statistics.median(self.baseline_samples) if self.baseline_samples else None
        )

    @property
    def round_ratios(self) -> list[float]:
        """Project over baseline in each round, which ran them side by side."""
        pairs = zip(self.samples, self.baseline_samples, strict=False)
        return [mine / theirs for mine, theirs in pairs if theirs]

    @property
    def ratio(self) -> float | None:
        """The median of the rounds' ratios, when both sides were measured."""
        ratios = self.round_ratios
        return statistics.median(ratios) if ratios else None

    @property
    def spread(self) -> str:
        """The middle half of the rounds' ratios, from the lower to the upper
        quartile: how far one run's ratio can be trusted."""
        ratios = self.round_ratios
        if len(ratios) < 4:
            return "—"
        lower, _, upper = statistics.quantiles(ratios, n=4)
        return f"{ratio_text(lower)} to {ratio_text(upper)}"

    @property
    def verdict(self) -> str:
        """met, missed, or a dash where the row has no target or no ratio."""
        if self.note:
            return self.note
        if self.target is None or self.ratio is None:
            return "—"
        return "met" if self.target.met_by(self.ratio) else "**missed**"


def number(value: float | None, unit: str) -> str:
    """A value with its unit, to a precision that suits its size."""
    if value is None:
        return "—"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2 if value >= 1 else 3
    return f"{value:,.{digits}f} {unit}"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table: project, baseline, ratio and its spread,
    target, verdict."""
    lines = [
        "| Measurement | Project | Baseline | Ratio | Middle half | Target | Result |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in rows:
        baseline = row.baseline
        if row.baseline_value is not None:
            baseline = f"{baseline}: {number(row.baseline_value, row.unit)}"
        ratio = "—" if row.ratio is None else f"{ratio_text(row.ratio)}x"
        lines.append(
            f"| {row.name} | {number(row.value, row.unit)} | {baseline or '—'} "
            f"| {ratio} | {row.spread} | {row.target or '—'} | {row.verdict} |"
        )
    return "\n".join(lines) + "\n"


def ratio_text(ratio: float) -> str:
    """Two decimals, or two significant digits for a ratio under 0.1."""
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.2g}"


def cpu_model() -> str:
    """The CPU's model name as the kernel reports it."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def operating_system() -> str:
    """The distribution's name and the kernel release."""
    try:
        release = Path("/etc/os-release").read_text()
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', release, re.MULTILINE)
        name = match.group(1) if match else platform.system()
    except OSError:
        name = platform.system()
    return f"{name}, kernel {platform.release()}"


def machine(load_tool: str) -> dict[str, str]:
    """What the numbers were measured on."""
    return {
        "CPU": cpu_model(),
        "Cores": str(os.cpu_count()),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": operating_system(),
        "Load tool": load_tool,
    }


def results_document(
    rows: list[Row], facts: dict[str, str], settings: dict[str, str], notes: str
) -> str:
    """RESULTS.md: the table, the machine and settings, then the kept notes."""
    parts = [
        "# Benchmark results\n",
        "Written by `.venv/bin/python bench/run.py`. Each round measures the"
        " project and its baseline side by side, alternating which goes first;"
        " a ratio is the median of the rounds' ratios, and the middle half is"
        " the range from their lower to their upper quartile.\n",
        table(rows),
        "## Machine\n",
        "".join(f"- {name}: {value}\n" for name, value in facts.items()),
        "## Settings\n",
        "".join(f"- {name}: {value}\n" for name, value in settings.items()),
        NOTES_MARKER + "\n" + notes,
    ]
    return "\n".join(parts)


def kept_notes(path: Path) -> str:
    """The part of an existing RESULTS.md after NOTES_MARKER, or nothing."""
    if not path.exists():
        return ""
    _, marker, notes = path.read_text().partition(NOTES_MARKER + "\n")
    return notes if marker else ""
