"""The one permission check of a view (STYLE.md "who may do what"): look the object up through a selector scoped
to the user — an object they cannot see is a 404 — then let the rules decide with `user.has_perm(perm, obj)`
(403). The predicates live in each app's rules.py; views and templates never decide on roles or states."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_required(perm: str, fn=None):
    """`fn(request.user, **url_kwargs)` returns the object (through a scoped selector); the view is then called as
    `view(request, obj, **url_kwargs)`. Without `fn` the permission is checked on no object and the view is
    called unchanged."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            obj = fn(request.user, **kwargs) if fn is not None else None
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs) if fn is not None else view(request, *args, **kwargs)

        return login_required(checked)

    return decorator
