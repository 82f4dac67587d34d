"""The grading dashboard's table rows and bar charts, written once per row in Python: the HTML its template loops
wrote, without their ~1,000 variable lookups per page (a share's numbers and texts are ShareRow's, the rows' links
come from one reversed prefix each in quotas.selectors_grading; names are escaped here as autoescape did)."""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

register = template.Library()


def _numbers(r, *, needed_class: bool = True) -> str:
    """企业数 … D级 of a share row; the groups' and cities' tables mark a gap in red, the industries' do not."""
    needed = f'<td class="num {"text-danger" if r.needed else ""}">' if needed_class else '<td class="num">'
    return (f'<td class="num">{r.total}</td><td class="num">{r.good}</td><td class="num">{r.share:f}%</td>'
            f'<td class="num">≥{r.target_text}%</td>{needed}{r.needed}</td><td class="num">{r.d_count}</td>')


@register.simple_tag
def group_rows(rows):
    return mark_safe("".join(
        f'<tr><td>{n}</td><td>{escape(r.label)}</td>'
        f'<td class="num">{f"{r.baseline:f}%" if r.baseline is not None else "—"}</td>{_numbers(r)}</tr>'
        for n, r in enumerate(rows, start=1)))


@register.simple_tag
def industry_rows(rows):
    return mark_safe("".join(f'<tr><td>{r.number}</td><td>{escape(r.label)}</td>{_numbers(r, needed_class=False)}</tr>'
                             for r in rows))


def _publish_form(r, label: str, published: set, csrf: str) -> str:
    if r.key in published:
        buttons = (f'<a href="{r.public_url}" target="_blank">已公开</a> <button class="btn btn-link btn-sm p-0 ms-1" '
                   f'name="action" value="publish" data-confirm="以当前评级结果更新{label}的公告？">更新</button> '
                   f'<button class="btn btn-link btn-sm p-0 ms-1 text-danger" name="action" value="withdraw" '
                   f'data-confirm="撤回{label}的公告？">撤回</button>\n            ')
    else:
        buttons = (f'<button class="btn btn-sm btn-outline-success py-0" name="action" value="publish" '
                   f'data-confirm="向社会公告{label}的企业绩效评级结果？公告后任何人无需登录即可查看。">发布公告</button>')
    return (f'<td class="text-nowrap"><form method="post" action="{r.publish_url}" class="d-inline">{csrf}\n'
            f'            {buttons}\n          </form></td>')


@register.simple_tag(takes_context=True)
def city_rows(context, rows):
    """The secretariat's rows end with the city's 信息公开 form (the page's CSRF input, rendered once)."""
    secretariat, published = context["is_secretariat"], context["published"]
    csrf = CsrfTokenNode().render(context) if secretariat else ""
    html = []
    for r in rows:
        label = escape(r.label)
        form = _publish_form(r, label, published, csrf) if secretariat else ""
        html.append(f'<tr><td>{r.number}</td><td><a href="{r.list_url}">{label}</a></td>{_numbers(r)}\n'
                    f'          {form}</tr>')
    return mark_safe("".join(html))


LATE = ' class="badge state-late text-decoration-none"'


def _due_link(n: int, url: str, attrs: str = "") -> str:
    return f'<a href="{url}"{attrs}>{n}</a>' if n else "0"


@register.simple_tag
def item_rows(rows):
    return mark_safe("".join(
        f'<tr><td>{n}</td><td><a href="{r.list_url}">{escape(r.label)}</a></td><td class="num">{r.total}</td>'
        f'<td class="num">{r.achieved}</td><td class="num">{_due_link(r.due_soon, r.list_url + "?due=soon")}</td>'
        f'<td class="num">{_due_link(r.overdue, r.list_url + "?due=overdue", LATE)}</td></tr>'
        for n, r in enumerate(rows, start=1)))


def _bar(r) -> str:
    label = escape(r.label)
    state = "met" if r.met else "short" if r.total else ""
    target = (f'<div class="gc-bar-target" style="left: {r.target_mark_text}%" title="目标 ≥{r.target_text}%"></div>'
              if r.target is not None else "")
    of_target = f" / ≥{r.target_text}%" if r.target is not None else ""
    return (f'\n  <div class="gc-bar-row">\n    <div class="gc-bar-label" title="{label}">{label}</div>\n'
            f'    <div class="gc-bar-track">\n'
            f'      <div class="gc-bar-fill {state}" style="width: {r.bar_text}%"></div>\n'
            f'      {target}\n    </div>\n'
            f'    <div class="gc-bar-value small">{r.share:f}%{of_target}</div>\n  </div>\n  ')


@register.simple_tag
def city_options(divisions, chosen):
    """The city filter's options after 全省, the chosen city selected."""
    return mark_safe("".join(
        f'<option value="{d.pk}" {"selected" if chosen and d.pk == chosen.pk else ""}>{escape(d.name)}</option>'
        for d in divisions))


@register.simple_tag
def bar_rows(rows):
    """The rows of grading/_bars.html's chart: each share as a bar, its target as a vertical line."""
    return mark_safe("".join(_bar(r) for r in rows))
