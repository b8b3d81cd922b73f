"""The assistant's own sentences (Dutch, B1, je-form). Route texts live in the maps."""

WELCOME = (
    "Hoi! Ik help je als je iets hebt gezien dat misschien mensenhandel is. "
    "Ik vertel je wie je kunt bellen en wat je daarna doet. "
    "Je hoeft niet zeker te weten dat het mensenhandel is. Een niet-pluisgevoel is genoeg."
)
ASK_MUNICIPALITY = "In welke gemeente werk je? Dan zoek ik de contacten van jouw regio. Typ de naam, of kies hieronder."
MUNICIPALITY_UNKNOWN = (
    "Die gemeente ken ik niet. Typ de naam van je gemeente, bijvoorbeeld Heerlen of Den Haag. "
    "Wil je dat liever niet zeggen? Kies dan 'Liever niet zeggen'."
)
MUNICIPALITY_PRIVATE = "Dat is goed. Ik gebruik de landelijke routekaart."
# After "liever niet zeggen": the region is enough for the regional route map (issue 14).
ASK_REGION = (
    "Dat is goed. Wil je wel je regio noemen? Dan gebruik ik de routekaart van die regio, "
    "en je signaal gaat naar de regionale coördinator. Typ de naam van je regio, bijvoorbeeld Hollands Midden of Twente. "
    "Anders gebruik ik de landelijke routekaart."
)
BUTTON_NATIONAL = "Nee, landelijk is goed"
# {regions} comes from the loaded route maps (see region_list): a new map is named here by itself.
NATIONAL_NOTICE = (
    "Voor {name} heb ik geen regionale routekaart. Ik heb regionale gegevens voor {regions}. "
    "Ik gebruik daarom de landelijke contacten."
)
REGION_SET = "Je werkt in {name}. Ik gebruik de routekaart van {region}."
REGION_CHANGED = "Ik ga verder met {name}. Ik gebruik nu de routekaart van {region}."

# "ik weet niet wat ik ermee moet" as the answer to a question: that is what the route is for.
GUIDANCE_WANTED = "Daar help ik je mee. Stap voor stap kom je bij de juiste organisatie. Eerst deze vraag:"
NOT_UNDERSTOOD = "Sorry, dat begrijp ik niet helemaal. Kies een antwoord hieronder, of zeg het in andere woorden."
# No 112 here: a message without any sign of danger does not get 112 (the danger
# question itself, and every message that hints at danger, do).
NOT_UNDERSTOOD_AGAIN = (
    "Het lukt me nog niet om je te begrijpen. Kies een knop hieronder, "
    "of vertel in een paar woorden wat je zag."
)
# More of the story typed where an answer was asked for: no "Sorry", the question comes again.
MORE_OF_THE_STORY = "Dank je voor de extra informatie. Ik heb nog een vraag."
# A first message that tells a story the route cannot place yet: no "Sorry", the questions follow.
STORY_RECEIVED = "Dank je. Ik stel je een paar korte vragen. Dan weet ik wie je kunt inschakelen."
# After a question was asked twice without an answer: what is known, and the general route.
GIVE_UP = (
    "Ik begrijp je antwoord nog niet goed. Wat ik tot nu toe weet: {understood}. "
    "Ik ga verder met de algemene route. Past een ander antwoord beter? Kies het hieronder."
)
UNDERSTOOD_NOTHING = "nog niet veel"
# No "112" here: the danger question had no answer, not a sign of danger. The button says 112.
GIVE_UP_DANGER = (
    "Ik kan niet goed lezen of er nu gevaar is. Ik ga ervan uit dat er nu geen direct gevaar is. "
    "Is dat wel zo? Kies dan 'Er is wel gevaar'."
)
BUTTON_DANGER_AFTER_ALL = "Er is wel gevaar"
GIVE_UP_MUNICIPALITY = (
    "Ik weet nog niet in welke gemeente je werkt. Ik gebruik daarom de landelijke routekaart. "
    "Wil je toch je gemeente kiezen? Dat kan hieronder."
)
# A place name that is in more than one municipality ("Hengelo"): a real choice.
PLACE_IN_MUNICIPALITY = "{place} hoort bij de gemeente {name}."
CHOOSE_MUNICIPALITY = "{place} ligt in meer dan één gemeente. Bedoel je {names}?"
# After a knowledge answer, when the open question was already asked twice: its buttons, not the question again.
# After the advice, a story the assistant cannot place: not "route klaar", but the danger question.
AFTER_OUTCOME_UNCLEAR = "Ik weet niet zeker wat je nieuwe bericht betekent."
UNKNOWN_CHOICE = "Die keuze ken ik niet. Kies een van de antwoorden hieronder."
# "weet ik niet" at the danger question: no sign of danger was told, so no 112 advice; what to
# do when a sign comes after all is said (a danger message gets 112 in every state).
ACUTE_DOUBT = (
    "Je weet niet of er nu gevaar is. Dan ga ik verder zonder spoed. "
    "Hoor of zie je toch dreiging, geweld of iemand die niet weg kan? Typ het hier, dan zeg ik direct wat je doet."
)
EMPTY_MESSAGE = "Je bericht was leeg. Typ wat je hebt gezien, of kies een antwoord."
# {chars}: how much was read (the channels read a long message in parts, up to this many characters).
TOO_LONG = "Je bericht is erg lang. Ik heb de eerste {chars} tekens gelezen. Stuur de rest in een nieuw bericht."
READ_IN_PARTS = "Je bericht was lang. Ik heb het in {parts} delen gelezen, als één verhaal."

