from django import template

register = template.Library()


@register.filter
def filesize(n) -> str:
    n = int(n or 0)
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"
