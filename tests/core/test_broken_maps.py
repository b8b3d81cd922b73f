"""A broken route map fails with the file, the place in it and what is wrong."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.catalog import CatalogSource, load_catalog
from bot.datafiles import DATA_DIR, DataFileError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "routekaarten"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_option(data):
    return data["nodes"]["vorm"]["options"][0]


def test_next_pointing_nowhere_names_file_and_path(data_copy):
    edit(data_copy / "rotterdam.yml", lambda d: first_option(d).update(next="bestaat_niet"))
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert err.value.path.endswith("rotterdam.yml")
    assert err.value.where == "nodes.vorm.options[0].next"
    assert "bestaat_niet" in err.value.problem


def test_contact_without_phone_or_url_is_refused(data_copy):
    def strip(d):
        cid = next(iter(d["contacts"]))
        d["contacts"][cid].pop("phone", None)
        d["contacts"][cid].pop("url", None)
    edit(data_copy / "haaglanden.yml", strip)
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert err.value.path.endswith("haaglanden.yml")
    assert err.value.where.startswith("contacts.")


def test_unknown_answer_value_is_refused(data_copy):
    edit(data_copy / "zuid-limburg.yml", lambda d: first_option(d).update(value="slavernij"))
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert err.value.where == "nodes.vorm.options[0].value"
    assert "slavernij" in err.value.problem


def test_reference_to_missing_national_contact_is_refused(data_copy):
    def bad_ref(d):
        outcome = next(n for n in d["nodes"].values() if "outcome" in n)
        outcome["contacts"] = ["nationaal/bestaat_niet"]
    edit(data_copy / "gooi-en-vechtstreek.yml", bad_ref)
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert "nationaal/bestaat_niet" in str(err.value)


def test_loop_in_the_route_is_refused(data_copy):
    edit(data_copy / "rotterdam.yml", lambda d: first_option(d).update(next="acuut"))
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert "loops" in err.value.problem


def test_invalid_yaml_names_the_line(data_copy):
    (data_copy / "nationaal.yml").write_text("id: nationaal\nnodes: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert err.value.where.startswith("line ")


def test_municipality_with_unknown_map_is_refused(data_copy):
    edit(data_copy / "gemeenten.yml", lambda d: d["municipalities"][0].update(map="atlantis"))
    with pytest.raises(DataFileError) as err:
        load_catalog(data_copy)
    assert err.value.where == "municipalities[0].map"


def test_edited_contact_takes_effect_without_restart_and_a_broken_edit_keeps_the_last_good(data_copy):
    source = CatalogSource(data_copy)
    assert source.current().maps.get("rotterdam").contacts["essm"].phone == "010 236 52 56"
    edit(data_copy / "rotterdam.yml", lambda d: d["contacts"]["essm"].update(phone="010 000 00 00"))
    assert source.current().maps.get("rotterdam").contacts["essm"].phone == "010 000 00 00"
    edit(data_copy / "rotterdam.yml", lambda d: first_option(d).update(next="nergens"))
    assert source.current().maps.get("rotterdam").contacts["essm"].phone == "010 000 00 00"


def test_the_action_servers_source_looks_at_the_files_once_a_second(data_copy, monkeypatch):
    import bot.catalog as catalog

    clock = [1000.0]
    monkeypatch.setattr(catalog.time, "monotonic", lambda: clock[0])
    source = CatalogSource(data_copy, check_every=1.0)
    edit(data_copy / "rotterdam.yml", lambda d: d["contacts"]["essm"].update(phone="010 000 00 00"))
    assert source.current().maps.get("rotterdam").contacts["essm"].phone == "010 236 52 56"
    clock[0] += 1.5
    assert source.current().maps.get("rotterdam").contacts["essm"].phone == "010 000 00 00"
