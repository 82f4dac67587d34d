"""Responses other apps' views share with the notification views: an export view queues its job here (the views
modules of different apps never import each other)."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .exports import export_start


def start_export(request, *, kind: str, params: dict, title: str = ""):
    """For an export view whose permission head has passed: queue the job and show it in 下载中心 at once."""
    job = export_start(user=request.user, kind=kind, params=params, title=title)
    messages.info(request, f"“{job.title}”正在后台生成，完成后可在下载中心下载。")
    return redirect(f"{reverse('notifications:downloads')}?job={job.pk}")
