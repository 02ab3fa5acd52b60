from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.logout_view, name="logout"),
    path("zwei-faktor/einrichten/", views.two_factor_setup, name="two_factor_setup"),
    path("zwei-faktor/", views.two_factor_verify, name="two_factor_verify"),
    path("sicherheit/", views.security, name="security"),
    path("sicherheit/token/<int:pk>/widerrufen/", views.revoke_token, name="revoke_token"),
    path("sicherheit/ueberall-abmelden/", views.logout_everywhere, name="logout_everywhere"),
    path("benachrichtigungen/", views.notifications, name="notifications"),
    path("benachrichtigungen/<int:pk>/oeffnen/", views.notification_open, name="notification_open"),
    path("benachrichtigungen/alle-gelesen/", views.notifications_read, name="notifications_read"),
]
