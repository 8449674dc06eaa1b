"""Read-only CORS for the data API: any origin may GET (and HEAD, and ask with a
preflight OPTIONS); nothing else is allowed cross-origin.

Also answers HEAD as GET without the body (the operations are declared GET only,
so the schema lists each once, while monitors and crawlers send HEAD).
"""

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
SAFE = ("GET", "HEAD", "OPTIONS")
ALLOW_METHODS = ", ".join(SAFE)
ALLOW_HEADERS = "Accept, If-None-Match, If-Modified-Since"
EXPOSE_HEADERS = "ETag, Last-Modified, Content-Disposition"


class ReadOnlyCorsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOW_METHODS
            response["Access-Control-Allow-Methods"] = ALLOW_METHODS
            response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        elif request.method == "HEAD":
            request.method = "GET"
            response = self.get_response(request)
            request.method = "HEAD"
            if not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        else:
            response = self.get_response(request)
        if request.method in SAFE:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response
