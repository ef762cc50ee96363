"""Benchmark: a whole month at national scale, oneplan against the analyst's script.

For each size (a number of areas; 10 agency-and-area pairs an area, see
`generate_month.py`) and each kind of month (`--months`: the realistic month, with the
problems real workbooks carry, and the clean one) it generates the month once, then measures, each as its own process, wall time, CPU time
(of the process and everything it started) and peak memory of the whole process tree: the
sum of its processes' resident memory, and their proportional set size (PSS: a page shared
by worker processes counted once). Each oneplan run is a month's first run: its
outputs and state (ledger, archive) start empty.

- `oneplan run` as a user runs it (the Prefect flow), and the same stages called without
  Prefect (`run_month` directly): their difference is Prefect's own overhead;
- after that first run, two re-runs of `oneplan run` on its state: with nothing new, and
  after the month's corrected file (`DIR/later/`, see the month's manifest.json) is copied
  into the drop zone, keeping its modification time (it is removed again after the run);
  and the ledger's size (state/ledger.sqlite) after each;
- the analyst's script (`benchmarks/analyst_script.py`) with pandas' default reader and
  with python-calamine;
- the floor: opening and parsing every input file with python-calamine (one process, and
  `--workers` processes), and the other work no implementation can skip: writing every
  line to the reconciliation workbook and one Word file per report.

    .venv/bin/python benchmarks/national_month.py [--areas 100,1000] [--lines 50]
        [--months realistic,clean] [--workers 2] [--folder DIR] [--skip-reference]
        [--json results.json] [--repeat 3]

Prints one table per size, the ratios the issue asks for, ingest (reading and checking
every file) against the parse floor, and the cost per submission at each size with the
fixed start-up apart (measured as a run of a one-area month), and the marginal cost per
submission between sizes; at the end, the first run and the two re-runs of every size,
the kinds of month side by side (wall, CPU, peak memory, the ledger's bytes a submission),
with the start-up of each kind. oneplan's runs (with and without Prefect, the re-runs and
the start-up) are measured `--repeat` times, in turns over the sizes and kinds, keeping the
median; the analyst's script, which takes minutes, once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PERIOD = "2026-11"


@dataclass
class Measure:
    name: str
    wall: float  # seconds
    cpu: float  # seconds, user + system, children included
    peak_mb: float  # peak resident memory of the process tree, summed over its processes
    peak_pss_mb: float  # the same, each page shared between processes counted once (PSS)
    ledger_bytes: int = 0  # state/ledger.sqlite after a run of oneplan (0: not measured)
    # Seconds of each stage of `run_month` timed inside the run (the stages without
    # Prefect), and of the whole call ("run").
    steps: dict[str, float] | None = None


def measure(name: str, command: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run `command` to its end; its wall and CPU time and the peak memory of its tree."""
    # What earlier runs wrote and deleted (a month's archive, reports and ledger) is
    # written back now, not by the kernel during this run.
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Output goes to files: a pipe nobody reads while the command runs fills and stops it.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = psutil.Popen(command, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        peak = peak_pss = samples = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process))
            if samples % 5 == 0:  # reading the kernel's page accounting costs more
                peak_pss = max(peak_pss, _tree_pss(process))
            samples += 1
            time.sleep(0.05)
        wall = time.perf_counter() - start
        if process.returncode != 0:
            out.seek(0)
            err.seek(0)
            raise SystemExit(
                f"{name} failed ({process.returncode}):\n{out.read().decode()}\n"
                f"{err.read().decode()}"
            )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measure(name, wall, cpu, peak / 2**20, peak_pss / 2**20)


def _tree(process: psutil.Process) -> list[psutil.Process]:
    """The process and everything it started (none once it has ended)."""
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in _tree(process):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def _tree_pss(process: psutil.Process) -> int:
    """The tree's proportional set size: a page that n processes share counts 1/n in each
    (Python's libraries in the worker processes, say), so the sum is the memory used."""
    total = 0
    for member in _tree(process):
        with contextlib.suppress(OSError), open(f"/proc/{member.pid}/smaps_rollup") as rollup:
            total += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    return total


