# A service worker script served with the Content-Type ?type names (text/html by default), and
# a Service-Worker-Allowed header when ?allowed gives one.
def main(request, response):
    content_type = request.GET.first(b"type", b"text/html")
    headers = [(b"Content-Type", content_type)]
    if b"allowed" in request.GET:
        headers.append((b"Service-Worker-Allowed", request.GET.first(b"allowed")))
    return headers, b"self.addEventListener('install', () => {});\n"
