"""Authentication, throttling and pagination of the API, apart from portal/api.py: REST_FRAMEWORK names these
classes, and DRF reads that setting while `rest_framework.views` is being imported (a cycle otherwise)."""

from django.conf import settings
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import BaseThrottle

from greencomp.pages import PAGE_SIZE
from greencomp.ratelimit import limit_count

from .models import ApiToken
from .services import token_digest, token_touch


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`; the key is looked up by its SHA-256 (only the digest is stored)."""

    keyword = b"token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("令牌格式错误：请求头应为 Authorization: Token <令牌>。")
        key = parts[1].decode("ascii", errors="replace")
        token = (ApiToken.objects.select_related("user").filter(key_hash=token_digest(key), revoked_at__isnull=True,
                                                                 user__is_active=True).first())
        if token is None:
            raise AuthenticationFailed("令牌无效或已吊销。")
        token_touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class _CounterThrottle(BaseThrottle):
    """DRF throttle counted in greencomp/ratelimit.py's database counters (shared by every server)."""

    scope = ""

    def applies(self, request) -> bool:
        raise NotImplementedError

    def allow_request(self, request, view):
        if not self.applies(request):
            return True
        self.limit, self.seconds = settings.RATE_LIMITS[self.scope]
        return limit_count(request, self.scope, self.who(request)) <= self.limit

    def who(self, request) -> str:
        return ""  # the client address

    def wait(self):
        return getattr(self, "seconds", None)


class AnonThrottle(_CounterThrottle):
    scope = "api_anon"

    def applies(self, request) -> bool:
        return request.auth is None


class TokenThrottle(_CounterThrottle):
    scope = "api_token"

    def applies(self, request) -> bool:
        return request.auth is not None

    def who(self, request) -> str:
        return f"token{request.auth.pk}"  # each token its own budget, wherever it calls from


class Pagination(PageNumberPagination):
    page_size = PAGE_SIZE
