from django.urls import path

from greencomp.ratelimit import limit_posts

from . import views

app_name = "showcase"
urlpatterns = [
    path("", views.gallery, name="gallery"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/interest/", views.interest_create, name="interest_create"),
    path("banks/register/", limit_posts("register")(views.bank_register), name="bank_register"),
    path("banks/interests/", views.bank_interests, name="bank_interests"),
    path("mine/", views.my_projects, name="mine"),
    path("mine/<int:pk>/consent/", views.consent_edit, name="consent"),
    path("interests/<int:pk>/decide/", views.interest_decide, name="interest_decide"),
    path("matchmaking/", views.matchmaking, name="matchmaking"),
]
