"""Small helpers every page view of every app uses."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, size=PAGE_SIZE, param="page"):
    """`param` names the page's query parameter when one page shows two paged lists."""
    return Paginator(queryset, size).get_page(request.GET.get(param))


def form_errors_to(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form) so the user sees it in place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
