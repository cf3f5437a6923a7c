"""The map's base layer, for the incident map and anyone else who wants it."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from nidaa.boundaries.base_layer import LEVELS, current_document
from nidaa.boundaries.models import AdminArea
from nidaa.core.middleware import accepts_gzip

# A day: the areas change only when boundaries are re-imported, and the ETag lets a browser
# check cheaply after that.
MAX_AGE = 86_400


@require_safe
def base_layer(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the areas, simplified: sub-districts, or with ?level=1 governorates (2:
    districts). Properties: pcode, name_en, name_ar, admin1_pcode."""
    given = request.GET.get("level", str(AdminArea.Level.SUBDISTRICT))
    if given not in {str(level) for level in LEVELS}:
        return JsonResponse({"error": "level must be 1, 2 or 3"}, status=400)
    document = current_document(int(given))
    if document.etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif accepts_gzip(request):
        response = HttpResponse(document.gzipped, content_type="application/geo+json")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(document.body, content_type="application/geo+json")
    response.headers["ETag"] = document.etag
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, read without cookies
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
