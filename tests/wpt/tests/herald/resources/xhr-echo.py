# XMLHttpRequest tests' echo: answers with JSON describing the request (method, the
# Content-Type and X-Test headers, which of some other headers came, and the body as text).
# Query parameters:
#   delay=MS          wait before answering
#   status=CODE       the status code
#   acao=origin|*     send Access-Control-Allow-Origin (the request's Origin, or *), and answer
#                     preflights (OPTIONS with Access-Control-Request-Method) with it
#   acah=NAMES        Access-Control-Allow-Headers for preflights
#   acam=METHODS      Access-Control-Allow-Methods for preflights
#   expose=NAMES      Access-Control-Expose-Headers
import json
import time


def main(request, response):
    if b"delay" in request.GET:
        time.sleep(float(request.GET.first(b"delay")) / 1000)
    headers = [(b"Cache-Control", b"no-store"), (b"X-Custom", b"one"), (b"X-Custom", b"two")]
    acao = request.GET.first(b"acao", None)
    if acao is not None:
        origin = request.headers.get(b"Origin", b"") if acao == b"origin" else acao
        headers.append((b"Access-Control-Allow-Origin", origin))
    if b"expose" in request.GET:
        headers.append((b"Access-Control-Expose-Headers", request.GET.first(b"expose")))
    if request.method == "OPTIONS" and b"Access-Control-Request-Method" in request.headers:
        for param, name in ((b"acah", b"Access-Control-Allow-Headers"), (b"acam", b"Access-Control-Allow-Methods")):
            if param in request.GET:
                headers.append((name, request.GET.first(param)))
        return 200, headers, b""
    status = int(request.GET.first(b"status", b"200"))
    described = {
        "method": request.method,
        "contentType": request.headers.get(b"Content-Type", b"").decode("latin-1") or None,
        "xTest": request.headers.get(b"X-Test", b"").decode("latin-1") or None,
        "origin": request.headers.get(b"Origin", b"").decode("latin-1") or None,
        "sent": sorted(name.decode("latin-1").lower() for name in request.headers.keys()),
        "body": request.body.decode("latin-1"),
    }
    headers.append((b"Content-Type", b"application/json"))
    return status, headers, json.dumps(described).encode()