def _parse_files(paths: list[str]) -> int:
    import python_calamine

    cells = 0
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    return cells


def parse_floor(inputs: Path, workers: int) -> None:
    """Open and parse every input file with python-calamine, in `workers` processes."""
    paths = [str(p) for p in sorted(inputs.rglob("*.xlsx"))]
    if workers == 1:
        _parse_files(paths)
        return
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_parse_files, [paths[i::workers] for i in range(workers)]))


def output_floor(lines: int, reports: int, folder: Path) -> float:
    """Seconds to write `lines` rows to an xlsx sheet and `reports` small .docx files."""
    import xlsxwriter
    from docx import Document

    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(folder / "floor.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("lines")
    row = ["AG-00001", "A00001", "KS-01", "ธนาคารเมล็ดพันธุ์ชุมชน", "เกษตร", 12_500.5, 3_125.25]
    for r in range(lines):
        sheet.write_row(r, 0, row)
    book.close()
    document = Document()
    document.add_paragraph("รายงาน")
    template = folder / "floor-template.docx"
    document.save(str(template))
    content = template.read_bytes()
    (folder / "floor-reports").mkdir(exist_ok=True)
    for n in range(reports):
        (folder / "floor-reports" / f"{n}.docx").write_bytes(content)
    return time.perf_counter() - start


def oneplan_env(folder: Path, name: str) -> dict[str, str]:
    """Folders of a first run of the month: outputs and state (ledger, archive) start empty."""
    for leftover in (folder / f"out-{name}", folder / f"state-{name}"):
        shutil.rmtree(leftover, ignore_errors=True)
    return {
        "ONEPLAN_INPUTS": str(folder / "inputs"),
        "ONEPLAN_OUTPUTS": str(folder / f"out-{name}"),
        "ONEPLAN_STATE": str(folder / f"state-{name}"),
    }


DIRECT = (
    "import json, sys, time\n"
    "from oneplan.runtime.processes import LocalProcesses\n"
    "from oneplan.month.run import run_month\n"
    "from oneplan.settings import load_settings\n"
    "steps = {}\n"
    "def timed(name, function, *args):\n"
    "    start = time.perf_counter()\n"
    "    try:\n"
    "        return function(*args)\n"
    "    finally:\n"
    "        steps[name] = steps.get(name, 0.0) + time.perf_counter() - start\n"
    "if __name__ == '__main__':\n"
    "    settings = load_settings(workers=int(sys.argv[2]))\n"
    "    start = time.perf_counter()\n"
    "    with LocalProcesses(settings.worker_count) as map_batches:\n"
    "        run_month(settings, sys.argv[1], map_batches=map_batches, run_step=timed)\n"
    "    steps['run'] = time.perf_counter() - start\n"
    "    with open(sys.argv[3], 'w') as out:\n"
    "        json.dump(steps, out)\n"
)


# Ingest alone against the parse floor: reading and checking every submission
# (`read_submissions`, the stage's work without archiving and recording) and merely
# parsing every file with python-calamine (`parse_floor`), each in one process and in
# `workers` processes. The helpers of ingest in `workers` processes start before it is
# timed, as `oneplan run` starts them ahead of its run (`start_ahead`, before Prefect
# starts: forked, they are ready when the run reads its files); the floor's processes are
# forked within its time, which costs it a few milliseconds. Measured in turns, round after
# round, in the same process: the machine's speed drifts over minutes, and a floor measured
# at another time than the ingest moved their ratio by a fifth between runs. The safety
# inspection alone (`inspect_workbook` of every file, one process) is measured in the same
# turns: it is the part of ingest that python-calamine would need no help for if it bounded
# the grid it builds (tafia/calamine#693) and gave formulas. Prints each measurement's
# seconds, round by round, as JSON.
INGEST = (
    "import json, sys, time, datetime as dt\n"
    "sys.path.insert(0, sys.argv[3])\n"
    "from benchmarks.national_month import parse_floor\n"
    "from oneplan.receive.drop_zone import scan_drop_zone\n"
    "from oneplan.receive.files import unrecorded\n"
    "from oneplan.runtime.batches import in_process\n"
    "from oneplan.runtime.processes import local_processes, start_ahead\n"
    "from oneplan.month.reference import load_reference\n"
    "from oneplan.read.guard import inspect_workbook\n"
    "from oneplan.settings import load_settings\n"
    "from oneplan.check.submission import read_batch\n"
    "from oneplan.month.batches import read_submissions\n"
    "def timed(read, *args):\n"
    "    start = time.perf_counter()\n"
    "    read(*args)\n"
    "    return time.perf_counter() - start\n"
    "def ingest(files, reference, mapper):\n"
    "    read_submissions(files, reference.plan, reference.registry, mapper)\n"
    "def inspect(files):\n"
    "    for file in files:\n"
    "        inspect_workbook(file.path)\n"
    "if __name__ == '__main__':\n"
    "    workers, rounds = int(sys.argv[1]), int(sys.argv[2])\n"
    "    start_ahead(workers, read_batch)\n"
    "    settings = load_settings()\n"
    "    reference = load_reference(settings)\n"
    "    now = dt.datetime.now(dt.UTC)\n"
    "    files = [unrecorded(f, now) for f in scan_drop_zone(settings.drop_zone).files]\n"
    "    helpers = local_processes(workers)\n"
    "    while workers > 1 and not helpers.started:\n"
    "        time.sleep(0.01)\n"
    "    times = {'parse_1': [], 'ingest_1': [], 'inspect_1': [], 'parse_n': [], 'ingest_n': []}\n"
    "    for _ in range(rounds):\n"
    "        times['parse_1'].append(timed(parse_floor, settings.drop_zone, 1))\n"
    "        times['ingest_1'].append(timed(ingest, files, reference, in_process))\n"
    "        times['inspect_1'].append(timed(inspect, files))\n"
    "        times['parse_n'].append(timed(parse_floor, settings.drop_zone, workers))\n"
    "        times['ingest_n'].append(timed(ingest, files, reference, helpers))\n"
    "    helpers.close()\n"
    "    print(json.dumps(times))\n"
)


def ingest_and_floor(folder: Path, workers: int, rounds: int) -> dict[str, list[float]]:
    """Seconds of each of `rounds` turns: the parse floor and ingest, 1 and `workers` processes,
    and the safety inspection alone, 1 process."""
    completed = subprocess.run(
        [PYTHON, "-c", INGEST, str(workers), str(rounds), str(ROOT)],
        env={**os.environ, **oneplan_env(folder, "ingest")},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout)


def generate(areas: int, lines: int, folder: Path, kind: str = "realistic") -> Path:
    """The month of `areas` areas in `folder/inputs`, realistic or clean (generated once,
    with its manifest and its corrected file for later, then reused)."""
    inputs = folder / "inputs"
    if not (folder / "manifest.json").exists():
        subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "generate_month.py"), str(folder)]
            + ["--areas", str(areas), "--lines", str(lines)]
            + (["--clean"] if kind == "clean" else []),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return inputs


