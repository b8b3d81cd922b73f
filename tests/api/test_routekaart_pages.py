"""The route map pages of the workspace: the flowchart of every map, and stale contacts per region."""
import html

import pytest

from api_support import page_login
from bot.catalog import CatalogSource, load_catalog
from tests.support.mapcopy import copy_maps, set_verified_on

MAP_IDS = sorted(load_catalog().maps.maps)


@pytest.fixture
def old_contacts(tmp_path, monkeypatch):
    """Route data where SHOP (Haaglanden) and RIEC Limburg were last checked years ago."""
    from api import routekaart_pages

    directory = copy_maps(tmp_path)
    set_verified_on(directory, "haaglanden.yml", "shop", "2022-02-02")
    set_verified_on(directory, "zuid-limburg.yml", "riec_limburg", "2021-01-01")
    source = CatalogSource(directory)
    monkeypatch.setattr(routekaart_pages, "_route_data", lambda: source)
    return directory


def test_route_map_pages_need_a_sign_in(client):
    assert client.get("/routekaarten", follow_redirects=False).status_code in (303, 401)
    assert client.get("/routekaarten/haaglanden.svg", follow_redirects=False).status_code in (303, 401)


@pytest.mark.parametrize("map_id", MAP_IDS)
def test_every_map_is_drawn_and_listed_from_the_same_data(client, officers, map_id):
    assert page_login(client, "anna").status_code == 303
    route_map = load_catalog().maps.get(map_id)
    page = client.get(f"/routekaarten/{map_id}")
    assert page.status_code == 200
    assert f'src="/routekaarten/{map_id}.svg"' in page.text and 'alt="Stroomschema' in page.text
    for question in route_map.questions():
        assert question.text in page.text
    for outcome in route_map.outcomes():
        assert outcome.title in page.text
    svg = client.get(f"/routekaarten/{map_id}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    drawn = html.unescape(svg.text).replace("\xa0", " ")
    for outcome in route_map.outcomes():
        for contact in (route_map.contacts[ref] for ref in outcome.contact_refs):
            assert contact.organisation.split(" (")[0][:20] in drawn
            assert f"gecontroleerd {contact.verified_on}" in drawn
            assert f"Gecontroleerd op {contact.verified_on}" in page.text
            if contact.phone:
                assert contact.phone in drawn and contact.phone in page.text


def test_an_unknown_map_is_404(client, officers):
    page_login(client, "anna")
    assert client.get("/routekaarten/atlantis").status_code == 404
    assert client.get("/routekaarten/atlantis.svg").status_code == 404


def test_stale_contacts_are_listed_for_the_officers_and_coordinators_of_the_region_that_uses_them(
        client, other_client, officers, old_contacts):
    page_login(client, "anna")  # Den Haag: Haaglanden
    page = client.get("/routekaarten").text
    assert "SHOP" in page and "2022-02-02" in page and "haaglanden.yml" in page and "contacts.shop" in page
    assert "RIEC Limburg" not in page  # not her region
    assert "VEROUDERD" in client.get("/routekaarten/haaglanden.svg").text

    page_login(other_client, "carla")  # coordinator of Haaglanden
    assert "contacts.shop" in other_client.get("/routekaarten").text


def test_an_officer_of_another_region_does_not_get_haaglanden_stale_list(client, officers, old_contacts):
    page_login(client, "bert")  # Rotterdam
    page = client.get("/routekaarten").text
    assert "contacts.shop" not in page
    assert "Alle contacten op de kaart van jouw regio" in page
