"""Danger in a message (bot/danger.py): what professionals type, in Dutch and English.

The table in begrippen.yml is checked row by row in test_knowledge_data.py; these are
the kinds of message the independent checks found missed or over-read.
"""

import pytest

from tests.support.core_chat import CATALOG

danger = CATALOG.lexicon.danger


@pytest.mark.parametrize("text", [
    "ze eet niks en wordt nu geslagen",
    "hij wordt nu geslagen",
    "ze wordt op dit moment mishandeld",
    "ze zit opgesloten in de kelder",
    "de deur zat van buitenaf op slot en ik hoorde haar kloppen",
    "ze zegt dat hij een mes heeft",
    "they locked the door and she can't get out",
    "he is beating her right now",
    "she is being hit right now",
    "hij wordt nu geslage",
    "hij heeft haar net een klap gegeven",
    "er staat een man met een honkbalknuppel voor de deur",
    "ze zit al drie dagen zonder eten in een kamer",
    "er is een brand in het pand waar de arbeiders slapen",
    "the girl (14) is being picked up by a man in a black car right now",
    "er ligt een man op de grond in de kas, hij beweegt niet",
    "ze is zwaar mishandeld en kan niet lopen",
    "iemand houdt mijn cliënt vast in een caravan op de camping",
    "hij sluit haar elke nacht op in de schuur",
    "ik sta voor het pand en hoor iemand om hulp roepen",
    "er staat nu een auto voor de school met twee mannen en ze stapt net in, ze is 15",
    "hij staat nu beneden en zegt dat hij haar meeneemt",
    # shots, a seizure, a boss who refuses the ambulance, a victim's Romanian or Polish words
    "ik hoor nu schoten bij de woning waar ik net was, de cliënt is nog binnen",
    "er ligt iemand te stuiptrekken in de slaapzaal van het pension",
    "man ligt niet meer bij bewustzijn, de baas roept 'no ambulance'",
    "controle loods: man ligt op de vloer, collega's zeggen dat de baas geen ambulance wil",
    # a body in trouble told by its signs; bleeding and a knife in Romanian and Polish
    "de baas heeft het gas opengezet, ze is duizelig en haar kamergenoot reageert slecht",
    "hij kreeg een balk op zn hoofd gehad en braakt nu",
    "sinds 3 dagen geen insuline omdat de baas zijn tas houdt",
    "seful l-a batut, sangereaza mult la cap",
    "pracodawca grozi kolegom nozem w hali",
    "hij heeft ernstige borstpijn en hoest bloed",
    "ze heeft heel veel pillen genomen en praat met dubbele tong",
    "baby van 3 weken in een caravan, koud en slap",
    "man met een ketting om zijn enkel vastgemaakt aan de cv-leiding",
    "huisgenoten durven geen ambulance te bellen, zijn gezicht zwelt op",
    "help im in the basement they lock me because I ask salary",
    "jongen van 14 is 20 min geleden door twee mannen op een scooter meegenomen, hij stribbelde tegen",
    "er zitten twee kinderen in een afgesloten kamer, we horen ze huilen",
    "MAN MET BIJL BIJ HET UITZENDHUIS, ZEGT DAT IE DE POLEN GAAT LEREN",
    "ze stuurde: 'a venit iar, a spart geamul, mi-e frică pentru copii'",
    # a doctor refused, breathing in other words, a whispered call, locked in told in Polish
    "de collega ligt al dagen ziek in de caravan en de voorman wil geen dokter",
    "mijn cliënt belt: hij kan niet meer goed ademen na het spuiten in de kas",
    "een vrouw belde de balie en zei alleen 'help hij komt', toen viel de lijn weg",
    "sms van een cliënte: 'jestem w pokoju, nie mogę wyjść, drzwi zamknięte od zewnątrz'",
    # a child offered for sex tonight, a doubt about her age does not take it back; children left with no adult (w36, w37)
    "minderjarige?? escortadvertentie, afspraak vanavond 21:00 in hotel bij Utrecht Centraal, meisje ziet eruit als 15/16",
    "Ad posted 20 minutes ago: 'Sweet young girl, first time, 16 birthday special, hotel Utrecht tonight'",
    "drie kinderen in een caravan op een erf bij axel, oudste is 8, sinds gisteren geen volwassene gezien",
    # medicine taken away, labour begun, restraints, breathing, a child alone in a van, threats in Polish
    # and Romanian (w38..w40)
    "de bazin heeft haar insuline afgepakt als straf, ze wordt steeds slomer",
    "een van de vrouwen in het chalet heeft weeën en de chauffeur komt pas morgen",
    "de loodgieter zag in het appartement een man met handboeien aan de radiator",
    "de verzorgster is erg kortademig en de familie wil geen dokter",
    "een peuter zit alleen in de auto op het erf, het is heet en de ouders moeten doorwerken",
    "ze belt huilend: 'on mnie bije, prosze przyjechac'",
    "mesaj de la ea: dacă spun ceva mă aruncă în apă, el e acasă acum",
    # pills swallowed, fainting now, a child found alone (w41..w43)
    "de leerling slikt pillen terwijl ik erbij sta",
    "een jongen in groep 5 valt net flauw in de klas, hij heeft niets gegeten",
    "meisje van 6 alleen aangetroffen op het station, niemand komt haar halen",
    # a farewell message, blood told in Polish or Romanian, someone who does not respond (w44..w46)
    "hij appte 'als je dit leest ben ik er niet meer', daarna niks",
    "ik versta alleen 'nie mogę wstać' en 'krew'",
    "sms: 'șeful îl bate pe colegul meu, e plin de sânge'",
    "er ligt een man in het portiek die niet reageert als ik roep",
    # a body that stops breathing, a plea heard in English (w48)
    "ze ligt op de galerij, lippen blauw, een vriend roept 'niet bellen'",
    "mld hoort in het bos een vrouw roepen: please stop",
    # a fire where people slept, people still missing, a smoke alarm and the fire brigade on its way (w61)
    "brand in een schuur achter de loods, er sliepen mannen, 2 worden nog gemist",
    "de rookmelders gaan af in het pand met de matrassen, brandweer onderweg",
])
def test_danger_now_is_acute(text):
    assert danger(text).level == "acute", danger(text)


