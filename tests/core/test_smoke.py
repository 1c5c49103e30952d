import pytest


@pytest.mark.django_db
def test_home_page_speaks_german_even_to_an_english_browser(client, hannover):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Weiterentwicklung des Lokalen Integrationsplans" in page
    assert '<html lang="de"' in page


@pytest.mark.django_db
def test_the_language_button_switches_the_pages_to_english(client, hannover):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "Revision of Hannover&#x27;s Local Integration Plan" in page


@pytest.mark.django_db
def test_home_page_without_a_process_says_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load-process" in response.content.decode()


@pytest.mark.django_db
def test_the_health_check_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/lebt/")
    assert response.status_code == 200 and response.content == b"ok\n"
