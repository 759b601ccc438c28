"""JSON for every error under /api/: a URL that matches nothing, a body the
CSRF check cannot parse, a server error, all answer as the API does."""
from django.http import JsonResponse

API_PREFIX = "/api/"

DETAILS = {
    400: "请求不正确。",
    403: "没有权限。",
    404: "找不到请求的资源。",
    405: "不支持该请求方法。",
    413: "请求内容过大。",
    500: "服务器内部错误。",
}


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = JsonResponse(
                {"detail": DETAILS.get(response.status_code, response.reason_phrase)},
                status=response.status_code,
                json_dumps_params={"ensure_ascii": False},
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