@pytest.mark.parametrize("text", [
    "hij gaat haar slaan als ze nee zegt",
    "hij komt hem vanavond halen",
    "ze vermoorden hem als hij niet betaalt",
    "hij dreigt haar iets aan te doen",
    "ze hebben hem gezegd dat ze morgen zijn vingers breken als hij niet betaalt",
    "ze mag het huis niet uit",
    "ze is bang voor haar leven",
    "he comes to get me tonight",
    "she is afraid he will kill her",
    "hij zegt dat hij het niet meer ziet zitten en dat hij zich iets aan gaat doen",
    "ze stuurde vanochtend een bericht dat ze er vandaag een eind aan maakt",
    "het meisje van 14 wordt straks opgehaald door een oudere man",
    "she is scared, he said he would come back with his friends tonight",
    "they took her phone and won't let her leave the house",
    "ze wordt gechanteerd met naaktfoto's",
    "my client was raped last night and the guy knows where she lives",
    "de eigenaar zegt dat haar zoontje iets overkomt als ze vanavond niet komt werken",
    "she texted me: help me please he is here",
    "ze sms't dat ze bang is dat hij haar vanavond vermoordt",
    "they are going to move her to another city tonight",
    "ze durft niet naar buiten want hij staat op de hoek",
    "ik ben bang dat ze vannacht verdwijnt",
    "they dragged her into a van",
    "haar pooier heeft gezegd dat hij haar gezicht kapot snijdt als ze weggaat",
    "ze heeft een kind van 3 bij zich en de man wacht in de auto voor het gemeentehuis",
    "ze moet vannacht weer naar die man toe, ze huilt en wil niet",
    "ze is ontvoerd door haar ex",
    "he locks them in every night",
    "ze zegt: als ik niet betaal doen ze mijn moeder iets aan",
    "er zijn kinderen alleen achtergelaten in de woning",
    "ze heeft een bloedneus en haar vriend staat beneden te schreeuwen",
    "he has been hitting her all morning",
    "ze is gisteren gevlucht en hij zoekt haar nu overal",
    "ze heeft verwondingen aan haar armen en is bang om terug te gaan",
    "ze heeft gezegd dat ze zichzelf iets gaat aandoen",
    "hij wordt afgeperst en ze hebben zijn adres",
    "het meisje van 16 is sinds vanochtend spoorloos",
    "ik zie nu door het raam dat hij haar aan haar haren trekt",
    "de man heeft haar telefoon afgepakt en laat haar niet vertrekken",
    "er is een vechtpartij gaande in de loods",
    "ze staat te trillen en zegt dat ze gevolgd wordt",
    "er staan twee mannen met knuppels bij de ingang",
    "ze zegt dat ze vanavond verkocht wordt aan een andere pooier",
    "de vrouw heeft brandwonden en durft niet naar de dokter",
    "ze moet vanavond met een klant mee naar een hotel en wil dat niet",
    "we horen nu gegil uit de kelder",
    "er wordt een jongen in de kofferbak gestopt",
    "ze werkt met mannen die haar slaan",
    # threats told in other words, quoted
    "de boer zei: 'wie wegloopt die vind ik en dan is het einde'",
    "de groep weet het en zegt 'we vinden je wel', hij slaapt nu bij een vriend",
    "ze moet het terugverdienen, met geld of met haar lichaam",
    "we know your school, we know your sister. bring the money friday or else",
    "sms van de teamleider: 'jeśli pójdziesz do gminy, znajdę twoją córkę'",
    "de ex-pooier komt volgende week vrij en heeft laten weten dat hij haar komt opzoeken",
    # bodies in trouble, hiding, the one she fears coming back
    "er ligt een man op de stoep, hij is blauw om zn lippen",
    "een meisje van 15 met blauwe plekken zegt dat 'hij' zo terugkomt",
    "er rijdt nu een man rondjes, hij zoekt het meisje dat zich in de keuken verstopt heeft. ze is 16",
    # threats told without a threat word
    "zijn neef zei op de gang tegen mij: 'wij weten waar u woont'",
    "spraakbericht: 'je weet wat er met Ana is gebeurd, dat gebeurt met jou ook'",
    "hij kreeg een foto van zijn voordeur met 'binnenkort' erbij",
    "de werkgever zegt dat wie met de inspectie praat er niet meer is",
    "de eigenaar zegt dat hij zijn benen breekt als hij te laat is",
    # a consequence without a threat word, a threat against family told in English
    "de baas zei dat ze wel zal zien wat er gebeurt als ze de inspectie belt",
    "de ploegleider zegt dat wie klaagt een ongeluk krijgt in de loods",
    "appje: 'boss say if I go he send people to my village'",
    "zij schreef: 'he know where my kids go to school, I am afraid'",
    "cliënt zegt dat hij zich iets gaat aandoen als hij de schuld niet kan betalen",
    # not let home, told in a victim's English
    "sms van hem: 'the boss and two men are waiting, I cannot go home'",
    # a threat told as such, with no harm word
    "niet meteen nu gevaar denk ik maar hij dreigt wel",
    "sinds gisteren dreigen ze zijn moeder in Ethiopië",
    "de mannen die hem bedreigd hebben staan elke dag bij de school",
    "ze wordt bedreigd door de man van het uitzendbureau",
    # retaliation as a warning; someone gone who should be there
    "wg stuurde een appje: 'jij praat teveel, pas maar op'",
    "hij zei 'if you run, I find you' en lachte erbij",
    "de jongen is sinds vrijdag niet meer gezien, zijn paspoort ligt nog bij de baas",
    "zijn broer neemt al dagen niet op en zijn telefoon staat uit",
    "fratele meu nu mai raspunde de 4 zile",
    # self-harm told in a subordinate clause or in English (w37)
    "zit in gesprek met een sekswerker die zegt dat ze niet meer wil leven en een plan heeft voor vanavond",
    "she told me she doesn't want to live any more",
    # sent home in a coffin, found anywhere, never the children again, "accidents happen" (w38..w40)
    "de baas zei dat hij haar terugstuurt in een kist als ze met de inspectie praat",
    "el a zis că o găsește oriunde dacă pleacă",
    "her boss said she will never see her kids again if she leaves",
    "the foreman said accidents happen to people who complain",
    # not alone out of the door, a padlock, a marriage arranged, pills to keep quiet, crying heard (w38..w40)
    "de inwonende hulp mag niet alleen de deur uit en de werkgever heeft haar kamersleutel",
    "op de deur van het souterrain waar de keukenhulpen slapen zit een hangslot op de deur",
    "haar ouders hebben een huwelijk afgesproken, ze is 15",
    "de buren horen 's nachts geschreeuw en gehuil uit dat huis",
    # back tonight with others; a call cut off and no answer at the door (w39)
    "de gast zei: he took my passport and he is coming back tonight with his friends",
    "ze belde de receptie, zei 'help' en toen werd de verbinding verbroken, geen reactie op kloppen",
    "de verzorgster reageert sinds gistermiddag nergens meer op",
    "he said he will make her disappear if she talks to the inspector",
    # debtors who disappear, "remember your family", people here, a house photographed, kept inside;
    # Polish typed with or without its letters (w41..w43)
    "de agent zegt dat mensen die niet betalen verdwijnen",
    "the crewing agent told the boys: remember your families",
    "hij zegt dat de schipper vrienden heeft en zijn familie niet meer kan beschermen als hij stopt",
    "als hij niet reageert krijgt hij foto's van zijn eigen huis",
    "de au pair zegt dat ze er niet uit mag van meneer",
    "szef mówi, że jak ktoś ucieknie, to będzie miał problem",
    "agent mówi, że znajdzie mnie i moją rodzinę",
    "je bent mij nog 1500 schuldig, je weet wat dat betekent",
    "de voorman zei dat hij vandaag nog een lesje krijgt",
    "de bemiddelaar heeft mannen die langskomen als je niet betaalt",
    "ze stuurde 'help' en daarna niks meer",
    # held in the attic, not free to leave, no news and a phone switched off (w48, w50)
    "ze zeggen dat er mensen 'op de zolder worden gehouden' en dat die alleen 's nachts naar beneden mogen",
    "hij belde dat hij 'er niet zomaar weg kan' omdat ze zijn papieren hebben",
    "Nu mai am vești de la sora mea de o săptămână. Telefonul e închis.",
    # a consequence told as a threat, a word quoted inside a phrase, a last message, a cut wrist, gone
    # after a quarrel, Polish and Romanian threats and blows (w51..w54)
    "Zegt dat hij anders ‘problemen krijgt’ als hij niet betaalt",
    "Ze zei dat ik niet meer moet komen, ‘anders krijgen we allebei problemen’. De man stond achter haar.",
    "hij zegt dat je ‘gestraft’ wordt door de groep",
    "hij schreef in de groepsapp 'dit is mn laatste bericht, sorry mam'",
    "hij appte een foto van zijn pols, diep gesneden",
    "jongen in vreeswijk verdwenen na ruzie over geld met een groep",
    "koledzy każą mu sprzedawać narkotyki i grożą jego mamie",
    "oamenii care l-au adus aici l-au bătut și îl caută acum",
    # knowing where someone lives or works, with the subject before "waar" or a third person after it, in
    # Dutch, English, Romanian and Polish; harm told with its agent; marks seen; threats to hurt or to
    # publish; a goodbye; a phone that goes to voicemail (w55..w58)
    "hij durft niet te praten, dan weten ze waar zijn zus woont",
    "the men told her they know where her daughter goes to school",
    "sms aan de cliënt: ‘știm unde lucrezi’",
    "jego brat mówi: ‘wiemy gdzie mieszkasz’",
    "de vrouw wordt elke avond opgewacht door de man van het bureau",
    "een jongen in de kas is ingesloten door de voorman",
    "ze heeft striemen op haar rug en zegt dat ze van de trap viel",
    "hij appte haar: ‘stuur geld of ik maak je kapot’",
    "hij eist meer foto's, anders zet hij ze online",
    "zijn laatste sms: ‘dit is de laatste keer dat je van me hoort’",
    "haar telefoon gaat sinds gisteren direct naar voicemail en de baas zegt niets",
    # suicide told as an idiom and as a condition; young children alone (w59, w60)
    "hij zegt dat hij zich van kant maakt als hij daar terug moet",
    "de buurvrouw belt: twee kinderen van 3 en 6 zitten alleen in een flat, de moeder is sinds gisteravond weg",
    # held, told by the one held; a death threat with the verb around its object; something taken just now;
    # a deep wound told in English (heard before only by the model, at p < 0.8: w56, w59, w62)
    "ze appt: 'ik zit in een hotel bij de snelweg, ze laten me niet weg'",
    "als hij niet voor vanavond betaalt, maken ze hem dood",
    "ze heeft net iets ingenomen en wordt slaperig",
    "the guy has a very bad cut on his arm and he is white as paper",
    # a stalker's "I will always find you", a feverish limp baby kept from a doctor (w64)
    "hij stuurt berichten 'ik vind jou altijd, ook in een andere stad'",
    "huisbezoek: baby van 4 maanden is heel heet en slap, moeder mag niet naar de dokter",
])
def test_threats_plans_and_fear_are_possible_danger(text):
    assert danger(text).level in ("possible", "acute"), danger(text)


