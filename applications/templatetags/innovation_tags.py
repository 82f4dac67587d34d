from django import template

from applications.display_innovation import application_view

register = template.Library()


@register.simple_tag
def innovation_view(application, version=None):
    """`{% innovation_view application as view %}`: sections, proofs and contacts of the (versioned) form."""
    return application_view(application, version)


@register.filter
def filesize(n) -> str:
    n = int(n or 0)
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"
