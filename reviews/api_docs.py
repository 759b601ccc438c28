"""The JSON API's documentation page: /api/openapi.json shown by the
vendored Swagger UI (static/vendor/swagger-ui), for reading only. Open to
everybody, as the description it shows is."""
from django.shortcuts import render


def page(request):
    return render(request, "reviews/api_docs.html")
