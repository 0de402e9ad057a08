#!/usr/bin/env python3
# bench-cli.py: live-concurrency-cli against a plain Python script, side by side.
#
# Starts live-concurrency-mock serving dense data (every minute has viewers), then fetches the
# same ranges with the CLI and with reference-fetch.py, both writing CSV: one two-month chunk
# (87,840 rows) and a year (525,600 rows). It prints the wall time and peak memory of each and
# fails if the two CSV files differ. The best of a few runs is kept, to tame noise.
#
# Usage: bench-cli.py CLI MOCK [RUNS]
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_APP_ID = "demo"
DEMO_SECRET = "demo-secret-not-a-real-one"


def run_measured(argv, env):
    """Runs argv to completion; returns (seconds, peak resident memory in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def best_of(runs, argv, env):
    results = [run_measured(argv, env) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results)


def main():
    cli, mock = sys.argv[1:3]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3

    server = subprocess.Popen([mock, "--dense"], stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            sys.exit(f"the mock server did not start: {base_url!r}")

        # The platform's today; the last complete day is yesterday.
        now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
        last_day = now.date() - datetime.timedelta(days=1)
        cases = [
            ("one chunk, 61 days", last_day - datetime.timedelta(days=60), 87840),
            ("a year, 365 days", last_day - datetime.timedelta(days=364), 525600),
        ]

        with tempfile.TemporaryDirectory() as work:
            secret_file = os.path.join(work, "secret")
            with open(secret_file, "w") as f:
                f.write(DEMO_SECRET)
            env = dict(os.environ, POLYV_APP_ID=DEMO_APP_ID, POLYV_APP_SECRET=DEMO_SECRET)

            print(f"{'case':<20} {'rows':>8} {'program':<8} {'seconds':>8} {'peak MiB':>9}")
            for name, first_day, rows in cases:
                cli_csv = os.path.join(work, "cli.csv")
                python_csv = os.path.join(work, "python.csv")
                cli_argv = [cli, "--base-url", base_url, "--start", first_day.isoformat(),
                            "--end", last_day.isoformat(), "--csv", cli_csv, "--quiet"]
                python_argv = [sys.executable, os.path.join(HERE, "reference-fetch.py"),
                               base_url, DEMO_APP_ID, secret_file, first_day.isoformat(),
                               last_day.isoformat(), python_csv]

                cli_time, cli_memory = best_of(runs, cli_argv, env)
                python_time, python_memory = best_of(runs, python_argv, env)

                with open(cli_csv, "rb") as a, open(python_csv, "rb") as b:
                    cli_bytes, python_bytes = a.read(), b.read()
                if cli_bytes != python_bytes:
                    sys.exit(f"{name}: the CLI's CSV differs from the Python script's")
                written_rows = cli_bytes.count(b"\n") - 1
                if written_rows != rows:
                    sys.exit(f"{name}: expected {rows} rows, got {written_rows}")

                print(f"{name:<20} {rows:>8} {'cli':<8} {cli_time:>8.3f} {cli_memory:>9.1f}")
                print(f"{name:<20} {rows:>8} {'python':<8} {python_time:>8.3f} "
                      f"{python_memory:>9.1f}")
                print(f"{'':<20} {'':>8} {'ratio':<8} {cli_time / python_time:>8.2f} "
                      f"{cli_memory / python_memory:>9.2f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
