"""Two helpers every app's pages share, kept out of greencomp/views.py so that no app imports another app's
views: the list pagination and putting a service's ValidationError on the form."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def form_errors_to(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form) so the user sees it in place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
