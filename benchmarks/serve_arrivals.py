"""Files arriving under `oneplan serve`: how soon a file's feedback copy appears, how soon
the period's outputs are refreshed, and how many period runs a burst of files makes.

On a generated month (`benchmarks/generate_month.py DIR`) after a first run (made here
with `oneplan run`, once), each round starts the real `oneplan serve --no-web` on a copy of
that state (the ledger copied, the archive and the outputs hard-linked), with its Prefect
server started and its start-up intake done before anything is timed, then:

- drops the month's corrected file (`DIR/manifest.json` "corrected", copied into the drop
  zone) and times, from the file settling (the end of its copy + the quiet period, the
  watcher's rule), (a) its feedback copy replaced in `outputs/<P>/feedback` and (b) the
  period's outputs replaced (their `.inputs.json`, written last: `oneplan.report.reuse`);
- then drops a burst of K new files (corrected resubmissions of K other counted pairs, one
  copied every `--gap` seconds) and times each file's feedback copy from its settling, the
  refresh from the last file's settling, and counts the period's runs (the runs of the
  flow `oneplan-monthly-reconciliation` on serve's Prefect server after the burst began).

Medians over the rounds; every round's figures printed. The drop zone is the month's own
(`DIR/inputs/submissions`): the files dropped are removed after each round.

    .venv/bin/python benchmarks/serve_arrivals.py DIR [--rounds 3] [--burst 5] [--gap 0.3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `benchmarks` is a folder of the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate_month import folder_of, write_submission  # noqa: E402
from benchmarks.month_problems import FileSpec  # noqa: E402

PERIOD = "2026-11"
ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
QUIET = 3.0  # the intake_quiet_seconds default


def environment(folder: Path, prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONEPLAN_", "PREFECT_"))}
    return {
        **env,
        "ONEPLAN_LANG": "en",
        "ONEPLAN_INTAKE_QUIET_SECONDS": str(QUIET),
        "ONEPLAN_INPUTS": str(folder / "inputs"),
        "ONEPLAN_OUTPUTS": str(folder / "serve-out"),
        "ONEPLAN_STATE": str(folder / "serve-state"),
        "PREFECT_HOME": str(prefect_home),
    }


def first_run(folder: Path, prefect_home: Path) -> None:
    """The state every round starts from, in `serve-out0`/`serve-state0`: the month as a
    coordinator's serve keeps it, every period run that its files call for. `oneplan run`
    of the month, then of every period still behind (a month's late files are of the
    period before: serve's start-up would run it), then of the month again, which now
    shows the change since that period. Without the last two, a round's first refresh
    would also be the month's first run after its previous period's, and every report
    would change for that reason (a once-only cost, not an arrival's)."""
    if (folder / "serve-state0" / "ledger.sqlite").is_file():
        return
    env = environment(folder, prefect_home)
    env["ONEPLAN_OUTPUTS"], env["ONEPLAN_STATE"] = (
        str(folder / "serve-out0"),
        str(folder / "serve-state0"),
    )

    def run(period: str) -> None:
        command = [ONEPLAN, "run", "--period", period]
        subprocess.run(command, env=env, check=True, capture_output=True)

    run(PERIOD)
    behind = subprocess.run(
        [sys.executable, "-c", PERIODS_BEHIND], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    for period in behind:
        run(period)
    if behind:
        run(PERIOD)


PERIODS_BEHIND = (
    "from oneplan.ledger import open_ledger\n"
    "from oneplan.settings import load_settings\n"
    "print(' '.join(open_ledger(load_settings()).periods_behind()))\n"
)


def fresh_state(folder: Path) -> None:
    """The first run's state and outputs, for a round: the ledger copied (SQLite writes it
    in place), the rest hard-linked (oneplan replaces files, never writes into them)."""
    for name in ("serve-out", "serve-state"):
        shutil.rmtree(folder / name, ignore_errors=True)
        subprocess.run(["cp", "-al", str(folder / f"{name}0"), str(folder / name)], check=True)
    ledger = folder / "serve-state" / "ledger.sqlite"
    ledger.unlink()
    shutil.copyfile(folder / "serve-state0" / "ledger.sqlite", ledger)


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def api_call(api: str, path: str, body: dict | None = None):
    request = urllib.request.Request(
        f"{api}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def flow_runs(api: str, name: str, since: float | None = None) -> list[dict]:
    body: dict = {"flows": {"name": {"any_": [name]}}}
    runs = api_call(api, "/flow_runs/filter", body)
    if since is not None:  # those created after `since` (POSIX seconds)
        start = dt.datetime.fromtimestamp(since, dt.UTC)
        runs = [r for r in runs if dt.datetime.fromisoformat(r["created"]) >= start]
    return runs


def all_completed(api: str, name: str, at_least: int = 1, since: float | None = None) -> bool:
    states = [r["state"]["type"] for r in flow_runs(api, name, since)]
    return len(states) >= at_least and set(states) == {"COMPLETED"}


def wait_for(condition, what: str, timeout: float = 600) -> float:
    """Poll `condition` every 20 ms; the time (time.time()) it first held."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)
    return time.time()


def start_serve(folder: Path, prefect_home: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """`oneplan serve --no-web`, once its server answers and its start-up intake is done."""
    with log_path.open("wb") as log:
        serve = subprocess.Popen(
            [ONEPLAN, "serve", "--no-web"],
            env=environment(folder, prefect_home),
            stdout=log,
            stderr=log,
        )

    def shown():
        if serve.poll() is not None:
            raise RuntimeError(log_path.read_text())
        return re.search(r"Prefect server \(local\) at (http://\S+)", log_path.read_text())

    wait_for(shown, "serve's Prefect server")
    api = f"{shown()[1]}/api"

    def intake_done() -> bool:
        try:
            states = [r["state"]["type"] for r in flow_runs(api, "oneplan-intake")]
        except OSError:
            return False
        return states == ["COMPLETED"]

    wait_for(intake_done, "serve's start-up intake")
    return serve, api


def burst_specs(manifest: dict, count: int) -> list[FileSpec]:
    """Corrected resubmissions of `count` counted pairs other than the corrected file's."""
    corrected = manifest["corrected"]
    pairs = [
        (s["agency"], s["area"])
        for s in manifest["submissions"]
        if s["role"] == "current"
        and (s["agency"], s["area"]) != (corrected["agency"], corrected["area"])
    ]
    now = time.time()
    specs = []
    for agency, area in pairs[:: max(1, len(pairs) // count)][:count]:
        a, b = int(agency.removeprefix("AG-")), int(area.removeprefix("A"))
        specs.append(
            FileSpec(
                f"{agency}_{area}_burst.xlsx",
                a,
                b,
                now,
                "corrected",
                variant=3,
                warnings={2: "plan_item_unknown"},
            )
        )
    return specs


def one_round(folder: Path, manifest: dict, burst: int, gap: float) -> dict:
    fresh_state(folder)
    prefect_home = Path(tempfile.mkdtemp(prefix="serve-arrivals-prefect-"))  # runs of its own
    try:
        return timed_round(folder, manifest, burst, gap, prefect_home)
    finally:
        shutil.rmtree(prefect_home, ignore_errors=True)


def timed_round(folder: Path, manifest: dict, burst: int, gap: float, prefect_home: Path) -> dict:
    serve, api = start_serve(folder, prefect_home, folder / "serve.log")
    outputs = folder / "serve-out" / PERIOD
    drop = folder / "inputs" / "submissions"
    dropped: list[Path] = []
    try:
        corrected = manifest["corrected"]
        copy = outputs / "feedback" / f"{corrected['agency']}_{corrected['area']}_{PERIOD}.xlsx"
        inputs_json = outputs / ".inputs.json"
        before_copy, before_outputs = identity(copy), identity(inputs_json)
        target = folder / corrected["drop_as"]
        dropped.append(target)
        shutil.copy2(folder / corrected["path"], target)
        settled = time.time() + QUIET
        feedback = wait_for(lambda: identity(copy) != before_copy, "the feedback copy")
        refreshed = wait_for(lambda: identity(inputs_json) != before_outputs, "the refresh")
        wait_for(lambda: all_completed(api, "oneplan-intake", 2), "the intake's end")
        figures = {"feedback": feedback - settled, "refresh": refreshed - settled}

        # A burst of files, one copied every `gap` seconds.
        lines = manifest["lines"]
        staging = Path(tempfile.mkdtemp(dir=folder))
        specs = burst_specs(manifest, burst)
        for spec in specs:
            write_submission(staging / spec.name, spec, lines)
        copies = {
            s.name: outputs / "feedback" / f"AG-{s.agency:05d}_A{s.area:05d}_{PERIOD}.xlsx"
            for s in specs
        }
        before = {name: identity(path) for name, path in copies.items()}
        began, ends = time.time(), {}
        for spec in specs:
            target = drop / folder_of(spec) / spec.name
            dropped.append(target)
            shutil.copyfile(staging / spec.name, target)
            ends[spec.name] = time.time()
            time.sleep(gap)
        shutil.rmtree(staging)
        seen: dict[str, float] = {}
        outputs_seen = [identity(inputs_json)]
        deadline = time.monotonic() + 600
        idle_since = last_refresh = None
        while time.monotonic() < deadline:
            now = time.time()
            for name, path in copies.items():
                if name not in seen and identity(path) != before[name]:
                    seen[name] = now
            if identity(inputs_json) != outputs_seen[-1]:
                outputs_seen.append(identity(inputs_json))
                last_refresh = now
            done = all_completed(api, "oneplan-monthly-reconciliation", 1, began)
            idle_since = (idle_since or now) if done and len(seen) == len(copies) else None
            if idle_since and now - idle_since > 3 * QUIET:  # nothing more for a while
                break
            time.sleep(0.05)
        last_settled = max(ends.values()) + QUIET
        figures["burst_feedback"] = [seen[n] - (ends[n] + QUIET) for n in ends if n in seen]
        figures["burst_refresh"] = last_refresh - last_settled if last_refresh else None
        figures["burst_runs"] = len(flow_runs(api, "oneplan-monthly-reconciliation", began))
        figures["burst_copies"] = f"{len(seen)}/{len(copies)}"
        return figures
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(120)
        except subprocess.TimeoutExpired:
            serve.kill()
        for path in dropped:
            path.unlink(missing_ok=True)


def rounded(value):
    """Seconds to two decimals, in lists and dictionaries too."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst", type=int, default=5)
    parser.add_argument("--gap", type=float, default=0.3)
    args = parser.parse_args()
    folder = args.folder.resolve()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="serve-arrivals-prefect-") as prefect_home:
        first_run(folder, Path(prefect_home))
    rounds = []
    for n in range(args.rounds):
        figures = one_round(folder, manifest, args.burst, args.gap)
        print(f"round {n + 1}: {json.dumps(rounded(figures))}", flush=True)
        rounds.append(figures)
    median = statistics.median
    print(
        f"{manifest['files']} files ({manifest['pairs']} submissions), quiet period {QUIET:g} s, "
        f"{args.rounds} rounds (medians):"
    )
    print(
        f"  one corrected file: feedback copy {median(r['feedback'] for r in rounds):.2f} s "
        f"after it settled, outputs refreshed {median(r['refresh'] for r in rounds):.2f} s after"
    )
    every = [t for r in rounds for t in r["burst_feedback"]]
    print(
        f"  a burst of {args.burst} files, {args.gap:g} s apart: feedback copies "
        f"{median(every):.2f} s (at most {max(every):.2f} s) after each settled, outputs "
        f"refreshed {median(r['burst_refresh'] for r in rounds):.2f} s after the last settled, "
        f"period runs per burst {[r['burst_runs'] for r in rounds]}"
    )


if __name__ == "__main__":
    main()
