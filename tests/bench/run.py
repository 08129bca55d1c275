#!/usr/bin/env python3
"""Runs the page benchmark (burst.html) in herald and, when it is installed, in headless
Chromium over WebDriver, several times each, and prints the medians and herald's speed-up.

Both browsers load the same page from a local server on http://localhost (a secure context)
with the notifications permission granted (herald: --permission granted; Chromium: WebDriver's
Set Permission). The figures are the page's own performance.now() measurements.

Used by etc/bench; standard library only.
"""

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = "burst.html"

# The figures compared, as (label, path in the page's result, unit).
FIGURES = [
    ("same tag: construct loop", ("same_tag", "construct_ms"), "ms"),
    ("same tag: every show", ("same_tag", "all_shown_ms"), "ms"),
    ("distinct tags: construct loop", ("distinct_tags", "construct_ms"), "ms"),
    ("distinct tags: every close", ("distinct_tags", "all_closed_ms"), "ms"),
]
COUNTS = [
    ("same tag: close events for replaced", ("same_tag", "replaced_closes")),
    ("distinct tags: close events", ("distinct_tags", "closed")),
]


def pick(result, path):
    for key in path:
        result = result[key]
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """Serves `directory` on localhost in a thread; returns its base URL."""
    port = free_port()
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://localhost:%d/" % port


# ---------------------------------------------------------------------------------------------
# herald


def run_herald(herald, n, timeout):
    command = [herald, "--no-profile", "--permission", "granted", "--embedder", "json", "--timeout", str(timeout),
               "--serve", HERE, "%s?n=%d" % (PAGE, n)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout + 60)
    for line in done.stderr.splitlines():
        marker = line.find("BENCH ")
        if line.startswith("[console.log]") and marker >= 0:
            return json.loads(line[marker + len("BENCH "):])
    raise RuntimeError("herald printed no result (exit %d): %s" % (done.returncode, done.stderr[-2000:]))


# ---------------------------------------------------------------------------------------------
# Chromium over WebDriver (chromedriver speaks the W3C protocol over HTTP)


class WebDriver:
    def __init__(self, chromedriver, chromium):
        self.port = free_port()
        self.process = subprocess.Popen([chromedriver, "--port=%d" % self.port], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        deadline = time.time() + 30
        while True:
            try:
                self.call("GET", "/status")
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("chromedriver did not start")
                time.sleep(0.1)
        options = {"binary": chromium,
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--user-data-dir=/tmp/herald-bench-chromium-%d" % os.getpid()]}
        session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        self.session = "/session/" + session["sessionId"]
        self.browser_version = session["capabilities"].get("browserVersion", "?")

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("WebDriver %s %s: %s" % (method, path, e.read().decode(errors="replace")))

    def run_page(self, base, n):
        # The permission belongs to the origin: set it from a page of that origin first.
        self.call("POST", self.session + "/url", {"url": base})
        self.call("POST", self.session + "/permissions",
                  {"descriptor": {"name": "notifications"}, "state": "granted"})
        self.call("POST", self.session + "/timeouts", {"script": 300000})
        self.call("POST", self.session + "/url", {"url": "%s%s?n=%d" % (base, PAGE, n)})
        script = ("const done = arguments[arguments.length - 1];"
                  "(function wait() { if (window.benchResult) done(window.benchResult);"
                  " else setTimeout(wait, 20); })();")
        return self.call("POST", self.session + "/execute/async", {"script": script, "args": []})

    def close(self):
        try:
            self.call("DELETE", self.session)
        except Exception:
            pass
        self.process.terminate()
        self.process.wait()


# ---------------------------------------------------------------------------------------------


def medians(results):
    figures = {}
    for label, path, unit in FIGURES:
        values = [pick(r, path) for r in results]
        figures[label] = {"median": statistics.median(values), "min": min(values), "max": max(values),
                          "unit": unit, "runs": values}
    for label, path in COUNTS:
        figures[label] = {"runs": [pick(r, path) for r in results]}
    return figures


def check(result, who):
    if "error" in result:
        raise RuntimeError("%s: %s" % (who, result["error"]))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--herald", required=True, help="a release build of herald")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--chromium", default=shutil.which("chromium"))
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver"))
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()

    herald_runs = []
    for i in range(args.runs):
        herald_runs.append(check(run_herald(args.herald, args.n, 120), "herald"))
    report = {"n": args.n, "runs": args.runs, "herald": medians(herald_runs)}

    if args.chromium and args.chromedriver:
        base = serve(HERE)
        driver = WebDriver(args.chromedriver, args.chromium)
        try:
            chromium_runs = [check(driver.run_page(base, args.n), "Chromium") for _ in range(args.runs)]
        finally:
            driver.close()
        report["chromium"] = medians(chromium_runs)
        report["chromium_version"] = driver.browser_version
    else:
        print("bench: chromium and chromedriver are not installed: herald's figures only", file=sys.stderr)

    print_table(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    return 0


def print_table(report):
    chromium = report.get("chromium")
    print()
    print("Page benchmark: %d notifications per burst, median of %d runs%s" % (
        report["n"], report["runs"], " (Chromium %s headless)" % report["chromium_version"] if chromium else ""))
    print()
    print("| figure | Chromium | herald | herald's speed-up |")
    print("| --- | --- | --- | --- |")
    for label, _, unit in FIGURES:
        h = report["herald"][label]["median"]
        if chromium:
            c = chromium[label]["median"]
            ratio = "%.0f×" % (c / h) if h > 0 else "∞"
            print("| %s | %.1f %s | %.2f %s | %s |" % (label, c, unit, h, unit, ratio))
        else:
            print("| %s | — | %.2f %s | — |" % (label, h, unit))
    for label, _ in COUNTS:
        h = report["herald"][label]["runs"]
        c = chromium[label]["runs"] if chromium else "—"
        print("| %s (each run) | %s | %s | |" % (label, c, h))
    per_new = report["herald"]["same tag: construct loop"]["median"] * 1000 / report["n"]
    print()
    print("herald: %.2f µs per `new Notification()` in the same-tag construct loop" % per_new)


if __name__ == "__main__":
    sys.exit(main())
