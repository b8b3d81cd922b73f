"""A region is data only: a new map file plus municipalities in gemeenten.yml, no code list.

The running assistant picks it up like any other edit (CatalogSource reloads on change).
"""

import shutil

import yaml

from bot.catalog import CatalogSource
from bot.datafiles import DATA_DIR
from tests.support.core_chat import Chat

ZWOLLE = "GM0193"


def _add_region(directory):
    """Add a 'Proefregio' map (a copy of Haaglanden's shape) and move Zwolle into it."""
    text = (directory / "haaglanden.yml").read_text(encoding="utf-8")
    text = text.replace("id: haaglanden", "id: proefregio").replace("name: Haaglanden", "name: Proefregio")
    text = text.replace("organisation: Zorg- en Veiligheidshuis Haaglanden", "organisation: Zorg- en Veiligheidshuis Proefregio")
    (directory / "proefregio.yml").write_text(text, encoding="utf-8")
    table = directory / "gemeenten.yml"
    raw = table.read_text(encoding="utf-8")
    before = "  - code: GM0193\n    name: Zwolle\n    map: ijsselland\n"
    assert before in raw
    table.write_text(raw.replace(before, before.replace("map: ijsselland", "map: proefregio")), encoding="utf-8")


def test_a_new_region_file_is_picked_up_by_the_running_assistant_and_routes_a_conversation(tmp_path):
    directory = tmp_path / "routekaarten"
    shutil.copytree(DATA_DIR, directory)
    source = CatalogSource(directory)
    assert "proefregio" not in source.current().maps.maps
    assert "Proefregio" not in Chat(catalog=source.current()).say("Ik werk in Zwolle")

    _add_region(directory)
    catalog = source.current()
    assert catalog.municipalities.by_code(ZWOLLE).map_id == "proefregio"
    assert "Proefregio" in catalog.maps.region_names()

    chat = Chat(catalog=catalog)
    out = chat.say("Ik werk in Zwolle")
    assert "Proefregio" in out
    chat.say("geen direct gevaar, het gaat om een man")
    out = chat.click(chat.button("need:zorgen"))
    assert "Zorg- en Veiligheidshuis Proefregio" in out
    assert chat.ended[-1].route_map.id == "proefregio"

    # Every other region keeps its own map (issue 16: all 24 safety regions have one).
    assert len(catalog.maps.region_names()) == 25
    assert "Drenthe" in Chat(catalog=catalog).say("Ik werk in Assen")


def test_a_municipality_pointing_at_a_map_that_does_not_exist_is_refused_with_file_and_path(tmp_path):
    directory = tmp_path / "routekaarten"
    shutil.copytree(DATA_DIR, directory)
    table = directory / "gemeenten.yml"
    raw = yaml.safe_load(table.read_text(encoding="utf-8"))
    index = next(i for i, m in enumerate(raw["municipalities"]) if m["code"] == ZWOLLE)
    text = table.read_text(encoding="utf-8").replace(
        "  - code: GM0193\n    name: Zwolle\n    map: ijsselland\n", "  - code: GM0193\n    name: Zwolle\n    map: nergens\n")
    table.write_text(text, encoding="utf-8")
    from bot.catalog import load_catalog
    from bot.datafiles import DataFileError
    try:
        load_catalog(directory)
    except DataFileError as exc:
        assert exc.path.endswith("gemeenten.yml")
        assert exc.where == f"municipalities[{index}].map"
    else:
        raise AssertionError("a map that does not exist was accepted")
