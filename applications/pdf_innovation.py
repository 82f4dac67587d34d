"""The official PDF of a filled application form (seed 002 附件1): cover page, the sections as bordered tables,
承诺申明 with the seal and date lines, and the list of attached proofs — to be stamped and handed in."""

from django.utils import timezone

from greencomp.pdf import pdf_bytes, render_pdf

from .display_innovation import application_display

TEMPLATE = "applications/innovation/pdf.html"


def pdf_context(application, version=None) -> dict:
    display = application_display(application, version=version)
    submitted = version.submitted_at if version else application.submitted_at
    return {
        "display": display,
        "application": application,
        "title": f"{display['spec'].title}申报表",
        "filled_on": timezone.localtime(submitted) if submitted else None,
        "is_draft": version is None and not application.version,
    }


def application_pdf(application, version=None) -> bytes:
    return pdf_bytes(TEMPLATE, pdf_context(application, version))


def application_pdf_response(application, version=None):
    name = application.title or f"申报{application.pk}"
    suffix = f"_第{version.number}版" if version else ""
    return render_pdf(TEMPLATE, pdf_context(application, version), f"申报表_{name}{suffix}.pdf")
