import pytest


@pytest.mark.django_db
def test_home_page_shows_the_loaded_process_in_german(client, hannover):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Weiterentwicklung des Lokalen Integrationsplans" in response.content.decode()


@pytest.mark.django_db
def test_home_page_without_a_process_says_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load-process" in response.content.decode()
