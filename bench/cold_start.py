"""Cold start: the time from exec of plangate on an empty SQLite file (so every migration runs)
to its first HTTP 200 on /readyz (the database is reachable and migrated).

    python3 bench/cold_start.py BINARY RUNS DIRECTORY

Each run uses a new empty file in DIRECTORY and a free loopback port; /readyz is polled every
millisecond. Prints `RESULT runs=N median_ms=… min_ms=… max_ms=…`; fails (exit 1) when a run
gets no 200 within 10 s.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time

binary, runs, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = []
for run in range(runs):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = os.path.join(directory, f"cold-{run}.db")
    started = time.perf_counter()
    server = subprocess.Popen(
        [binary, "--listen", f"127.0.0.1:{port}", "--database-url", f"sqlite://{database}",
         "--api-key", "cold-start-key"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            elapsed = time.perf_counter() - started
            if elapsed > 10 or server.poll() is not None:
                print(f"cold start run {run}: no 200 on /readyz (exit {server.poll()})", file=sys.stderr)
                sys.exit(1)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    times.append((time.perf_counter() - started) * 1000)
                    break
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.001)
    finally:
        server.terminate()
        server.wait()
print(f"RESULT runs={runs} median_ms={statistics.median(times):.1f} "
      f"min_ms={min(times):.1f} max_ms={max(times):.1f}")
