from django.test import Client


def test_it_shows_only_public_cards_before_the_second_factor(anna):
    client = Client()
    client.force_login(anna)  # password passed, code not yet entered

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Your login is not complete yet." in body
    assert "Audit trail" not in body
    assert "people work in your KI" not in body
    assert 'href="/protokoll/"' not in body


def test_it_shows_the_role_cards_after_the_second_factor(anna, verified_client):
    response = verified_client(anna).get("/", HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert "Your login is not complete yet." not in body
    assert "Audit trail of your KI" in body
