"""Small helpers every page view of every app uses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

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


def form_submitted(request, form, action) -> bool:
    """A POST whose form is valid runs `action()` (a service call); its ValidationError lands on the form's
    fields. True when the action went through — the view then answers with its success page."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except ValidationError as exc:
        form_errors_to(form, exc)
        return False
    return True


def run_action(request, action, success: str) -> bool:
    """A button's service call (`action()`): its success message, or the service's Chinese refusal as the
    page's error message. True when it went through."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def row_url(name: str, arity: int = 1):
    """A function making the URL of each row of a list from one `reverse`: the rows' ids are put in place of
    markers (a `{% url %}` per row walks the resolver each time — thousands of lookups on a 50-row page)."""
    marks = [str(987_654_320 + i) for i in range(arity)]
    pattern = reverse(name, args=marks)

    def url(*ids) -> str:
        result = pattern
        for mark, value in zip(marks, ids, strict=True):
            result = result.replace(mark, str(value), 1)
        return result
    return url


def local_text(moment, empty: str = "—") -> str:
    """A moment as a table shows it (STYLE.md): 2025-06-30 14:00 in Beijing time."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else empty
