"""Who counts as signed-in staff: the one check every staff-only view and page calls."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

Response = TypeVar("Response", bound=HttpResponseBase)


def is_verified_staff(request: HttpRequest) -> bool:
    """A staff session that passed both factors of sign-in (django_otp decides the second)."""
    user: Any = request.user
    return bool(user.is_authenticated and user.is_staff and user.is_verified())


def verified_staff_required(
    view: Callable[..., Response],
) -> Callable[..., Response | HttpResponseBase]:
    """Only a staff session that passed both factors gets through; others go to sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Response | HttpResponseBase:
        if not is_verified_staff(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