@pytest.mark.parametrize("text", [
    "Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, geen direct gevaar",
    "ze worden bedreigd als ze klagen, maar er is geen direct gevaar",
    "ze was vorig jaar bedreigd door haar pooier",
    "vorig jaar is hij geslagen, nu woont hij bij zijn broer",
    "wat moet ik doen als iemand in gevaar is?",
    "hij wordt niet geslagen, maar krijgt geen loon",
    "op dit moment is niemand in gevaar, ze is bij mij",
    "ze worden elke ochtend met een busje opgehaald",
    "iemand wordt gedwongen om drugs op te slaan in zijn woning",
    "no danger right now, she is safe with us",
    "ze werken met gevaarlijke machines zonder handschoenen",
    "wanneer wordt het afval opgehaald",
    "kan ik mijn paspoort vanavond ophalen?",
    "de kok werkt met een mes in de keuken",
    "de brandveiligheid is slecht",
    "hij is vermist sinds 2019, de familie zoekt hem nog",
    "de eigenaar haalt de werknemers elke ochtend op met een busje",
    "vorige maand was er een vechtpartij, nu is het rustig",
    "vermoeden van gedwongen orgaandonatie",
    "ik zit vast in deze situatie",
    "ze reageert niet op mijn berichten en mails",
    "can you help me with my tax return",
    "ze gaat naar het buitenland voor een operatie",
    "ze is twee jaar geleden mishandeld door haar ex, nu gaat het goed",
    "hij sluit de zaak op zondag",
    "de winkel sluit om zes uur op",
    "haar werkgever houdt haar paspoort vast en ze moet bij hem wonen",
    "ze wil niet met de politie praten",
    "de werkgever zoekt hem al weken voor een nieuw contract",
    "hij heeft blauwe plekken opgelopen bij een val van de steiger vorig jaar",
    "ze werkt de hele dag in de kas",
    "ze moet morgen mee naar de afspraak bij de gemeente",
    "hij werkt met hamers en zagen op de bouw",
    "de auto werd verkocht aan een garage",
    "vorig jaar waren er mannen die haar sloegen",
    "twee jaar terug is ze in een hotel opgesloten geweest, dat is allemaal voorbij",
    "jaren terug zei hij 'we vinden je wel', nu zit hij vast",
    # the victim's own denials, violence on the journey that is over, questions about a case that is not one
    "ze zei: 'niemand slaat mij, niemand houdt mij vast, ik wil alleen mijn loon'",
    "zij zegt 'nobody hurt me, nobody lock me, I only want my money'",
    "alles is opgelost, niemand heeft hem ooit bedreigd",
    "tijdens de vlucht is hij in servie opgesloten door smokkelaars, dat is nu voorbij",
    "hypothetisch: als een cliënt mij belt dat ze wordt vastgehouden, wie bel ik dan",
    "er ligt een matras op de vloer in de keuken",
    "ze reageert niet op brieven van de deurwaarder",
    # objects moved and help looked for on someone's behalf
    "jongen 16, moet 's avonds scooters verplaatsen voor zijn neef",
    "moeder vraagt: 'unde pot găsi ajutor pentru fiica mea?'",
    # a threat that is over, denied, a rule or "about to" (dreigen te)
    "de man die haar bedreigde zit in Roemenië, ze heeft geen contact",
    "hij heeft nooit gedreigd of iets gedaan, de vrouwen werken er vrijwillig",
    "ons college heeft vastgesteld dat bij dreiging altijd de politie betrokken wordt",
    "hij dreigt dakloos te raken als de uitkering stopt",
    "er is geen sprake van geweld of dreiging, wel slapen ze in de salon",
    # missing, but found again or safe
    "het meisje was niet thuisgekomen maar is weer terecht, ze zat bij een vriendin",
    "niemand weet waar ze is, ze is nu veilig in de opvang",
    "mijn leerling (15) heeft vanavond een afspraak bij de tandarts, mag ze dan eerder weg?",
    "stel dat een meisje van 15 vanavond via een escortadvertentie naar een hotel gaat, wat moet ik dan doen?",
    "meisje (16) vertelde dat ze vorig jaar via een escortadvertentie met mannen moest afspreken, nu gaat het goed",
    # "niks acuuts", and a word misread said so (w38..w40)
    "Ze zit nu bij haar zus. Acuut is er niks meer, wel wil ze weg bij het bureau dat haar loon inhoudt",
    "het dreigement bleek een vertaalfout: 'we kill the contract' betekende gewoon ontslag",
    # help asked with papers or debts in Romanian is no cry for help
    "ea spune: am nevoie de ajutor cu actele pentru chirie",
    # voice notes in dialect: asked without a question mark, denied with "nie", over long ago (w49)
    "ze zegt da ze nie bedreigd of geslagen wordt en da ze vrij kan gaan",
    "mijn collega hee in de jaren negentig unne vrouw gevonden die vastgebonden was in unne schuur",
    # "niks" and "niets" negate the word after them (w52: "nee niks acuut" got 112 ten times)
    "nee niks acuut",
    "niets dringends, ze zit thuis",
    "nothing urgent, just a question about wages",
    # trouble with an office is no threat
    "anders krijgt hij problemen met de Belastingdienst",
    # the reporter's own wish and a wish about something are no force; a season or a job gone by; a question put
    # to everyone and answered no; "not urgent" in Romanian; finishing a school; a sign; a bag (w55..w58)
    "ik wil niet meteen de politie bellen, eerst overleggen",
    "hij wil niet dat zijn werkgever het hoort, want hij wil daar later weer werken",
    "vorig seizoen is hij door de chef geslagen, nu werkt hij bij een ander hotel",
    "in zijn vorige baan is hij een keer in een koelcel opgesloten, nu heeft hij een goede baas",
    "we hebben gevraagd of iemand geslagen of bedreigd wordt: iedereen nee",
    "Nu e urgent, nimeni nu e în pericol, doar o întrebare despre salariu",
    "ze is veilig in de opvang en wil haar opleiding afmaken",
    "op de deur staat verboden toegang levensgevaar, het is de meterkast",
    "hij neemt voor zijn oom een tas mee in de bus en krijgt er 50 euro voor",
    "de blauwe plekken bleken van een val van zijn fiets",
    "de kinderen zijn alleen in het weekend bij hun vader",
])
def test_negated_past_and_hypothetical_mentions_are_not_danger(text):
    assert danger(text).level == "none", danger(text)


