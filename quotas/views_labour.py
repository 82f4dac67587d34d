"""Secretariat pages of the labour quota table: edit on one page, publish, import, export (Excel / PDF)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from competitions.selectors import competition_for
from greencomp.imports import import_page
from greencomp.pages import form_errors_to
from greencomp.permissions import permission_required

from . import services_labour as services
from .exporters_labour import QuotaTableExporter
from .forms_labour import QuotaTableForm
from .imports_labour import QuotaTableImport
from .selectors_labour import quota_lines, quota_table_of


@permission_required("quotas.manage_quota_table", competition_for)
def quota_table_edit(request, competition, pk):
    table = quota_table_of(competition)
    lines = list(quota_lines(competition))
    form = QuotaTableForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.quota_table_update(table=table, entries=form.entries(), by=request.user,
                                                reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_to(form, exc)
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


@permission_required("quotas.manage_quota_table", competition_for)
def quota_table_export_xlsx(request, competition, pk):
    return QuotaTableExporter(quota_table_of(competition)).response("xlsx")


@permission_required("quotas.manage_quota_table", competition_for)
def quota_table_export_pdf(request, competition, pk):
    return QuotaTableExporter(quota_table_of(competition)).response("pdf")


@permission_required("quotas.manage_quota_table", competition_for)
def quota_table_import(request, competition, pk):
    table = quota_table_of(competition)
    return import_page(request, QuotaTableImport(table, by=request.user),
                       {"competition": competition, "table": table})
