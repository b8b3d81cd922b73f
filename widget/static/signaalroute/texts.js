// Every Dutch sentence the widget shows itself (B1, je-form). What the assistant says comes
// from the server (bot/texts.py and the route maps).

export const TEXTS = {
  launcher: "Signaalroute",
  launcherHint: "Hulp bij een signaal van mensenhandel",
  close: "Sluiten",
  clear: "Gesprek wissen",
  emergency: "Direct gevaar?",
  emergencyCall: "Bel 112",
  logLabel: "Gesprek",
  you: "Jij:",
  bot: "Signaalroute:",
  inputLabel: "Je bericht",
  inputHint: "Noem geen namen of adressen van het slachtoffer of van anderen.",
  send: "Verstuur",
  typing: "Signaalroute schrijft een antwoord",
  choices: "Kies een antwoord",
  connecting: "Verbinden met Signaalroute…",
  offline: "De verbinding is weg. We proberen opnieuw te verbinden. Bij direct gevaar: bel 112.",
  restored: "De verbinding is terug. Je kunt verder met je gesprek.",
  restoredResend: "De verbinding is terug. Kreeg je geen antwoord op je laatste bericht? Stuur het dan opnieuw.",
  unreachable: "Signaalroute is nu niet bereikbaar. Probeer het zo opnieuw. Bij direct gevaar: bel 112.",
  slow: "Er komt nog geen antwoord. Probeer het zo opnieuw. Bij direct gevaar: bel 112.",
  tooLong: "Je bericht is te lang. Maak het korter dan 10000 tekens.",
  counter: "{n} van {max} tekens",
  overLimit: "{n} tekens: dat is meer dan {max}. Ik stuur eerst het begin. De rest blijft hier staan: stuur die daarna als tweede bericht.",
  sentFirstPart: "Het begin is verstuurd. De rest staat nog in het tekstvak: verstuur die als tweede bericht.",
  refused: "Dit bericht kon niet worden verwerkt. Probeer het opnieuw.",
  cleared: "Het gesprek is gewist. Je kunt een nieuw gesprek beginnen.",
  confirmClear: "Wil je het gesprek wissen? Alles in dit venster is dan weg.",
  confirmClearCode: "Wil je het gesprek wissen? Alles in dit venster is dan weg, ook je referentiecode {code}. Schrijf de code eerst op.",
  confirmClearYes: "Ja, wis het gesprek",
  confirmClearNo: "Nee, ga terug",
  newMessage: "Signaalroute zegt:",
  choicesAnnounce: "Kies een antwoord:",
  alert112: {
    call: "Bel 112"
  },
  receipt: {
    title: "Je referentiecode",
    hint: "Print of bewaar deze code. Met de code vraag je later in deze chat naar je signaal.",
    copy: "Kopieer de code",
    print: "Print of bewaar",
    copied: "Gekopieerd.",
    copyFailed: "Kopiëren lukt niet. Selecteer de tekst en kopieer hem zelf.",
    printFooter: "Signaalroute. Bij direct gevaar: bel 112."
  },
  handover: {
    copy: "Kopieer de overdracht",
    print: "Print de overdracht"
  },
  contactForm: {
    label: "Je naam en contact",
    name: "Je naam",
    reach: "Je telefoonnummer of e-mailadres",
    send: "Verstuur naam en contact"
  },
  card: {
    phone: "Telefoon",
    email: "E-mail",
    url: "Website",
    hours: "Bereikbaar",
    prepare: "Leg klaar",
    // The same sentence as bot/texts.py NATIONAL_CONTACT.
    national: "Dit is een landelijk contact. Je regio noemt hier geen eigen contact.",
    checkNumber: "Let op: controleer dit nummer. De bron is ouder dan 2022 of heeft geen datum.",
    contact: "Contact:"
  }
};