RESTART = "We beginnen opnieuw."
BACK = "We gaan een vraag terug."
BACK_AT_START = "We zijn al bij de eerste vraag."
STOP = (
    "Oké, we stoppen hier. Heb je iets gezien dat niet klopt? Laat het dan toch weten aan de "
    "aandachtsfunctionaris mensenhandel van je gemeente. Is er nu gevaar? Bel 112."
)
STOP_NOTHING = "Oké, we stoppen. Je kunt altijd opnieuw beginnen. Is er nu gevaar? Bel 112."
THANKS = "Graag gedaan. Goed dat je hier aandacht voor hebt."
GOODBYE = "Tot ziens. Goed dat je hier aandacht voor hebt."
HELP = (
    "Ik stel je een paar korte vragen over wat je zag. Daarna weet je wie je belt en wat je daarna doet. "
    "Je kunt ook vragen stellen, zoals 'wat is mensenhandel?' of 'wat doet de zorgcoördinator?'. "
    "Typ 'opnieuw' om opnieuw te beginnen, 'terug' voor de vorige vraag of 'stop' om te stoppen."
)
OUT_OF_SCOPE = (
    "Daar kan ik je niet mee helpen. Ik help alleen bij signalen van mensenhandel en uitbuiting."
)
KNOWLEDGE_UNKNOWN = "Daar heb ik nog geen antwoord op. Vraag het aan de aandachtsfunctionaris mensenhandel van je gemeente."
KNOWLEDGE_ADVICE = "Wil je je vraag met iemand bespreken? Dat kan hier:"
KNOWLEDGE_FOLLOW_UP = "Heb je zelf een signaal? Typ dan wat je zag."
ROUTE_DONE = (
    "Deze route is klaar. Wil je de contacten nog een keer zien? Vraag dan: 'welk nummer bel ik?'. "
    "Heb je een nieuw signaal? Kies 'Nieuw signaal' of typ wat je zag."
)

