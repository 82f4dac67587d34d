"""For tests of an export that runs as a 下载中心 job."""

from django.urls import reverse

from notifications.models import ExportJob


def exported(client, url, capture_on_commit):
    """Ask for the export as the page does, run its job as the worker would, and return the download."""
    with capture_on_commit(execute=True):
        response = client.get(url)
    job = ExportJob.objects.latest("pk")
    assert (response.status_code, response["Location"]) == (302, f"{reverse('notifications:downloads')}?job={job.pk}")
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    return client.get(reverse("notifications:export_download", args=[job.pk]))
