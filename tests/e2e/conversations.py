"""Dutch conversations played through the REST channel, with what the replies must contain.

Each turn is ("say", text, expected substrings) or ("click", "key:value", expected).
A click sends the button payload the bot itself offers: /choose{"keuze": "key:value"}.
An expected substring that starts with "!" must NOT be in the reply.
"""

NO = ("click", "acute:nee", [])


def click(choice, *expect):
    return ("click", choice, list(expect))


def say(text, *expect):
    return ("say", text, list(expect))


def person(region_text, need, form=None):
    turns = [say(region_text), NO, click("subject:persoon"), click(f"need:{need}")]
    if form:
        turns.append(click(f"form:{form}"))
    return turns


CONVERSATIONS = {
    # --- the three promised in the issue -------------------------------------------
    "heerlen_labour_first_message_reaches_nla": [
        say("Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, hun paspoorten zijn ingenomen, geen direct gevaar", "Zuid-Limburg"),
        say("ik wil het melden", "0800-5151", "aandachtsfunctionaris", "SR-"),
    ],
    "rotterdam_gut_feeling_reaches_essm": [
        say("hoi"), say("nee"), say("ik werk in rotterdam"),
        say("ik heb een niet pluis gevoel bij een nagelstudio", "010 236 52 56", "08:30"),
    ],
    "den_haag_shelter_reaches_shop": [
        say("Ik werk bij gemeente Den Haag. Het slachtoffer wil graag opvang."),
        say("nee", "SHOP", "070-3614747"),
    ],
    "acute_mid_route_gets_112": [
        say("ik werk in Heerlen"), say("nee"), say("hij wordt nu geslagen", "112"),
    ],
    # --- per region and branch -----------------------------------------------------
    "haaglanden_labour_nla": person("gemeente Zoetermeer", "melden", "arbeid") + [("expect_last", None, ["0800-5151"])],
    "haaglanden_sexual_avim": person("Delft", "melden", "seksueel") + [("expect_last", None, ["0900-8844"])],
    "haaglanden_worries_zvh": person("ik werk in Den Haag", "zorgen") + [("expect_last", None, ["070-7570900"])],
    "haaglanden_location_prostitution_heit": [say("ik werk in Den Haag"), NO, click("subject:locatie"), click("location_signal:prostitutie", "HEIT")],
    "haaglanden_location_undermining_heit": [say("ik werk in Den Haag"), NO, click("subject:locatie"), click("location_signal:ondermijning", "HEIT", "Malafide")],
    "haaglanden_location_large_scale_riec": [say("Rijswijk"), NO, click("subject:locatie"), click("location_signal:grootschalig", "RIEC", "signalenoverleg")],
    "rotterdam_criminal_avim": person("gemeente Schiedam", "melden", "crimineel") + [("expect_last", None, ["0900-8844"])],
    "rotterdam_support_essm": person("ik werk in Dordrecht", "steun") + [("expect_last", None, ["010 236 52 56"])],
    "rotterdam_location_riec": [say("Vlaardingen"), NO, click("subject:locatie"), click("location_signal:grootschalig", "riecrotterdam.nl")],
    "rotterdam_location_labour_nla": [say("gemeente Barendrecht"), NO, click("subject:locatie"), click("location_signal:arbeid", "0800-5151")],
    "zuid_limburg_sexual_avim_and_veilig_thuis": person("Maastricht", "melden", "seksueel") + [("expect_last", None, ["0900-8844", "Veilig Thuis"])],
    "zuid_limburg_worries_veilig_thuis": person("Kerkrade", "zorgen") + [("expect_last", None, ["Veilig Thuis", "0800-2000"])],
    "zuid_limburg_support_zorgcoordinator": person("Sittard-Geleen", "steun") + [("expect_last", None, ["zlzvh.nl"])],
    "gooi_labour_nla": person("Hilversum", "melden", "arbeid") + [("expect_last", None, ["0800-5151"])],
    "gooi_support_national_overview": person("gemeente Huizen", "steun") + [("expect_last", None, ["wegwijzermensenhandel.nl/zorgcoordinatoren", "landelijk"])],
    "gooi_organ_avim": person("Gooise Meren", "melden", "orgaan") + [("expect_last", None, ["0900-8844"])],
    "gooi_location_prostitution_avim": [say("Laren"), NO, click("subject:locatie"), click("location_signal:prostitutie", "0900-8844")],
    # --- the regions on the shared template (issue 16) ----------------------------------
    "amsterdam_labour_nla_and_acm_to_check": [say("Ik werk in Amsterdam", "Amsterdam-Amstelland"), NO, click("subject:persoon"), click("need:melden"), click("form:arbeid", "0800-5151", "020-6263800", "controleer dit nummer")],
    "zwolle_sexual_avim": [say("gemeente Zwolle, een meisje wordt door haar loverboy gedwongen tot prostitutie, niet acuut", "IJsselland"), click("need:melden", "0900-8844")],
    "groningen_worries_zvh": person("Groningen", "zorgen") + [("expect_last", None, ["mensenhandel@groningen.nl", "!controleer dit nummer"])],
    "utrecht_location_undermining_mma": [say("utrecht"), NO, click("subject:locatie"), click("location_signal:ondermijning", "0800-7000")],
    "private_municipality_national": [say("hallo"), NO, click("gemeente:onbekend", "regio"), click("regio:landelijk", "landelijke"), click("subject:twijfel", "0800-2000")],
    "private_municipality_then_region": [say("hallo"), NO, click("gemeente:onbekend", "regio"), say("Hollands Midden", "Hollands Midden"), click("subject:twijfel")],
    # --- municipality and facts in the first message ----------------------------------
    "first_message_with_everything_rotterdam_support": [say("Rotterdam: slachtoffer van arbeidsuitbuiting wil onderdak en een advocaat, geen direct gevaar", "010 236 52 56")],
    "first_message_dordrecht_hennep": [say("Ik ben leerplichtambtenaar in Dordrecht. Een jongen moet in een hennepkwekerij werken. Het is niet acuut."), click("need:melden", "0900-8844")],
    "first_message_location_massagesalon_den_haag": [say("In Den Haag is een massagesalon waar vrouwen lijken te wonen en seks moeten verkopen, geen direct gevaar"), click("subject:locatie", "HEIT")],
    # --- doubt, typos, free text -------------------------------------------------------
    "doubt_zuid_limburg_veilig_thuis": [say("Valkenburg aan de Geul"), NO, say("ik twijfel, heb een onderbuikgevoel", "Veilig Thuis")],
    "doubt_haaglanden_shop": [say("Westland"), say("nee hoor"), say("weet niet of het mensenhandel is, niet pluis", "SHOP")],
    "typos_municipality_and_answers": [say("ik werk in heerlem", "Bedoel je de gemeente Heerlen?"), say("ja", "Zuid-Limburg"), say("nee"), say("persoon"), say("melde"), say("arbeidsuitbuiting", "0800-5151")],
    "typed_option_numbers": [say("Rotterdam"), say("2"), say("1"), say("2", "010 236 52 56")],
    "informal_yes_to_acute_gets_112": [say("hallo"), say("ja", "112")],
    "acute_button_payload_gets_112": [say("hallo"), ("raw", "/acute_danger", ["112"])],
    "spoed_gets_112": [say("SPOED er wordt een vrouw vastgehouden in een pand", "112")],
    # --- knowledge -----------------------------------------------------------------------
    "knowledge_what_is_trafficking": [say("wat is mensenhandel eigenlijk?", "273f")],
    "knowledge_smuggling_difference": [say("wat is het verschil tussen mensenhandel en mensensmokkel", "smokkel")],
    "knowledge_nla_role": [say("wat doet de NLA?", "Arbeidsinspectie")],
    "knowledge_reflection_period": [say("hoe zit het met de bedenktijd voor buitenlandse slachtoffers?", "drie maanden")],
    "knowledge_after_report_zuid_limburg": [say("ik werk in Heerlen"), say("wat gebeurt er na mijn melding?", "Veilig Thuis")],
    "knowledge_non_punishment": [say("wat is het non-punishment beginsel?", "straf")],
    # --- conversation control ----------------------------------------------------------------
    "restart_keeps_municipality": [say("Ik werk in Heerlen"), NO, say("opnieuw", "opnieuw"), NO, click("subject:persoon"), click("need:zorgen", "0800-2000")],
    "back_goes_one_question_back": [say("Den Haag"), NO, click("subject:locatie"), say("terug", "terug"), click("subject:persoon"), click("need:steun", "SHOP")],
    "thanks_and_goodbye_are_polite": [say("bedankt!", "Graag gedaan"), say("doei", "Tot ziens")],
    "out_of_scope_leads_back": [say("hoe vraag ik een parkeervergunning aan?", "niet mee helpen")],
    # --- understanding (issue 7): danger first, follow-ups, knowledge, corrections --------
    "danger_in_answer_to_the_municipality_question": [
        say("hoi, vraag over een jonge vrouw die hier aan de balie staat"), say("nee"),
        # A threat carried out tonight: the learned reading may call it acute (as the corpus writers do) or
        # possible; either way 112 in this very reply and a way to say whether the danger is now.
        say("zoetermeer. ze fluistert dat hij haar vanavond komt halen en haar slaat als ze nee zegt", "112", "direct gevaar"),
    ],
    "danger_typed_at_the_danger_question_without_ja": [
        say("ik werk in Rijswijk"), say("hij staat nu beneden en zegt dat hij haar meeneemt", "112", "Geen direct gevaar, ga verder"),
    ],
    "danger_in_answer_to_the_need_question": [
        say("Den Haag, vrouw in een massagesalon"), say("nee"),
        say("hulp, maar ze zegt dat ze vermoord wordt als ze niet betaalt", "112"),
    ],
    "danger_in_english": [say("Working for Rotterdam. She says they locked the door and he comes to get her tonight", "112")],
    "story_ending_in_geen_direct_gevaar_gets_no_112": [
        say("Ik werk in Rijswijk, ze worden bedreigd als ze klagen over hun loon en slapen in de kas, geen direct gevaar", "!112", "het gaat om werk"),
    ],
    "which_number_after_the_outcome": [
        say("Heerlen, arbeidsmigranten in een loods willen het melden bij de inspectie, geen direct gevaar", "0800-5151"),
        say("welk nummer bel ik?", "0800-5151", "!Deze route is klaar"),
        say("naar wie kan ik dit nog meer doorzetten?", "aandachtsfunctionaris"),
    ],
    "new_fact_after_the_outcome_keeps_what_is_known": [
        say("Delft, een vrouw wil met de politie praten over seks met mannen, geen direct gevaar", "0900-8844"),
        # After a code, new facts are first asked about: the same signal or a new one (issue 14).
        say("met diensten bedoelt ze schoonmaken en koken, 14 uur per dag zonder loon, het lijkt arbeidsuitbuiting",
            "hetzelfde signaal", "!0900-8844"),
        say("hetzelfde", "0800-5151", "!Is er nu direct gevaar"),
    ],
    "news_said_to_be_about_the_same_signal_is_not_asked_about": [
        say("Delft, een vrouw wil met de politie praten over seks met mannen, geen direct gevaar", "0900-8844"),
        # "toch", "update", "nee wacht ... ik bedoelde": the same signal, said so (issue 18).
        say("nee wacht, met diensten bedoelt ze schoonmaken en koken, het lijkt toch arbeidsuitbuiting",
            "0800-5151", "!hetzelfde signaal", "!Is er nu direct gevaar"),
    ],
    "knowledge_mid_route_then_resumes": [
        say("ik werk in Zoetermeer"), say("nee"), say("het gaat om een vrouw"),
        say("wordt zij zelf niet gestraft?", "gestraft", "Wat is er nu nodig?"),
        say("ze wil hulp en onderdak", "070-3614747"),
    ],
    "correction_changes_the_answer": [
        say("ik werk in Den Haag"), say("nee"), say("het gaat om een meisje, ze wil aangifte doen"),
        say("nee sorry, ze wil geen aangifte, ze wil wel hulp en onderdak", "070-3614747"),
    ],
    "domestic_worker_wants_help_not_police": [
        say("Wassenaar. huishoudster bij een gezin, paspoort ingenomen, wil geen aangifte, wel hulp en onderdak. geen direct gevaar", "070-3614747", "!0800-5151"),
    ],
    "weet_ik_niet_is_no_municipality": [say("hallo"), say("nee"), say("weet ik niet", "landelijke", "!Weert")],
    "minor_gets_what_changes": [
        say("Heerlen. meisje van 15 moet met mannen mee voor geld, ze wil met de politie praten, niet acuut", "0900-8844", "onder de 18", "Veilig Thuis"),
    ],
}