@pytest.mark.parametrize("text", [
    "ik wil graag weten wanneer ik nu 112 moet bellen en wanneer niet",
    "beleidsvraag van ons team moeten wij bij elke dakloze in het bos meteen 112 bellen",
    "kunt ge me uitleggen wa het verschil is tussen acute nood en gewoon unne melding",
])
def test_a_question_asked_without_a_question_mark_is_marked_as_one(text):
    # w49's voice notes: the marker lets a calm learned reading take the named danger words back.
    assert "question" in danger(text).markers, danger(text)


def test_every_cue_says_why_it_was_or_was_not_counted():
    reading = danger("ze was vorig jaar bedreigd, en nu slaat hij haar weer")
    assert reading.level == "acute"
    assert any(c.past and not c.counts for c in reading.cues)
    assert any(c.counts and c.text == "slaat" for c in reading.cues)


def test_a_contrast_after_a_denial_still_counts():
    assert danger("geen gevaar voor mij, maar ze wordt nu geslagen").level == "acute"


@pytest.mark.parametrize("text,minor", [
    ("meisje van 15 moet met mannen mee", True),
    ("een 16-jarige jongen deelt drugs", True),
    ("ze is pas 14", True),
    ("jongen van 20 moet drugs verkopen", False),
    ("ze werkt 8 uur per dag", False),
])
def test_minors_are_recognised(text, minor):
    assert danger(text).minor is minor
