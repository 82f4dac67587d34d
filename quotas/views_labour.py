"""Secretariat pages of the labour quota table: edit on one page, publish, import, export (Excel / PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from greencomp.imports import import_page
from greencomp.pdf import render_pdf
from greencomp.selectors import competitions_for

from . import services_labour as services
from .exporters_labour import QuotaTableExporter, quota_layout
from .forms_labour import QuotaTableForm
from .imports_labour import QuotaTableImport
from .selectors_labour import quota_lines, quota_table_of


def _managed_competition(request, pk):
    """404 for a competition the user cannot see at all, 403 for one they see but do not run."""
    competition = get_object_or_404(competitions_for(request.user), pk=pk)
    if not request.user.has_perm("competitions.manage_competition", competition):
        raise PermissionDenied
    return competition


@login_required
def quota_table_edit(request, pk):
    competition = _managed_competition(request, pk)
    table = quota_table_of(competition)
    lines = list(quota_lines(competition))
    form = QuotaTableForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.quota_table_update(table=table, entries=form.entries(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.POST.get("action") != "publish":
                messages.success(request, "分配表已保存。")
                return redirect("quota_tables:edit", pk=competition.pk)
            try:
                services.quota_table_publish(table=table, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)  # the numbers are saved as a draft; the page says why not published
                messages.info(request, "修改已保存，分配表仍为草稿。")
            else:
                messages.success(request, "分配表已发布。")
                return redirect("quota_tables:edit", pk=competition.pk)
    total = form.typed_total() if form.is_bound else sum(d.quota_entries or 0 for d in lines)
    return render(request, "quotas/labour/quota_table_edit.html", {
        "competition": competition, "table": table, "form": form, "total": total,
        "difference": total - table.notice_total,
    })


@login_required
def quota_table_export_xlsx(request, pk):
    competition = _managed_competition(request, pk)
    return QuotaTableExporter(quota_table_of(competition)).response()


@login_required
def quota_table_export_pdf(request, pk):
    competition = _managed_competition(request, pk)
    table = quota_table_of(competition)
    layout = quota_layout(table, quota_lines(competition))
    return render_pdf("quotas/labour/quota_table_pdf.html", {"layout": layout, "table": table,
                                                             "competition": competition}, layout.title)


@login_required
def quota_table_import(request, pk):
    competition = _managed_competition(request, pk)
    table = quota_table_of(competition)
    return import_page(request, QuotaTableImport(table, by=request.user),
                       {"competition": competition, "table": table})
