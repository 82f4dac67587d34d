"""Small helpers every page view of every app uses."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from .selectors import division_of_current_competition

PAGE_SIZE = 50


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` rows: for a log that only grows (操作记录), where an exact COUNT(*)
    reads every row of the log on every view. Below the cap the count is exact; above it `capped` is set, the
    pages stop at the cap and the pagination bar says 共 N 条以上 (older rows are reached by the filters)."""

    def __init__(self, object_list, per_page, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap, self.capped = cap, False

    @cached_property
    def count(self) -> int:
        # unordered and without the annotations: an index-only scan that stops at the cap
        counted = self.object_list.order_by().values("pk")[:self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    @property
    def cap_text(self) -> str:
        return f"{self.cap:,}"


def paginate(request, queryset, size=PAGE_SIZE, param="page", cap: int | None = None):
    """`param` names the page's query parameter when one page shows two paged lists; `cap` counts at most that
    many rows (CappedPaginator)."""
    paginator = Paginator(queryset, size) if cap is None else CappedPaginator(queryset, size, cap=cap)
    return paginator.get_page(request.GET.get(param))


def form_errors_to(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form) so the user sees it in place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@dataclass(frozen=True)
class Done:
    """A service call that went through (truthy); `result` is what the service returned (the row it made …)."""
    result: Any = None


Success = str | Callable[[Any], str] | None


def refuse(request, exc: ValidationError) -> None:
    """A service's Chinese refusal as the page's error message."""
    messages.error(request, "；".join(exc.messages))


def _attempt(request, action, success: Success, refused) -> Done | None:
    try:
        result = action()
    except ValidationError as exc:
        refused(exc)
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return Done(result)


def form_submitted(request, form, action, success: Success = None) -> Done | None:
    """A POST whose form is valid runs `action()` (a service call); its ValidationError lands on the form's
    fields. A `Done` when the action went through — with `success` (a text, or a function of the service's
    result) as the page's message — and the view then answers with its success page."""
    if request.method != "POST" or not form.is_valid():
        return None
    return _attempt(request, action, success, lambda exc: form_errors_to(form, exc))


def run_action(request, action, success: Success = None) -> Done | None:
    """A button's service call (`action()`): its success message, or the service's Chinese refusal as the
    page's error message. A `Done` when it went through."""
    return _attempt(request, action, success, lambda exc: refuse(request, exc))


def form_errors_text(form) -> str:
    return "；".join(e for errors in form.errors.values() for e in errors)


def run_form_action(request, form, action, success: Success = None, invalid: str = "") -> Done | None:
    """A button posting a small form (a reason, a date): an invalid form is refused with `invalid` (or the
    form's own messages), a valid one runs `action()` like `run_action` (the action reads form.cleaned_data)."""
    if not form.is_valid():
        messages.error(request, invalid or form_errors_text(form))
        return None
    return run_action(request, action, success)


def chosen_among(request, rows, param: str, default=None, key=lambda row: row.pk):
    """The row of `rows` (the user's divisions, the open competitions …) whose key the GET parameter `param`
    names, else `default`: a foreign or bogus value is no error, it picks nothing."""
    wanted = request.GET.get(param, "")
    return next((row for row in rows if str(key(row)) == wanted), default)


def current_division_page(request, divisions, url_name: str):
    """A sidebar entry (参赛单位登记, 先进推荐 …): the page `url_name` of the user's division in the competition
    chosen in the top bar, else of their first one; 404 for a user without any."""
    division = division_of_current_competition(request, divisions)
    if division is None:
        raise Http404
    return redirect(url_name, pk=division.pk)


def next_url(request, default: str) -> str:
    """The `next` a form posts (or a link carries) when it is a page of this site, else `default` (a URL or a
    URL name): never a redirect to another host."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


def query_without_page(request, *also: str) -> str:
    """The list's filter query string for its pagination links (the page number, and the parameters `also`
    names, left out)."""
    query = request.GET.copy()
    for param in ("page", *also):
        query.pop(param, None)
    return query.urlencode()


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
