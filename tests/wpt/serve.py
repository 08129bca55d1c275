#!/usr/bin/env python3
"""A small WPT server for herald: serves a WPT-layout directory the way `wpt serve` does for
what the notifications tests need, on PyPI's wptserve.

- The WPT host names (web-platform.test, not-web-platform.test and their www/www1/www2
  subdomains) on the usual ports: HTTP 8000 and 8001, HTTPS 8443 and 8444. herald resolves
  those names to 127.0.0.1 itself, so no hosts file is needed.
- HTTPS with a local CA made by wptserve's OpenSSL environment; its certificate is what
  herald's --ca-cert takes.
- `.sub.` substitution and `.headers` files (wptserve's file handler).
- Generated test files, written here from the WPT file-name conventions: `x.any.html`,
  `x.any.worker.html`/`x.any.worker.js`, `x.any.sharedworker.html` (running `x.any.worker.js`) and
  `x.any.serviceworker.html`/`.js` for `x.any.js`, `x.window.html` for `x.window.js`
  and `x.worker.html` for `x.worker.js`, honouring `// META: script=`, `title=` and
  `timeout=` lines.

When it is listening it prints one line, `HERALD-WPT-SERVER {json}`, with the ports and
the CA certificate's path, then serves until it is stopped.
"""

import argparse
import html
import json
import logging
import os
import re
import sys
import threading

from wptserve import server
from wptserve.config import ConfigBuilder
from wptserve.handlers import HTTPException, filesystem_path
from wptserve import routes as default_routes

SUBDOMAINS = {"www", "www1", "www2"}
META_LINE = re.compile(r"^//\s*META:\s*(\w+)=(.*)$")


def read_meta(path):
    """The `// META: key=value` lines at the top of a test script, in order."""
    meta = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = META_LINE.match(line.strip())
            if m:
                meta.append((m.group(1), m.group(2).strip()))
            elif line.strip() and not line.strip().startswith("//"):
                break
    return meta


def global_scope_flags(kind):
    """The `self.GLOBAL` object WPT's generated files give a test."""
    return ("self.GLOBAL = {isWindow: function() { return %s; }, isWorker: function() { return %s; }, "
            "isShadowRealm: function() { return false; }};" % (
                "true" if kind == "window" else "false", "true" if kind == "worker" else "false"))


class GeneratedFile:
    """Serves `<name><suffix>` made from the script `<name><source_suffix>` beside it."""

    def __init__(self, suffix, source_suffix, make):
        self.suffix = suffix
        self.source_suffix = source_suffix
        self.make = make

    def __call__(self, request, response):
        path = filesystem_path(None, request)
        if not path.endswith(self.suffix):
            raise HTTPException(404)
        source = path[: -len(self.suffix)] + self.source_suffix
        if not os.path.isfile(source):
            raise HTTPException(404)
        url_path = request.url_parts.path
        script_url = url_path[: -len(self.suffix)] + self.source_suffix
        body, content_type = self.make(read_meta(source), script_url, url_path)
        response.headers.set("Content-Type", content_type)
        response.content = body.encode("utf-8")


def page_head(meta):
    """The start of a generated page: its title and timeout from the META lines."""
    head = ['<!doctype html>', '<meta charset="utf-8">']
    for key, value in meta:
        if key == "title":
            head.append("<title>%s</title>" % html.escape(value))
        elif key == "timeout" and value == "long":
            head.append('<meta name="timeout" content="long">')
    return head


def window_page(meta, script_url, _url_path):
    head = page_head(meta)
    head.append("<script>%s</script>" % global_scope_flags("window"))
    head.append('<script src="/resources/testharness.js"></script>')
    head.append('<script src="/resources/testharnessreport.js"></script>')
    for key, value in meta:
        if key == "script":
            head.append('<script src="%s"></script>' % html.escape(value))
    head.append('<div id="log"></div>')
    head.append('<script src="%s"></script>' % html.escape(script_url))
    return "\n".join(head) + "\n", "text/html; charset=utf-8"


def worker_page(worker_suffix, constructor="Worker", strip=".html"):
    """A page that runs the tests of a worker script: `x.any.worker.html` starts
    `x.any.worker.js` in a dedicated worker, `x.any.sharedworker.html` the same script in a
    shared worker."""

    def make(meta, script_url, url_path):
        head = page_head(meta)
        head.append('<script src="/resources/testharness.js"></script>')
        head.append('<script src="/resources/testharnessreport.js"></script>')
        head.append('<div id="log"></div>')
        worker_url = url_path[: -len(strip)] + worker_suffix
        head.append("<script>fetch_tests_from_worker(new %s(%s));</script>" % (constructor, json.dumps(worker_url)))
        return "\n".join(head) + "\n", "text/html; charset=utf-8"

    return make