# Danger told as a threat, a plan or a fear: 112 first, then the danger question.
# The Rasa server says the same text itself (domain.yml, utter_possible_danger).
POSSIBLE_DANGER = (
    "Dit klinkt alsof iemand gevaar loopt. Is dat nu zo, of kan het elk moment gebeuren? "
    "Bel dan direct 112. Blijf zelf veilig."
)
# One short line with what a message told besides the answer to the question.
UNDERSTOOD = "Ik begrijp: {facts}."
FACT_PHRASES = {
    ("acute", "nee"): "er is nu geen direct gevaar",
    ("subject", "persoon"): "het gaat om een persoon",
    ("subject", "locatie"): "het gaat om een plek of een bedrijf",
    ("subject", "twijfel"): "je hebt een niet-pluisgevoel",
    ("need", "melden"): "het moet gemeld worden of het slachtoffer wil aangifte doen",
    ("need", "steun"): "het slachtoffer wil hulp of opvang",
    ("need", "zorgen"): "je maakt je zorgen, maar krijgt geen grip",
    ("form", "arbeid"): "het gaat om werk (arbeidsuitbuiting)",
    ("form", "seksueel"): "het gaat om seksuele uitbuiting",
    ("form", "crimineel"): "het gaat om criminele uitbuiting",
    ("form", "orgaan"): "het gaat om organen",
    ("location_signal", "prostitutie"): "het gaat om prostitutie op die plek",
    ("location_signal", "arbeid"): "het gaat om werk op die plek",
    ("location_signal", "crimineel"): "het gaat om criminele uitbuiting op die plek",
    ("location_signal", "ondermijning"): "het gaat om ondermijning in een branche",
    ("location_signal", "grootschalig"): "het gaat om ondermijning op grote schaal",
    ("minor", "ja"): "het slachtoffer is jonger dan 18",
}
CONFIRM_MUNICIPALITY = "Bedoel je de gemeente {name}?"
BUTTON_YES = "Ja"
BUTTON_OTHER_MUNICIPALITY = "Nee, een andere gemeente"
MUNICIPALITY_AGAIN = "Welke gemeente is het dan? Typ de naam, of kies 'Liever niet zeggen'."
CONTACTS_AGAIN = "Dit zijn de contacten voor jouw signaal."
MORE_CONTACTS = "Je kunt het signaal ook bespreken met:"
NO_MORE_CONTACTS = (
    "Voor dit signaal heb ik geen andere contacten. "
    "Twijfel je wat het beste is? Overleg dan met de aandachtsfunctionaris mensenhandel van {municipality}."
)
NEW_ROUTE = "Ik kijk opnieuw, met wat je nu vertelt."
CORRECTED = "Ik heb het aangepast."
MINOR_NOTICE_TITLE = "Het slachtoffer is jonger dan 18. Let op:"

# The chat records every consultation (without names) for the attention officer: say so, and
# say what the officer does with it. Nothing about the reporter's name before they give one.
INTERNAL_STEP = (
    "Deze chat legt je signaal zonder namen vast voor de aandachtsfunctionaris mensenhandel van {municipality}. "
    "Die kijkt of het al bekend is, stuurt het zo nodig door en laat je weten wat ermee gebeurt. "
    "Weet je meer dan je hier typte, of is het dringend? Neem dan ook zelf contact op met de aandachtsfunctionaris."
)
# Without a municipality no officer can be chosen, so the professional tells their own.
INTERNAL_STEP_NO_MUNICIPALITY = (
    "Deze chat legt je signaal zonder namen vast. Je hebt niet gezegd in welke gemeente je werkt. "
    "Laat het signaal daarom ook zelf weten aan de aandachtsfunctionaris mensenhandel van je gemeente. "
    "Die kijkt of het al bekend is, stuurt het zo nodig door en laat je weten wat ermee gebeurt."
)
# Only a region named: the region's coordinator sees the consultation (issue 14).
INTERNAL_STEP_REGION = (
    "Deze chat legt je signaal zonder namen vast voor de regionale coördinator mensenhandel van {region}. "
    "Die kijkt of het al bekend is en stuurt het zo nodig door. Laat het signaal ook zelf weten aan de "
    "aandachtsfunctionaris mensenhandel van je gemeente."
)
# After 112 nothing else competes for attention: the reference code comes when the danger is handled.
ACUTE_FOLLOW_UP = (
    "Als de situatie veilig is: laat het daarna weten aan de aandachtsfunctionaris mensenhandel van {municipality}. "
    "Is er nu geen direct gevaar (meer)? Kies dan 'Geen direct gevaar, ga verder'. {next}"
)
ACUTE_NEXT = "Dan kijken we wie je daarna belt, en krijg je een referentiecode."
# When danger comes after the advice, the signal already has its reference code.
ACUTE_NEXT_AFTER_ADVICE = "Je referentiecode blijft dezelfde."
CONTINUE_AFTER_ACUTE = "Goed. Dan gaan we verder met de route."
NATIONAL_OUTCOME_NOTE = "Let op: dit zijn landelijke contacten. Regionale gegevens heb ik alleen voor {regions}."
# After a regional contact whose data were not checked for too long: the national contacts too.
STALE_CONTACT = (
    "Let op: de gegevens van {organisation} zijn al meer dan {months} maanden niet gecontroleerd. "
    "Lukt het niet om hen te bereiken? Landelijk kun je terecht bij {fallback}."
)
STALE_SOURCE = (
    "Lukt het niet om {organisation} te bereiken? Landelijk kun je terecht bij {fallback}."
)
_COUNT_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen", 10: "tien"}


