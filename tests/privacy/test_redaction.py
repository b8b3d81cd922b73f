"""De-identification of professionals' descriptions (bot.anonymise).

Real deduce, real lookup cache: every identifier embedded in a realistic
description must be gone after ``redact``, while the words the attention
officer needs to understand the signal stay.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import anonymise
from bot.anonymise import redact, redact_patterns


@pytest.fixture(scope="module", autouse=True)
def deduce_loaded():
    anonymise.warm_up().join()
    assert anonymise.is_ready()


NAMES = [
    "Jan de Vries",
    "Fatima El Amrani",
    "Piet van der Berg",
    "Anna Kowalska",
    "Mohammed Yilmaz",
    "Sanne de Jong-Bakker",
    "Jeroen van den Heuvel",
    "Ayşe Demir",
    "Krzysztof Wójcik",
    "Ionut Popescu",
    "Dimitar Petrov",
    "Blessing Okafor",
    "Tesfaye Gebremedhin",
    "Nguyen Van Minh",
    "Maria Ionescu",
    "Kevin Janssen",
    "Priscilla Mensah",
]

NAME_TEMPLATES = [
    "Ik maak me zorgen over {name}. Zij werkt in de nagelstudio en slaapt in een loods.",
    "Vanochtend kwam {name} aan de balie zonder paspoort; de baas houdt de paspoorten vast.",
    "De werkgever, {name}, brengt de meisjes elke avond naar de massagesalon.",
]

_PARTICLES = {"de", "van", "der", "den", "el"}


def _name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s-]+", name) if p.lower() not in _PARTICLES]


@pytest.mark.parametrize("template", NAME_TEMPLATES)
@pytest.mark.parametrize("name", NAMES)
def test_names_do_not_survive(name, template):
    redacted = redact(template.format(name=name))
    for part in _name_parts(name):
        assert part not in redacted, redacted
    assert "[NAAM]" in redacted


def test_titles_initials_and_surname_only():
    text = "J. de Vries en mw. A. Bakker en dhr. Kaya kwamen langs. Mevrouw Visser en mevr. Smit ook."
    redacted = redact(text)
    for part in ("Vries", "Bakker", "Kaya", "Visser", "Smit"):
        assert part not in redacted, redacted


def test_a_surname_in_capitals_before_the_first_name_in_a_guest_list():
    redacted = redact("gastenlijst hotel: VISSER, Anna kamer 3; SMITH, John kamer 4. AVIM, Politie weet ervan")
    for part in ("VISSER", "Anna", "SMITH", "John"):
        assert part not in redacted, redacted
    assert "AVIM, Politie" in redacted


def test_names_announced_by_context():
    redacted = redact("Het meisje heet Darius en de pooier noemt zich Rocky.")
    assert "Darius" not in redacted and "Rocky" not in redacted


ADDRESSES = [
    ("Kerkstraat 12, 6411 AB Heerlen", ["Kerkstraat", "6411", "AB Heerlen"]),
    ("Coolsingel 40 Rotterdam", ["Coolsingel", " 40"]),
    ("Havenweg 3a", ["Havenweg", "3a"]),
    ("Markt 5 in Maastricht", ["Markt 5"]),
    ("postcode 3011AB nummer 14", ["3011"]),
    ("2511 CV 17", ["2511", "CV 17"]),
    ("Lange Voorhout 9", ["Voorhout"]),
    ("Industrieweg", ["Industrieweg"]),
]


@pytest.mark.parametrize("address,fragments", ADDRESSES)
def test_addresses_do_not_survive(address, fragments):
    redacted = redact(f"De mannen slapen in een loods op {address}, achter de garage.")
    for fragment in fragments:
        assert fragment not in redacted, redacted
    assert "loods" in redacted


PHONES = [
    "06-12345678", "06 1234 5678", "06 12 34 56 78", "0612345678", "+31 6 12345678",
    "+31 (0)6 1234 5678", "0031612345678", "+316-12345678", "045-5712345",
    "070 345 6789", "010-4567890", "(045) 571 23 45", "020-1234567",
    "+48 601 234 567", "0040 721 234 567",
    # foreign numbers, with country code and in their local format
    "+40 712 345 678", "+359 88 765 4321", "+380 67 123 4567", "+234 803 123 4567",
    "+48 512-334-901", "0048 505 123 456", "0803 123 4567", "0887 654 321", "06 - 123 456 78",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_do_not_survive(phone):
    redacted = redact(f"Het meisje belde mij vanaf {phone} en vroeg om hulp.")
    assert phone not in redacted
    digits = re.sub(r"\D", "", phone)
    assert digits[-7:] not in re.sub(r"\D", "", redacted), redacted
    assert "[TELEFOON]" in redacted


def test_service_numbers_stay_readable():
    text = "Bel de NLA op 0800-5151 of AVIM via 0900-8844."
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "Bij acuut gevaar bel je 112, Veilig Thuis via 0800-2000.",
    "SHOP is bereikbaar op 070-3614747, ESSM op 010 236 52 56.",
    "Ik heb de CoMensha-lijn gebeld: 033 448 11 86.",
])
def test_published_organisation_numbers_stay_readable(text):
    assert redact(text) == text


# --- the classes of miss found by the held-out evaluation ------------------

@pytest.mark.parametrize("text,name", [
    ("haar naam is ana maria en ze is pas 17", "ana maria"),
    ("ze zegt dat haar vriend kevin alles regelt", "kevin"),
    ("ik sprak met jan de vries van het uitzendbureau", "jan de vries"),
    ("gisteren belde mihaela weer, ze wil naar huis", "mihaela"),
    ("ik heb met fatima el amrani gesproken", "fatima el amrani"),
    ("baas ricardo heeft alle paspoorten", "ricardo"),
])
def test_lower_case_names_do_not_survive(text, name):
    redacted = redact(text)
    for part in _name_parts(name):
        assert part not in redacted, redacted


@pytest.mark.parametrize("text,name", [
    ("Ze werkt daar, Ioana, al twee jaar.", "Ioana"),
    ("De eigenaar, Mehmet, betaalt contant.", "Mehmet"),
    ("Het ging om Sipho en zijn vriend Thabo.", "Sipho"),
    ("Ngozi en Chiamaka slapen met 8 vrouwen in één kamer.", "Ngozi"),
])
def test_lone_foreign_first_names_do_not_survive(text, name):
    assert name not in redact(text)


@pytest.mark.parametrize("text,nickname", [
    ("De man noemt zich Rocky en haalt ze op.", "Rocky"),
    ("ze noemen hem Bobo, hij rijdt een audi", "Bobo"),
    ("Ze heeft een schuld bij Mama Joy.", "Mama Joy"),
    ("de vrouw die de kamers regelt noemen ze tante lola", "lola"),
    ("Hij wordt door Spider aangestuurd.", "Spider"),
    ("haar naam is roos, zegt ze", "roos"),
])
def test_nicknames_and_names_announced_by_context_do_not_survive(text, nickname):
    assert nickname not in redact(text)


@pytest.mark.parametrize("plate", ["WX 12345", "PO 4K821", "B 123 ABC", "CJ 12 XYZ", "CA 1234 AB", "B-AB 1234",
                                   "KLE-MN 482"])
def test_foreign_licence_plates_do_not_survive(plate):
    redacted = redact(f"Een busje met buitenlands kenteken {plate} staat bij de loods.")
    assert "[KENTEKEN]" in redacted and re.sub(r"\W", "", plate)[-3:] not in re.sub(r"\W", "", redacted), redacted


@pytest.mark.parametrize("text,number", [
    ("Ik zag haar paspoortnummer: RX1234567.", "1234567"),
    ("Hij liet zijn ID-kaart zien, nummer AB 123456.", "123456"),
    ("Roemeense ID-kaart, serie XT 345678.", "345678"),
    ("passport no. A01234567 (Nigerian)", "01234567"),
    ("Identiteitskaart nr. IE 0012345, uitgegeven in Bulgarije.", "0012345"),
    ("documentnummer FE987654", "987654"),
])
def test_passport_and_id_numbers_do_not_survive(text, number):
    assert number not in redact(text)


@pytest.mark.parametrize("iban", ["PL61 1090 1014 0000 0712 1981 2874", "HU42 1177 3016 1111 1018 0000 0000",
                                  "UA21 3223 1300 0002 6007 2335 6600 1", "es91 2100 0418 4502 0005 1332"])
def test_foreign_ibans_do_not_survive(iban):
    redacted = redact(f"Het loon gaat naar {iban} en niet naar haar.")
    assert "[IBAN]" in redacted and iban[-4:] not in redacted, redacted


@pytest.mark.parametrize("text", [
    "Ik ben bang dat ze weggaat; ik heb een roos voor haar gekocht.",
    "I told her she may call us, she will think about it.",
    "Op de kaart stond een mark en een marker.",
    "Vier Roemeense, twee Bulgaarse en een Nigeriaanse vrouw werken in de nagelsalon in Zoetermeer.",
    "Het meisje van 15 werkt in een carwash in Leiden; ik heb Fier, Humanitas en het COA gebeld.",
    "De Syrische en Eritrese jongens slapen in de kas bij Westland, de IND weet ervan.",
    "Het Wmo-loket in Heerlen en het wijkteam in Den Haag kennen de Poolse mannen van het distributiecentrum.",
    "Sinds 3 mei werken ze van 6 tot 22 uur voor 4 euro per uur in een loods.",
])
def test_domain_words_and_ordinary_words_survive(text):
    assert redact(text) == text


EMAILS = ["jan.devries@gmail.com", "f.elamrani@hotmail.nl", "boss_77+x@proton.me", "info@schoonmaak-bv.eu"]


@pytest.mark.parametrize("email", EMAILS)
def test_email_addresses_do_not_survive(email):
    redacted = redact(f"Ze mailt met {email} over het werk.")
    assert email.split("@")[0] not in redacted and "@" not in redacted


BSNS = ["123456782", "123.456.782", "123 456 782", "1234.56.782", "111222333", "987654321"]


@pytest.mark.parametrize("bsn", BSNS)
def test_bsns_do_not_survive(bsn):
    redacted = redact(f"Haar BSN is {bsn}, maar ze weet het zelf niet.")
    assert re.sub(r"\D", "", bsn) not in re.sub(r"\D", "", redacted), redacted


def test_nine_digits_are_redacted_even_without_label():
    assert "123456782" not in redact("Op het briefje stond 123456782.")


IBANS = ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "nl91abna0417164300",
         "DE89 3704 0044 0532 0130 00", "RO49AAAA1B31007593840000", "BG80BNBG96611020345678"]


@pytest.mark.parametrize("iban", IBANS)
def test_ibans_do_not_survive(iban):
    redacted = redact(f"Het loon gaat naar rekening {iban} van de uitzender.")
    assert iban not in redacted and "[IBAN]" in redacted, redacted


PLATES = ["12-ABC-3", "AB-123-C", "XX-99-XX", "12abc3", "ab123c", "1-ABC-23", "GB-12-34",
          "12-34-GB", "99-XX-99", "ABC-12-D", "A-12-BCD", "1-AB-234", "123-AB-4", "VF 12 TX"]


@pytest.mark.parametrize("plate", PLATES)
def test_licence_plates_do_not_survive(plate):
    redacted = redact(f"Een wit busje met kenteken {plate} haalt ze elke ochtend op.")
    assert plate not in redacted and "[KENTEKEN]" in redacted, redacted


DATES = ["12-03-1985", "12/3/85", "3 maart 1990", "3 mrt. 1990", "1990-03-12", "12.03.1985",
         "12 03 1985", "3e maart '90", "12-mrt-1985"]


@pytest.mark.parametrize("date", DATES)
def test_dates_of_birth_do_not_survive(date):
    redacted = redact(f"Ze zegt dat ze geboren is op {date}, maar haar papieren kloppen niet.")
    assert date not in redacted and "[DATUM]" in redacted, redacted


@pytest.mark.parametrize("text,gone", [
    ("Geboren in 1988 in Sofia.", "1988"),
    ("geb. 4 juli, volgens de buurvrouw.", "4 juli"),
    ("geboortedatum: 1-2-2001", "1-2-2001"),
])
def test_birth_context_dates_do_not_survive(text, gone):
    assert gone not in redact(text)


def test_social_media_and_documents_do_not_survive():
    text = ("Ze staat op instagram.com/lisa.vd.berg en Snapchat: lisa_x99, contact via @jantje.b. "
            "Paspoortnummer NW3F81P27.")
    redacted = redact(text)
    for fragment in ("lisa.vd.berg", "lisa_x99", "jantje", "NW3F81P27"):
        assert fragment not in redacted, redacted


def test_a_full_description_keeps_what_the_officer_needs():
    text = (
        "Gisteren kwam Fatima El Amrani (geb. 12-03-1998) aan de balie in Heerlen. Ze woont met zes "
        "Poolse arbeidsmigranten in een loods aan de Kerkstraat 12, 6411 AB Heerlen. De baas, Ionut "
        "Popescu, houdt hun paspoorten in en haalt ze op met busje 12-ABC-3. Ze moet 14 uur per dag "
        "werken voor 3 euro per uur en slaapt soms in de massagesalon. Bel haar op 06-12345678 of mail "
        "fatima.ea@gmail.com. Loon op NL91ABNA0417164300, BSN 123456782. Ik heb Veilig Thuis, de NLA, "
        "AVIM, SHOP en ESSM genoemd. Het meisje is 17 jaar."
    )
    redacted = redact(text)
    for gone in ("Fatima", "Amrani", "12-03-1998", "Kerkstraat", "6411", "Ionut", "Popescu",
                 "12-ABC-3", "06-12345678", "fatima.ea", "NL91", "123456782"):
        assert gone not in redacted, redacted
    for kept in ("loods", "paspoorten", "massagesalon", "Poolse arbeidsmigranten", "Heerlen",
                 "14 uur per dag", "3 euro per uur", "Veilig Thuis", "NLA", "AVIM", "SHOP", "ESSM",
                 "17 jaar", "balie"):
        assert kept in redacted, redacted


@pytest.mark.parametrize("text", [
    "Ik vermoed arbeidsuitbuiting in de kas; de mensen hebben geen paspoorten en slapen in een loods.",
    "Er is een massagesalon waar steeds andere vrouwen wonen. Zorgcoördinator en RIEC weten ervan.",
    "Een jongen van 15 jaar moet drugs verkopen voor een oudere man. Ik twijfel of ik moet bellen.",
    "Sinds 1 januari werken er 12 mensen, ze verdienen 3 euro per uur.",
    "Gemeente GM0917 heeft het signaal op maandag besproken in het signalenoverleg.",
])
def test_route_words_survive_untouched(text):
    assert redact(text) == text


def test_redaction_is_stable_when_applied_twice():
    once = redact("Jan de Vries belde vanaf 06-12345678 over de Kerkstraat 12.")
    assert redact(once) == once


def test_concurrent_redactions_give_the_same_result():
    texts = [f"{name} belde vanaf 06-1234567{i} over de loods." for i, name in enumerate(NAMES[:8])]
    expected = [redact(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(redact, texts * 5)) == expected * 5


def test_empty_and_blank_text():
    assert redact("") == ""
    assert redact("   ") == "   "


def test_pattern_layer_alone_masks_numbers_but_is_cheap():
    text = "Bel 06-12345678, mail a@b.nl, BSN 123456782, kenteken 12-ABC-3, 6411 AB 12."
    masked = redact_patterns(text)
    for gone in ("06-12345678", "a@b.nl", "123456782", "12-ABC-3", "6411 AB 12"):
        assert gone not in masked


def test_redacting_a_300_character_text_is_fast():
    text = (
        "Vanmorgen sprak ik Anna Kowalska aan de balie. Ze woont op Kerkstraat 12 in Heerlen en "
        "werkt zeven dagen per week in een distributiecentrum. Haar paspoort ligt bij de "
        "uitzender. Ze gaf mij haar nummer 06-12345678. Ik denk aan arbeidsuitbuiting en wil "
        "weten of ik de NLA moet bellen of eerst Veilig Thuis."
    )
    assert 280 <= len(text) <= 320
    redact(text)
    start = time.perf_counter()
    for _ in range(20):
        redact(text)
    per_text = (time.perf_counter() - start) / 20
    assert per_text < 0.1, f"{per_text * 1000:.1f} ms per text"


def test_cache_lives_in_a_writable_project_directory():
    directory = anonymise.cache_dir()
    assert (directory / "cache" / "lookup_structs.pickle").exists()
    assert "site-packages" not in str(directory)


def test_compact_lookup_cache_is_used_and_a_broken_one_is_ignored(tmp_path):
    # The compact cache sits next to deduce's own (written at first warm-up).
    assert (anonymise.cache_dir() / "cache" / anonymise._COMPACT_CACHE).exists()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "lookup_structs.pickle").write_bytes(b"full")
    (tmp_path / "cache" / anonymise._COMPACT_CACHE).write_bytes(b"not a pickle")
    assert anonymise._read_compact(tmp_path, "3.0.4") is None


# --- classes of identifier found while checking generalisation ----------------
# (sentences written for these tests, not taken from any evaluation set)


def _gone(redacted: str, *pieces: str) -> None:
    for piece in pieces:
        for part in re.findall(r"[^\W_]+", piece):
            if part.islower() and len(part) <= 3:  # particles: "de", "la"
                continue
            assert not re.search(rf"(?<![^\W_]){re.escape(part)}(?![^\W_])", redacted), (part, redacted)


@pytest.mark.parametrize("address", [
    "Kerkstraat 14-II", "Beukenlaan 3-bis", "Molendijk 88 bov", "Prinsengracht 402 hs",
    "Schoolstraat 9 zwart", "Stationsplein 4 bus 12", "Lindelaan 7-C", "Kerkweg 12/3",
])
def test_house_number_additions_go_with_the_address(address):
    redacted = redact(f"Ze slapen met z'n zessen op {address} in Tilburg, boven een winkel.")
    _gone(redacted, address)
    assert "Tilburg" in redacted


@pytest.mark.parametrize("address, town", [
    ("Strada Florilor 7, bl. 2, ap. 31", "Iasi"),
    ("ul. Piotrkowska 120/4", "Lodz"),
    ("bul. Tsar Osvoboditel 5", "Varna"),
    ("Rue de la Gare 21", "Namur"),
    ("Calle Mayor 9", "Toledo"),
    ("Hauptstraße 17", "Duisburg"),
    ("Atatürk Caddesi 44", "Izmir"),
    ("Str. Unirii nr. 8", "Cluj"),
])
def test_foreign_addresses_are_removed_and_the_town_stays(address, town):
    redacted = redact(f"Haar familie woont op {address}, {town}. Daar kwam de ronselaar langs.")
    _gone(redacted, address)
    assert town in redacted


def test_foreign_postcodes_before_a_town():
    redacted = redact("Adres van zijn moeder: ul. Długa 4, 80-831 Gdańsk, volgens de tolk.")
    _gone(redacted, "Długa 4", "80-831")
    assert "Gdańsk" in redacted
    redacted = redact("Hij woonde in Duitsland op Bahnhofstraße 3, 47051 Duisburg.")
    _gone(redacted, "Bahnhofstraße 3", "47051")


@pytest.mark.parametrize("text, plate", [
    ("een zwarte Audi met Duits kenteken DU AB 482", "DU AB 482"),
    ("Litouws kenteken HKL 482 stond voor de deur", "HKL 482"),
    ("kenteken van de bus: CB 7812 PX (uit Bulgarije)", "CB 7812 PX"),
    ("een Belgische wagen, nummerplaat 1-KMT-583", "1-KMT-583"),
    ("plate number LV 4412 BK on the van", "LV 4412 BK"),
])
def test_foreign_plate_shapes_and_plates_after_kenteken(text, plate):
    _gone(redact(text), plate)


def test_document_numbers_with_a_dash_after_a_pass_word():
    _gone(redact("Hij liet een COA-pas zien, nr B-7654321, en verder niets."), "B-7654321")
    _gone(redact("pasnummer K-2234567 staat op de kopie"), "K-2234567")


def test_names_written_as_initials():
    redacted = redact("Om privacyredenen alleen initialen: R.V. en T. D., allebei 16 jaar, N.B. geen ouders.")
    _gone(redacted, "R.V.", "T. D.")
    assert "N.B." in redacted and "16 jaar" in redacted


def test_links_to_one_advertisement_are_accounts():
    redacted = redact("Ze staat online op https://www.sexjobs.nl/escort/ad/99812 en op www.example.org/p/1234567")
    _gone(redacted, "sexjobs.nl/escort/ad/99812", "example.org/p/1234567")


@pytest.mark.parametrize("text, name", [
    # lower-case first names as the subject of a reporting verb (accents left off)
    ("even snel: razvan belde vanochtend, hij is bang", "razvan"),
    ("ze zegt dat ionela haar paspoort heeft", "ionela"),
    # after "gesprek gehad met" / "contact gehad met"
    ("contact gehad met amanuel haile, 20, uit Eritrea", "amanuel haile"),
    # titles, also before a name that is a place or a word
    ("the landlady, mrs. van Gorinchem, keeps the keys", "Gorinchem"),
    ("dhr. Breda is de eigenaar van de loods", "Breda"),
    # CamelCase nicknames
    ("op de site noemt ze zich HoneyLove, haar pooier heet Rick", "HoneyLove"),
    # a capitalised word next to a name mid-sentence, even when it is a word
    ("de meisjes Nattaya en Dao werken in de salon", "Dao"),
    # an article before something that is no word does not make it a noun
    ("ze denkt dat het Chinedu is die belt", "Chinedu"),
    # a first name after "uit <town>," starts a name, not a second town
    ("een vrouw uit Iasi, Mirela Dobre, slaapt in de kas", "Mirela Dobre"),
])
def test_name_classes(text, name):
    _gone(redact(text), name)


@pytest.mark.parametrize("text, kept", [
    ("she is Romanian and works in a car wash in Venlo", "Romanian"),
    ("the men are Moldovans, the boss is Albanian", "Moldovans"),
    ("hij zegt dat hij Dawit heet, Eritrees, en 16 is", "Eritrees"),
    ("de meisjes kwamen aan op Eindhoven Airport met een busje", "Eindhoven Airport"),
    ("GGD Hollands Midden vraagt of we kunnen meekijken", "Hollands Midden"),
    ("bus vanuit Plovdiv naar Den Haag Hoefkade, elke week", "Den Haag"),
])
def test_nationalities_and_places_stay(text, kept):
    assert kept in redact(text)


def test_a_name_whose_surname_is_a_hamlet_goes_whole():
    _gone(redact("Gemeld door P. de Boer en A.J. van 't Hof van de afdeling."), "P. de Boer", "A.J. van 't Hof")


@pytest.mark.parametrize("text, plate", [
    ("Pools kenteken kr 54321, een witte bus", "kr 54321"),
    ("kenteken LUB12345 stond bij de kas", "LUB12345"),
    ("Roemeens kenteken is B 44 XYZ volgens de buren", "B 44 XYZ"),
])
def test_plates_after_kenteken_in_any_case(text, plate):
    redacted = redact(text)
    _gone(redacted, plate)
    assert "bus" in redacted or "kas" in redacted or "buren" in redacted


@pytest.mark.parametrize("text, name, kept", [
    ("de pooier, een zekere Big K, staat buiten", "Big K", "pooier"),
    ("de chauffeur is een zekere Valentin, meer weet ik niet", "Valentin", "chauffeur"),
    ("Volgens Goran krijgt niemand loon", "Goran", "Volgens"),
    ("Na het gesprek ging Esther terug naar het huis", "Esther", "ging"),
])
def test_context_words_around_names(text, name, kept):
    redacted = redact(text)
    _gone(redacted, name)
    assert kept in redacted


@pytest.mark.parametrize("text, kept", [
    ("Storm vannacht, de caravans staan onder water", "Storm"),
    ("Vorst vannacht en geen verwarming in de loods", "Vorst"),
    ("Pas op, hij heeft een mes", "Pas"),
    ("Kroon tattoo in de nek, volgens haar een teken van de pooier", "Kroon"),
    ("ze rijden in een Opel Vivaro met Pools kenteken", "Vivaro"),
    ("Sri Lankaanse jongen werkt in de keuken", "Sri Lankaanse"),
    ("een Hongaar en een Slowaak in een loods", "Slowaak"),
])
def test_words_opening_a_sentence_and_car_models_stay(text, kept):
    assert kept in redact(text)


def test_a_name_opening_a_sentence_before_a_verb_goes():
    _gone(redact("Roos belde gisteren weer, ze wil weg bij hem"), "Roos")
    _gone(redact("Visser zegt dat de meisjes er slapen"), "Visser")


@pytest.mark.parametrize("text, name", [
    ("klant chidinma werkt in de bouw", "chidinma"),
    ("betrokkene oana werkt 's nachts", "oana"),
    ("his nickname is Ghost, he collects the money", "Ghost"),
    ("she is also known as Mama Europa in the house", "Mama Europa"),
    ("name of the boy: efosa igbinedion", "efosa igbinedion"),
    ("de naam van de eigenaar is Doru", "Doru"),
    ("the madam goes by Queen and lives in Antwerp", "Queen"),
])
def test_names_after_role_words_and_nickname_phrases(text, name):
    _gone(redact(text), name)


@pytest.mark.parametrize("text, address", [
    ("ze wonen in de Beatrixstraat op nummer 31, boven de bakker", "Beatrixstraat op nummer 31"),
    ("een huis aan de Julianaweg, nr. 7b, met tien matrassen", "Julianaweg, nr. 7b"),
    ("ze slapen op nr 44 van de Kastanjelaan", "nr 44 van de Kastanjelaan"),
    ("loods aan de Havenweg 12 unit 9", "Havenweg 12 unit 9"),
])
def test_house_numbers_typed_apart_from_the_street(text, address):
    _gone(redact(text), address)


@pytest.mark.parametrize("text, identifier", [
    ("mail haar op ioana.dinu(at)gmail.com", "ioana.dinu(at)gmail.com"),
    ("his mail is mike dot stone at yahoo dot com", "mike dot stone at yahoo dot com"),
    ("adres: lisa [at] mail [dot] ro", "lisa [at] mail [dot] ro"),
    ("tiktok account sweetdreamsxo, daar staan filmpjes", "sweetdreamsxo"),
    ("Roemeense identiteitskaart seria KZ nr 482913", "KZ nr 482913"),
])
def test_obfuscated_mail_bare_accounts_and_romanian_ids(text, identifier):
    _gone(redact(text), identifier)


def test_a_company_web_address_after_at_stays():
    assert "Booking.com" in redact("she works at Booking.com in Amsterdam")
    assert "tiktok account van haar" in redact("het tiktok account van haar is weg")


@pytest.mark.parametrize("text, plate", [
    ("een Franse auto FG-482-KL bij de kas", "FG-482-KL"),
    ("Spaanse auto 4821 KLM voor de deur", "4821 KLM"),
    ("Roemeense bus IS-07-TRX en B-481-KLP", "IS-07-TRX B-481-KLP"),
    ("Letse auto KT-4821 bij de loods", "KT-4821"),
    ("Turkse vrachtwagen 34 TRK 482", "34 TRK 482"),
    ("Britse auto KP19 XMR in de straat", "KP19 XMR"),
    ("Litouwse bus JKM 482 bij de loods", "JKM 482"),
])
def test_foreign_plates_without_a_context_word(text, plate):
    _gone(redact(text), plate)


@pytest.mark.parametrize("text", [
    "ze werkt 60 uur per week voor 300 EUR",
    "Sinds 2023 NLA betrokken bij de controle",
    "ZZP-er met 2 KVK nummers",
])
def test_amounts_and_abbreviations_are_no_plates(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, kept", [
    ("the girls are Albanian and Kosovar", "Kosovar"),
    ("Roma families uit Roemenië in een caravan", "Roma"),
    ("Tamil jongen werkt in de keuken", "Tamil"),
    ("Sierra Leoonse vrouw in de opvang", "Sierra Leoonse"),
    ("Filipina domestic worker, 70 hours a week", "Filipina"),
])
def test_peoples_and_nationalities_stay(text, kept):
    assert kept in redact(text)


@pytest.mark.parametrize("text, name", [
    ("ik sprak met Cristina Moldovan over haar werk", "Cristina Moldovan"),
    ("Marco Albanese is de eigenaar", "Marco Albanese"),
    ("Malee werkt in de salon", "Malee"),
])
def test_nationality_shaped_names_go(text, name):
    _gone(redact(text), name)


@pytest.mark.parametrize("text", [
    "Hi, I'm a social worker in Breda and I have a question",
    "Can I call Veilig Thuis about this? The mother is worried",
    "Hello team, Monday and Tuesday the bus comes from Bulgaria",
    "the girl said her boss keeps the money",
])
def test_english_messages_keep_their_words(text):
    assert redact(text) == text


def test_english_nickname_after_calls_him():
    _gone(redact("the girls call him Captain and he collects the rent"), "Captain")


@pytest.mark.parametrize("text, name", [
    ("mama grace regelt het werk voor de meisjes", "grace"),
    ("afspraak met kofi en zijn baas om tien uur", "kofi"),
    ("ze werkt bij de familie demir als oppas", "demir"),
    ("achternaam is kowalczyk, voornaam onbekend", "kowalczyk"),
    ("meldster is mevr. de wit van de school", "wit"),
    ("her surname is Lungu and she is 20", "Lungu"),
])
def test_lower_case_names_after_titles_and_family_words(text, name):
    _gone(redact(text), name)


@pytest.mark.parametrize("text, kept", [
    ("de bus rijdt Plovdiv - Den Haag elke week", "Plovdiv"),
    ("ze komt van Craiova en woont nu in Tilburg", "Craiova"),
    ("de vrouwen werken in de Bijlmer en in Osdorp", "Bijlmer"),
])
def test_route_ends_origins_and_neighbourhoods_stay(text, kept):
    assert kept in redact(text)


def test_a_first_name_after_komt_van_is_a_name():
    _gone(redact("De melding komt van Anjali Verma, die als au pair werkt."), "Anjali Verma")


def test_names_in_capitals_and_acronyms():
    _gone(redact("naam slachtoffer: IONELA DUMITRESCU, 23 jaar"), "IONELA DUMITRESCU")
    _gone(redact("de baas YUSUF regelt alles"), "YUSUF")
    text = "URGENT: AVIM, NLA en GGD weten ervan, ook SHOP en het COA"
    assert redact(text) == text


@pytest.mark.parametrize("text, kept", [
    ("hij rijdt een Range Rover met Pools kenteken", "Range Rover"),
    ("ze werkt als Nanny bij een gezin in Wassenaar", "Nanny"),
    ("he works as a Cleaner in the hotel", "Cleaner"),
])
def test_car_models_and_jobs_stay(text, kept):
    assert kept in redact(text)


@pytest.mark.parametrize("text, nickname", [
    ("ze adverteert als 'Lady Velvet' op de site", "Lady Velvet"),
    ("de meisjes zeggen 'kapitein' tegen hem", "kapitein"),
    ("hij noemt zich ook wel 'de Generaal'", "Generaal"),
    ("hij wordt ook wel Lange Kees genoemd", "Lange Kees"),
    ("haar profielnaam is honey_bunny en daar staan advertenties", "honey_bunny"),
])
def test_nicknames_in_quotes_and_after_say_to(text, nickname):
    _gone(redact(text), nickname)


@pytest.mark.parametrize("text", [
    "Dordrecht. the guy is here at the counter and his boss is outside",
    "15-year-old girl sexually exploited, Zuid-Limburg",
])
def test_english_words_after_role_words_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "Voor advies over hulp aan het slachtoffer kun je ook CoMensha bellen.",
    "no grip in Rotterdam region → ESSM + VeiligheidsAlliantie",
    "Vrouw uit Sierra Leone betaalt een tante elke week.",
    "acute danger is answered by the Rasa server itself",
])
def test_route_map_and_help_texts_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "waar let je op als een jongere ineens veel geld heeft",
    "waar let ik op als een leerling ineens dure spullen heeft",
    "- Wervershoof\n- West Maas en Waal\n- Westerkwartier",
])
def test_words_after_role_words_and_municipality_lists_stay(text):
    assert redact(text) == text


def test_pronominal_adverbs_are_no_names():
    text = "De zorgcoördinator kan het slachtoffer hierbij helpen en de klant daarmee verder."
    assert redact(text) == text
