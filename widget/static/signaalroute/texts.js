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
  tooLong: "Je bericht is te lang. Maak het korter dan 2000 tekens.",
  refused: "Dit bericht kon niet worden verwerkt. Probeer het opnieuw.",
  cleared: "Het gesprek is gewist. Je kunt een nieuw gesprek beginnen.",
  confirmClear: "Wil je het gesprek wissen? Alles in dit venster is dan weg.",
  confirmClearCode: "Wil je het gesprek wissen? Alles in dit venster is dan weg, ook je referentiecode {code}. Schrijf de code eerst op.",
  confirmClearYes: "Ja, wis het gesprek",
  confirmClearNo: "Nee, ga terug",
  newMessage: "Signaalroute zegt:",
  choicesAnnounce: "Kies een antwoord:",
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