def region_list(names: list[str]) -> str:
    """"vijf regio's: Gooi en Vechtstreek, Haaglanden, ... en Zuid-Limburg" from the map names."""
    if not names:
        return "geen enkele regio"
    count = _COUNT_WORDS.get(len(names), str(len(names)))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return f"{count} regio: {listed}" if len(names) == 1 else f"{count} regio's: {listed}"

BUTTON_NEW_SIGNAL = "Nieuw signaal"
BUTTON_SKIP = "Weet ik niet, volgende vraag"
BUTTON_NO_DANGER_CONTINUE = "Geen direct gevaar, ga verder"
BUTTON_AFTER_REPORT = "Wat gebeurt er hierna?"
BUTTON_PRIVATE = "Liever niet zeggen"
BUTTON_START = "Signaal bespreken"
MUNICIPALITY_SHORTCUTS = (("Den Haag", "GM0518"), ("Rotterdam", "GM0599"), ("Heerlen", "GM0917"), ("Maastricht", "GM0935"), ("Hilversum", "GM0402"))

# Contact cards: the plain-text version (bot.messages) and the Teams card use the same words.
CARD_PHONE = "Telefoon"
CARD_EMAIL = "E-mail"
CARD_WEBSITE = "Website"
CARD_HOURS = "Bereikbaar"
CARD_PREPARE = "Leg klaar"
NATIONAL_CONTACT = "Dit is een landelijk contact. Je regio noemt hier geen eigen contact."
# A contact whose only source is a page from before 2022 or without a date.
CHECK_NUMBER = "Let op: controleer dit nummer. De bron is ouder dan 2022 of heeft geen datum."
# Under a question in a channel where buttons may not work (Teams): the options are numbered.
TYPE_OPTION_NUMBER = "Typ het nummer van je keuze."

# Said by the channels when the assistant produced no answer at all (a part is down).
# For the attention officer, at the top of a consultation's description: its source made more
# consultations in the last hour than SIGNAALROUTE_CONSULTATIONS_PER_HOUR allows.
CONSULTATION_LIMITED = (
    "[beperkt] Vanaf dezelfde bron kwamen het afgelopen uur meer consultaties dan gewoonlijk. "
    "Kijk eerst of dit een echt signaal is."
)
# Rasa's own commands typed as text: Rasa does them and says nothing of its own.
# "/restart" starts a new signal, with a new reference code.
RESTART_TYPED = "We beginnen opnieuw. Dit is een nieuw signaal en het krijgt een eigen code. Vertel in je eigen woorden wat je zag."
BACK_TYPED = "Ik ga een stap terug. Geef je antwoord nog een keer, of typ 'opnieuw' voor een nieuw signaal."
# "/session_start" typed as text.
SESSION_START_TYPED = (
    "Hallo. Vertel in je eigen woorden wat je zag of wat je zorgen baart. "
    "Is er nu gevaar? Bel direct 112."
)
TECHNICAL_PROBLEM = (
    "Er gaat nu iets mis aan mijn kant. Probeer het zo nog eens. "
    "Is er nu gevaar? Bel direct 112. Wil je een signaal melden? Bel de politie op 0900-8844 "
    "of de Nederlandse Arbeidsinspectie op 0800-5151, en laat het de aandachtsfunctionaris "
    "mensenhandel van je gemeente weten."
)
INVALID_REQUEST = "Dit verzoek kan ik niet lezen. Stuur een JSON-object met 'sender' (tekst) en 'message' (tekst)."

