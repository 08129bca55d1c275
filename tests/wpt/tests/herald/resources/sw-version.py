# A service worker script whose body changes on every request (a new version each fetch),
# unless ?fixed is given.
import time


def main(request, response):
    headers = [(b"Content-Type", b"text/javascript"), (b"Cache-Control", b"no-store")]
    version = b"fixed" if b"fixed" in request.GET else str(time.time_ns()).encode()
    body = b"self.version = '" + version + b"';\n" + \
        b"self.addEventListener('message', e => e.source.postMessage({ version: self.version }));\n"
    return headers, body