def service_worker_page(meta, script_url, url_path):
    """`x.any.serviceworker.html`: registers `x.any.serviceworker.js` (at a scope no page uses)
    and runs the tests it reports from its installing worker."""
    head = page_head(meta)
    head.append('<script src="/resources/testharness.js"></script>')
    head.append('<script src="/resources/testharnessreport.js"></script>')
    head.append('<div id="log"></div>')
    worker_url = url_path[: -len(".html")] + ".js"
    head.append("""<script>
(async function() {
  const scope = "does/not/exist";
  let registration = await navigator.serviceWorker.getRegistration(scope);
  if (registration) await registration.unregister();
  registration = await navigator.serviceWorker.register(%s, {scope});
  fetch_tests_from_worker(registration.installing);
})();
</script>""" % json.dumps(worker_url))
    return "\n".join(head) + "\n", "text/html; charset=utf-8"


def any_worker_script(meta, script_url, _url_path):
    lines = [global_scope_flags("worker"), 'importScripts("/resources/testharness.js");']
    for key, value in meta:
        if key == "script":
            lines.append("importScripts(%s);" % json.dumps(value))
    lines.append("importScripts(%s);" % json.dumps(script_url))
    lines.append("done();")
    return "\n".join(lines) + "\n", "text/javascript; charset=utf-8"


def routes():
    # wptserve's router takes the first route that matches: the longer suffixes go first.
    generated = [
        ("GET", "*.any.worker.js", GeneratedFile(".any.worker.js", ".any.js", any_worker_script)),
        ("GET", "*.any.serviceworker.js", GeneratedFile(".any.serviceworker.js", ".any.js", any_worker_script)),
        ("GET", "*.any.serviceworker.html", GeneratedFile(".any.serviceworker.html", ".any.js", service_worker_page)),
        ("GET", "*.any.worker.html", GeneratedFile(".any.worker.html", ".any.js", worker_page(".js"))),
        (
            "GET",
            "*.any.sharedworker.html",
            GeneratedFile(
                ".any.sharedworker.html", ".any.js", worker_page(".worker.js", "SharedWorker", ".sharedworker.html")
            ),
        ),
        ("GET", "*.any.html", GeneratedFile(".any.html", ".any.js", window_page)),
        ("GET", "*.worker.html", GeneratedFile(".worker.html", ".worker.js", worker_page(".js"))),
        ("GET", "*.window.html", GeneratedFile(".window.html", ".window.js", window_page)),
    ]
    return generated + list(default_routes.routes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doc_root", help="the directory to serve (a WPT checkout or a directory laid out like one)")
    parser.add_argument("--certs", required=True, help="where the local CA and host certificate are kept")
    parser.add_argument("--http", type=int, nargs=2, default=[8000, 8001], metavar="PORT")
    parser.add_argument("--https", type=int, nargs=2, default=[8443, 8444], metavar="PORT")
    args = parser.parse_args()

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logger = logging.getLogger("herald-wpt-serve")
    doc_root = os.path.abspath(args.doc_root)
    if not os.path.isdir(doc_root):
        parser.error("no such directory: %s" % doc_root)
    os.makedirs(args.certs, exist_ok=True)

    builder = ConfigBuilder(
        logger,
        subdomains=SUBDOMAINS,
        browser_host="web-platform.test",
        alternate_hosts={"alt": "not-web-platform.test"},
        doc_root=doc_root,
        server_host="127.0.0.1",
        # ws and wss are not served; their ports are there for `.sub.` files that name them.
        ports={"http": list(args.http), "https": list(args.https), "ws": [8889], "wss": [8667]},
        ssl={"type": "openssl", "openssl": {"base_path": os.path.abspath(args.certs)}},
        logging={"level": "warning", "suppress_handler_traceback": True},
    )
    with builder as config:
        ssl = config.ssl_config
        servers = []
        for scheme in ("http", "https"):
            for port in config.ports[scheme]:
                httpd = server.WebTestHttpd(
                    host="127.0.0.1",
                    port=port,
                    doc_root=doc_root,
                    routes=routes(),
                    use_ssl=scheme == "https",
                    key_file=ssl["key_path"] if scheme == "https" else None,
                    certificate=ssl["cert_path"] if scheme == "https" else None,
                    config=config,
                )
                httpd.start()
                servers.append(httpd)
        ready = {"http": config.ports["http"], "https": config.ports["https"], "ca_cert": ssl["ca_cert_path"]}
        print("HERALD-WPT-SERVER " + json.dumps(ready), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            for httpd in servers:
                httpd.stop()


if __name__ == "__main__":
    main()