REFERENCE_CODE = (
    "Je referentiecode is {code}. Bewaar deze code. Je naam zit er niet aan vast. "
    "Wil je later weten wat er met je signaal is gebeurd? Vraag het hier, bijvoorbeeld: 'wat is de status van {code}?' "
    "Mag de aandachtsfunctionaris je bellen of mailen? Kies dan 'Mijn naam en contact achterlaten'."
)
BUTTON_LEAVE_CONTACT = "Mijn naam en contact achterlaten"
ASK_CONTACT = (
    "Typ in één bericht je naam en je telefoonnummer of e-mailadres. Bijvoorbeeld: Sanne de Vries, 06 12345678. "
    "Alleen de aandachtsfunctionaris van je gemeente kan dit lezen. Je kunt het later laten verwijderen. "
    "Wil je toch anoniem blijven? Kies 'Sla over'."
)
BUTTON_CONTACT_SKIP = "Sla over"
CONTACT_NEEDS_REACH = (
    "Ik heb je naam, maar nog geen telefoonnummer of e-mailadres. Zonder nummer of adres kan niemand je bereiken. "
    "Typ je naam en je nummer of e-mailadres, of kies 'Sla over'."
)
CONTACT_NEEDS_NAME = "Hoe heet je? Typ je naam en je nummer of e-mailadres in één bericht, of kies 'Sla over'."
CONTACT_BAD_PHONE = (
    "Dat telefoonnummer klopt niet. Typ een Nederlands nummer, zoals 06 12345678 of 071 5123456, "
    "of een nummer met landnummer, zoals +32 470 12 34 56."
)
CONTACT_BAD_EMAIL = "Dat e-mailadres klopt niet. Het ziet eruit als naam@gemeente.nl."
CONTACT_SAVED = "Dank je. De aandachtsfunctionaris kan nu contact met je opnemen over {code}."
HANDOVER_ATTACHED = (
    "De overdracht staat nu bij je signaal {code}. Je aandachtsfunctionaris kan hem lezen. "
    "Mag die je bellen of mailen? Kies 'Mijn naam en contact achterlaten'."
)
HANDOVER_NOT_ATTACHED = (
    "Het lukt nu niet om de overdracht bij je signaal {code} te bewaren. Kopieer de tekst hierboven, "
    "of stuur hem zelf naar je aandachtsfunctionaris."
)
REGION_ONLY = (
    "Je noemt alleen je regio: {region}. Ik volg de routekaart van die regio. Je signaal gaat naar de "
    "regionale coördinator, niet naar een gemeente."
)
SAME_OR_NEW = "Hoort dit bij hetzelfde signaal ({code}) of is het een nieuw signaal?"
BUTTON_SAME_SIGNAL = "Hetzelfde signaal"
BUTTON_NEW_SIGNAL_FACTS = "Een nieuw signaal"
NEW_SIGNAL_STARTED = "We beginnen een nieuw signaal. Het krijgt een eigen code."
YOUR_OFFICER = "Jouw aandachtsfunctionaris: {name}, telefoon {phone}."
CONTACT_SKIPPED = "Prima, je blijft anoniem. Met je code kun je altijd de status vragen."
CONTACT_NO_CODE = "Ik heb nog geen signaal van je vastgelegd. Rond eerst de route af; dan krijg je een code."
STATUS_ANSWER = "Status van {code}: {status}"
STATUS_MESSAGE = "Bericht van de aandachtsfunctionaris: {message}"
STATUS_UNKNOWN = (
    "Voor die code kan ik geen status geven. Controleer de code; hij ziet eruit als SR-7K3Q-9F. "
    "Klopt de code wel? Vraag het dan aan de aandachtsfunctionaris mensenhandel van je gemeente."
)
STATUS_ASK_CODE = "Wat is je referentiecode? Typ bijvoorbeeld: 'wat is de status van SR-7K3Q-9F?'"
STATUS_TOO_MANY = "Je hebt veel codes opgevraagd. Probeer het over een uur opnieuw, of vraag het aan de aandachtsfunctionaris van je gemeente."
STATUS_UNAVAILABLE = "Ik kan de status nu niet opzoeken. Probeer het later opnieuw."

# Issue 8: when a consultation could not be kept anywhere (database and local backup both down).
NOT_RECORDED = (
    "Je advies staat hierboven. Het lukt nu niet om je signaal vast te leggen, dus je krijgt geen referentiecode. "
    "Wil je dat de aandachtsfunctionaris mensenhandel van je gemeente ervan weet? Neem dan zelf contact op."
)
CONTACT_NOT_SAVED = (
    "Het lukt nu niet om je naam en contact te bewaren. Probeer het later nog eens, "
    "of neem zelf contact op met de aandachtsfunctionaris en noem je code {code}."
)
