"""The API documentation page: the OpenAPI schema of drf-spectacular, rendered on the server as tables (no
JavaScript documentation viewer, so no CDN and nothing against the CSP)."""

import functools

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get",)


def endpoint_groups(request) -> list[dict]:
    return _groups()


@functools.cache
def _groups() -> list[dict]:
    """The schema depends on the code only: built once per process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups = {"公开接口（无需令牌）": [], "令牌接口（Authorization: Token <令牌>）": []}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            public = {} in op.get("security", [{}])
            params = [p["name"] for p in op.get("parameters", [])]
            key = "公开接口（无需令牌）" if public else "令牌接口（Authorization: Token <令牌>）"
            groups[key].append({"method": method.upper(), "path": path, "summary": op.get("description", ""),
                                "params": "、".join(params)})
    return [{"title": t, "endpoints": e} for t, e in groups.items()]