def submissions_of(folder: Path) -> int:
    """The month's submission files (in the drop zone: those of the previous period too)."""
    return sum(1 for _ in (folder / "inputs" / "submissions").rglob("*.xlsx"))


def ledger_bytes(folder: Path, name: str) -> int:
    """The size of the ledger a run left in `folder/state-<name>` (with its journal, if any)."""
    state = folder / f"state-{name}"
    return sum(p.stat().st_size for p in state.glob("ledger.sqlite*"))


FIRST, NOTHING_NEW, CORRECTED, WITHOUT_PREFECT = (
    "oneplan run",
    "re-run, nothing new",
    "re-run, one corrected file",
    "oneplan stages without Prefect",
)


def median_of(runs: list[Measure]) -> Measure:
    """The run of median wall time (of an even number, the faster of the two middle ones),
    with its CPU time and memory."""
    return sorted(runs, key=lambda run: run.wall)[(len(runs) - 1) // 2]


def flow_command(workers: int) -> list[str]:
    """`oneplan run` as a user runs it (the command of the Python running the benchmark)."""
    command = [str(Path(PYTHON).parent / "oneplan"), "run", "--period", PERIOD]
    return command + ["--workers", str(workers)]


def direct_command(workers: int, steps: Path) -> list[str]:
    """The same stages called without Prefect, each stage's seconds written to `steps`."""
    return [PYTHON, "-c", DIRECT, PERIOD, str(workers), str(steps)]


def oneplan_in_turns(
    folders: list[Path], workers: int, repeat: int
) -> dict[Path, dict[str, list[Measure]]]:
    """`oneplan run` (a first run, then re-runs with nothing new and after one corrected
    file) and the same stages without Prefect on each month of `folders`, measured in
    turns: round after round, each month once a round; every round's measurement kept.
    The machine's speed drifts over minutes (a one-area run took 5.9 s in one benchmark and
    8.3 s in the next): sizes measured one after the other would put that drift into their
    comparison, the cost per submission between them."""
    names = (FIRST, NOTHING_NEW, CORRECTED, WITHOUT_PREFECT)
    runs: dict[Path, dict[str, list[Measure]]] = {f: {n: [] for n in names} for f in folders}
    for _ in range(max(repeat, 1)):
        for folder in folders:
            for name, run in zip(names[:3], flow_runs(folder, workers), strict=True):
                runs[folder][name].append(run)
            steps = folder / "steps-direct.json"
            direct = measure(
                WITHOUT_PREFECT, direct_command(workers, steps), oneplan_env(folder, "direct")
            )
            direct.steps = json.loads(steps.read_text())
            runs[folder][WITHOUT_PREFECT].append(direct)
    return runs


def flow_runs(folder: Path, workers: int) -> list[Measure]:
    """A first run of `oneplan run` on the month of `folder`, then a re-run with nothing
    new, then one after its corrected file is copied into the drop zone (removed after),
    each with the ledger's size after it."""
    env = oneplan_env(folder, "flow")  # empty outputs and state: a first run
    first = measure(FIRST, flow_command(workers), env)
    first.ledger_bytes = ledger_bytes(folder, "flow")
    again = measure(NOTHING_NEW, flow_command(workers), env)
    again.ledger_bytes = ledger_bytes(folder, "flow")
    later = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["corrected"]
    dropped = folder / later["drop_as"]
    shutil.copy2(folder / later["path"], dropped)  # its modification time kept: settled
    try:
        corrected = measure(CORRECTED, flow_command(workers), env)
    finally:
        dropped.unlink()
    corrected.ledger_bytes = ledger_bytes(folder, "flow")
    return [first, again, corrected]


def one_size(
    areas: int,
    lines: int,
    workers: int,
    folder: Path,
    oneplan_rounds: dict[str, list[Measure]],
    reference: bool,
    repeat: int = 1,
    kind: str = "realistic",
) -> dict:
    """The figures of one month: oneplan's runs (measured in turns with the other sizes,
    their medians), the analyst's script, ingest and the floors, and every round of each."""
    inputs = folder / "inputs"
    submissions = submissions_of(folder)
    results = [median_of(runs) for runs in oneplan_rounds.values()]
    if reference:
        script = str(ROOT / "benchmarks" / "analyst_script.py")
        for engine in ("openpyxl", "calamine"):
            results.append(
                measure(
                    f"analyst script ({engine})",
                    [PYTHON, script, str(inputs), str(folder / f"analyst-{engine}")]
                    + ["--engine", engine],
                )
            )
    rounds = ingest_and_floor(folder, workers, repeat)
    turns = {name: statistics.median(seconds) for name, seconds in rounds.items()}
    reports = len(list((folder / "out-flow" / PERIOD / "reports").rglob("*.docx")))
    writing = output_floor(submissions * lines, reports, folder)
    return {
        "kind": kind,
        "areas": areas,
        "submissions": submissions,
        "lines": submissions * lines,  # of a clean month; fewer in a realistic one
        "lines_per_file": lines,
        "reports": reports,
        "workers": workers,
        "runs": [asdict(r) for r in results],
        "floor": {
            "calamine_parse_1_process": turns["parse_1"],
            f"calamine_parse_{workers}_processes": turns["parse_n"],
            "writing_lines_and_reports": writing,
        },
        "ingest": {"1_process": turns["ingest_1"], f"{workers}_processes": turns["ingest_n"]},
        "inspection_1_process": turns["inspect_1"],
        "rounds": {
            **{name: [asdict(run) for run in runs] for name, runs in oneplan_rounds.items()},
            **rounds,
        },
    }


def print_size(size: dict) -> None:
    print(
        f"\n{size['kind']} month: {size['submissions']:,} submissions × {size['lines_per_file']} lines "
        f"({size['areas']:,} areas, {size['reports']:,} reports), {size['workers']} workers"
    )
    print(f"{'':34}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'PSS MB':>9}")
    runs = {r["name"]: r for r in size["runs"]}
    for run in size["runs"]:
        print(
            f"{run['name']:34}{run['wall']:9.1f}{run['cpu']:9.1f}{run['peak_mb']:9.0f}"
            f"{run['peak_pss_mb']:9.0f}"
        )
    for name, seconds in size["floor"].items():
        print(f"floor: {name.replace('_', ' '):27}{seconds:9.1f}")
    ours = runs["oneplan run"]["wall"]
    direct = runs["oneplan stages without Prefect"]["wall"]
    print(f"Prefect's own overhead: {(ours - direct) / ours:.1%} of the run")
    shares = [
        r["steps"]["roll up"] / r["steps"]["run"]
        for r in size["rounds"]["oneplan stages without Prefect"]
        if r.get("steps")
    ]
    if shares:
        seconds = [r["steps"]["roll up"] for r in size["rounds"]["oneplan stages without Prefect"]]
        print(
            f"roll-ups (districts, provinces, network), timed inside the run: "
            f"{statistics.median(seconds):.2f} s, {statistics.median(shares):.2%} of the run's "
            f"wall time (median of {len(shares)}; round by round: "
            f"{', '.join(f'{s:.2%}' for s in shares)})"
        )
    rounds = size["rounds"]
    for n, processes in (("1", "1_process"), ("n", f"{size['workers']}_processes")):
        seconds = size["ingest"][processes]
        floor = size["floor"][f"calamine_parse_{processes}"]
        print(
            f"ingest (read and check every file), {processes.replace('_', ' ')}: {seconds:.1f} s,"
            f" {seconds / floor:.2f}× the bare parse (round by round: "
            f"{_ratios(rounds[f'ingest_{n}'], rounds[f'parse_{n}'])})"
        )
        if n == "1":
            inspection = size["inspection_1_process"]
            rest = [i - s for i, s in zip(rounds["ingest_1"], rounds["inspect_1"], strict=True)]
            print(
                f"  of which the safety inspection alone: {inspection:.1f} s "
                f"({inspection / size['submissions'] * 1000:.3f} ms a file); the rest of "
                f"ingest, round by round: {_ratios(rest, rounds['parse_1'])} the bare parse"
            )
    for engine in ("openpyxl", "calamine"):
        name = f"analyst script ({engine})"
        if name in runs:
            print(f"oneplan is {runs[name]['wall'] / ours:.1f}× faster than the {name}")


def _ratios(seconds: list[float], floors: list[float]) -> str:
    """Each round's seconds over the same round's floor, as printed: `2.13×, 2.04×`."""
    return ", ".join(f"{s / f:.2f}×" for s, f in zip(seconds, floors, strict=True))


def marginal(runs: tuple[dict, dict], sizes: tuple[dict, dict], measure: str = "wall") -> float:
    """Seconds per submission from the smaller of two sizes to the larger (Δtime / Δsubmissions),
    between two runs of `oneplan run`."""
    smaller, larger = sizes
    return (runs[1][measure] - runs[0][measure]) / (larger["submissions"] - smaller["submissions"])


def marginal_by_round(sizes: list[dict], measure: str = "wall") -> list[tuple[float, float]]:
    """(first, last) marginal seconds per submission of `oneplan run`, in each round on its
    own: the sizes of one round ran minutes apart, the drift between rounds falls out."""
    first, last = (sizes[0], sizes[1]), (sizes[-2], sizes[-1])
    rounds = [size["rounds"]["oneplan run"] for size in sizes]
    return [
        (
            marginal((runs[0], runs[1]), first, measure),
            marginal((runs[-2], runs[-1]), last, measure),
        )
        for runs in zip(*rounds, strict=True)
    ]


def print_marginal_rounds(sizes: list[dict]) -> None:
    for measure in ("wall", "cpu"):
        changes = [last / first - 1 for first, last in marginal_by_round(sizes, measure)]
        print(
            f"  the same in each round on its own, {measure} time: "
            f"{', '.join(f'{change:+.1%}' for change in changes)} "
            f"(median {statistics.median(changes):+.1%})"
        )


def print_side_by_side(startups: dict[str, Measure], sizes: list[dict]) -> None:
    """The first run and the re-runs of every size, the kinds of month side by side."""
    kinds = list(startups)
    print(f"\nfirst run and re-runs of `oneplan run` (medians), {' | '.join(kinds)} months")
    header = f"{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'ledger B/sub':>13}"
    print(f"{'':34}" + " | ".join(header for _ in kinds))
    row = " | ".join(
        f"{startups[k].wall:8.1f}{startups[k].cpu:8.1f}{startups[k].peak_mb:9.0f}{'':>13}"
        for k in kinds
    )
    print(f"{'one-area run (fixed start-up)':34}{row}")
    for areas in sorted({size["areas"] for size in sizes}):
        of_size = {size["kind"]: size for size in sizes if size["areas"] == areas}
        counts = ", ".join(f"{k} {of_size[k]['submissions']:,}" for k in kinds if k in of_size)
        print(f"{areas:,} areas (submissions: {counts})")
        for name in (FIRST, NOTHING_NEW, CORRECTED):
            cells = []
            for kind in kinds:
                run = {r["name"]: r for r in of_size[kind]["runs"]}[name]
                per = run["ledger_bytes"] / of_size[kind]["submissions"]
                cells.append(
                    f"{run['wall']:8.1f}{run['cpu']:8.1f}{run['peak_mb']:9.0f}{per:13,.0f}"
                )
            print(f"  {name:32}" + " | ".join(cells))
        for kind in kinds:
            runs = {r["name"]: r for r in of_size[kind]["runs"]}
            fixed = startups[kind].wall
            print(
                f"  {kind}: nothing new takes the start-up "
                f"{runs[NOTHING_NEW]['wall'] - fixed:+.1f} s, one corrected file the start-up "
                f"{runs[CORRECTED]['wall'] - fixed:+.1f} s; ledger "
                f"{runs[FIRST]['ledger_bytes']:,} bytes after the first run"
            )


def print_marginals(sizes: list[dict], startup: float) -> list[float]:
    """The cost per submission at each size (start-up apart) and between sizes."""
    marginals = []
    for smaller, larger in zip(sizes, sizes[1:], strict=False):
        runs = tuple({r["name"]: r for r in s["runs"]}[FIRST] for s in (smaller, larger))
        times = [run["wall"] for run in runs]
        marginals.append(marginal(runs, (smaller, larger)))
        costs = [
            (seconds - startup) / size["submissions"] * 1000
            for seconds, size in zip(times, (smaller, larger), strict=True)
        ]
        print(
            f"\n{smaller['kind']}: cost per submission, fixed start-up apart: {costs[0]:.2f} ms "
            f"at {smaller['submissions']:,}, {costs[1]:.2f} ms at {larger['submissions']:,} "
            f"({costs[1] / costs[0] - 1:+.1%}); marginal {marginals[-1] * 1000:.2f} ms. With the "
            f"start-up: {times[0] / smaller['submissions'] * 1000:.1f} and "
            f"{times[1] / larger['submissions'] * 1000:.1f} ms"
        )
    if len(marginals) > 1:
        # Linear growth, fixed costs apart whatever they are: what one more submission
        # costs in the first step between sizes and in the last.
        first, last = marginals[0], marginals[-1]
        print(
            f"\nmarginal cost per submission: {first * 1000:.2f} ms from "
            f"{sizes[0]['submissions']:,} to {sizes[1]['submissions']:,}, {last * 1000:.2f} ms "
            f"from {sizes[-2]['submissions']:,} to {sizes[-1]['submissions']:,} "
            f"({last / first - 1:+.1%})"
        )
        print_marginal_rounds(sizes)
    return marginals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", default="100,1000", help="sizes, comma-separated")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument(
        "--months",
        default="realistic,clean",
        help="kinds of month, comma-separated: realistic (the default rates of "
        "generate_month.py), clean (every file valid, one per pair)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--folder", type=Path, help="keep the months here (reused if present)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each oneplan measurement (with and without Prefect, the re-runs and "
        "the start-up): the median is kept",
    )
    args = parser.parse_args()
    kinds = [k.strip() for k in args.months.split(",") if k.strip()]
    if not kinds or set(kinds) - {"realistic", "clean"}:
        parser.error("--months: realistic, clean or both")
    base = args.folder or Path(tempfile.mkdtemp(prefix="oneplan-national-"))
    # The fixed start-up (Python, Prefect's temporary server, worker processes): a run of
    # one area (its two agencies' submissions), whose own work is a few hundredths of a second.
    areas_of_sizes = [int(a) for a in args.areas.split(",")]
    if min(areas_of_sizes) < 2:
        parser.error("--areas: sizes of 2 areas or more (a one-area month is the start-up)")
    months = [(kind, areas) for kind in kinds for areas in [1, *areas_of_sizes]]
    folders = {month: base / f"{month[0]}-areas-{month[1]}" for month in months}
    for (kind, areas), folder in folders.items():
        generate(areas, args.lines, folder, kind)
    oneplan_runs = oneplan_in_turns(list(folders.values()), args.workers, args.repeat)
    startups: dict[str, Measure] = {}
    sizes, marginals = [], {}
    for kind in kinds:
        first_runs = oneplan_runs[folders[(kind, 1)]]
        startups[kind] = median_of(first_runs[FIRST])
        print(
            f"\n{kind} month: fixed start-up: `oneplan run` of a one-area month takes "
            f"{startups[kind].wall:.1f} s (median), its stages without Prefect "
            f"{median_of(first_runs[WITHOUT_PREFECT]).wall:.1f} s"
        )
        of_kind = []
        for areas in areas_of_sizes:
            folder = folders[(kind, areas)]
            size = one_size(
                areas,
                args.lines,
                args.workers,
                folder,
                oneplan_runs[folder],
                not args.skip_reference,
                args.repeat,
                kind,
            )
            print_size(size)
            of_kind.append(size)
        marginals[kind] = print_marginals(of_kind, startups[kind].wall)
        sizes += of_kind
    print_side_by_side(startups, sizes)
    if args.json:
        figures = {
            "startup": {kind: asdict(run) for kind, run in startups.items()},
            "sizes": sizes,
            "marginal_seconds_per_submission": marginals,
        }
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
