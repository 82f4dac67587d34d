from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from applications import urls_grading as applications_grading
from portal import views as portal_views
from quotas import urls_grading as quotas_grading
from reviews import urls_grading as reviews_grading

from . import views, views_dashboard, views_security, views_setup
from .forms import PasswordResetSetForm, StampedPasswordChangeForm
from .ratelimit import limit_posts

accounts = (
    [
        path("", views.user_list, name="list"),
        path("new/", views.user_create, name="create"),
        path("import/", views.user_import, name="import"),
        path("import/template.xlsx", views.user_import_template, name="import_template"),
        path("<int:pk>/", views.user_detail, name="detail"),
        path("<int:pk>/toggle-active/", views.user_toggle_active, name="toggle_active"),
        path("<int:pk>/two-factor-reset/", views.user_two_factor_reset, name="two_factor_reset"),
        path("<int:pk>/memberships/<int:membership_pk>/revoke/", views.membership_revoke, name="membership_revoke"),
        path("approvals/", views.approvals, name="approvals"),
        path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
        path("organisation/", views.organisation_profile, name="organisation"),
    ],
    "accounts",
)

auth = [
    path("login/", views_security.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views_security.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views_security.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views_security.two_factor_codes, name="two_factor_codes"),
    path("two-factor/remove/", views_security.two_factor_remove, name="two_factor_remove"),
    path("register/", limit_posts("register")(views.register), name="register"),
    path("password/change/", auth_views.PasswordChangeView.as_view(form_class=StampedPasswordChangeForm),
         name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", limit_posts("password_reset")(auth_views.PasswordResetView.as_view()),
         name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(form_class=PasswordResetSetForm),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

setup = (  # a competition's setup writes across apps, so its pages live here (greencomp/views_setup.py)
    [
        path("new/", views_setup.competition_create, name="create"),
        path("<int:pk>/edit/", views_setup.competition_edit, name="edit"),
        path("<int:pk>/copy/", views_setup.competition_copy, name="copy"),
        path("<int:pk>/divisions/from-notice/", views_setup.divisions_from_notice, name="divisions_from_notice"),
        path("<int:pk>/divisions/from-notice/import/", views_setup.divisions_from_notice_import,
             name="divisions_from_notice_import"),
    ],
    "setup",
)

dashboard = (
    [
        path("<int:pk>/", views_dashboard.dashboard, name="competition"),
        path("<int:pk>/export/<slug:panel>/", views_dashboard.dashboard_export, name="export"),
    ],
    "dashboard",
)


def root(request):
    """"/": the public portal for visitors, the 待办 home for signed-in users (portal, issue 16)."""
    return (views.home if request.user.is_authenticated else portal_views.home)(request)


urlpatterns = [
    path("", root, name="home"),
    path("switch-competition/", views.competition_switch, name="competition_switch"),
    path("audit/", include(([path("", views.audit_list, name="list")], "audit"))),
    path("accounts/", include(accounts)),
    path("people/", include("greencomp.urls_people")),
    path("auth/", include(auth)),
    path("competitions/", include(setup)),
    path("competitions/", include("competitions.urls")),
    path("dashboard/", include(dashboard)),
    path("quota-tables/", include("quotas.urls_labour")),
    path("labour/", include("applications.urls_labour")),
    path("innovation/", include("applications.urls_innovation")),
    path("recommend/", include("applications.urls_recommend")),
    path("grading/", include((quotas_grading.urlpatterns + applications_grading.urlpatterns
                              + reviews_grading.urlpatterns, "grading"))),
    path("review/", include("reviews.urls_review")),
    path("commendation/", include("reviews.urls_commendation")),
    path("notifications/", include("notifications.urls")),
    # portal (issue 16): the public home, 通知公告, the API and its documentation
    path("portal/", include("portal.urls")),
    path("api/", include("portal.urls_api")),
    path("showcase/", include("showcase.urls")),  # 成果展示与银企对接 (issue 16)
    path("django-admin/", admin.site.urls),
]

if settings.BENCH_VIEWS:  # the bench's reference view (SPEC performance targets); off unless make bench sets it
    from greencomp.seed import bench_views  # noqa: PLC0415 — imported only when the bench is on

    urlpatterns.append(path("_bench/bare/<str:scale>/<int:key>/", bench_views.bare_rows, name="bench_bare"))
