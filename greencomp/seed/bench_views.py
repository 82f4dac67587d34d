"""The bare reference view of SPEC.md's list target: the same rows as a list page, from one query, rendered by
a minimal template, behind the same middleware stack. Mounted in the URLconf only when settings.BENCH_VIEWS is
on (`make bench`, `make bench-load`), and only for signed-in users: never part of a production URLconf."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template import engines

from .synthetic import targets

TEMPLATE = engines["django"].from_string(
    "<table>{% for row in rows %}<tr><td>{{ forloop.counter }}</td>{% for value in row %}<td>{{ value }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>"
)
COLUMNS = 8  # a list page shows about as many columns
_baselines: dict[str, dict] = {}  # per scale, built once per process (the warm-up request pays for it)


def _baseline(scale: str, key: int):
    if scale not in _baselines:
        _baselines[scale] = {t.key: t for t in targets(scale) if t.baseline is not None}
    target = _baselines[scale].get(key)
    if target is None:
        raise Http404
    return target


@login_required
def bare_rows(request, scale: str, key: int):
    target = _baseline(scale, key)
    queryset = target.baseline()
    fields = [f.attname for f in queryset.model._meta.concrete_fields][:COLUMNS]
    rows = queryset.values_list(*fields)
    rows = list(rows[:target.bare_rows] if target.bare_rows else rows)
    response = HttpResponse(TEMPLATE.render({"rows": rows}))  # no request: no context processors
    response["X-Bench-Rows"] = str(len(rows))
    return response
