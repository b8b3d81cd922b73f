"""Reading a name and a way to reach someone from one typed message (bot/contact_details.py)."""

import pytest

from bot.contact_details import BAD_EMAIL, BAD_PHONE, NO_NAME, NO_REACH, OK, email_in, read_contact


@pytest.mark.parametrize("typed, name, phone, email", [
    ("Sanne de Vries, 06 12345678", "Sanne de Vries", "+31 6 12345678", None),
    ("Sanne de Vries 071-5165000", "Sanne de Vries", "+31 71 516 5000", None),
    ("mijn naam is Tom Bakker en mijn nummer is +32 470 12 34 56", "Tom Bakker", "+32 470 12 34 56", None),
    ("Ilse, ilse.jong@gemeente.example", "Ilse", None, "ilse.jong@gemeente.example"),
    ("Ilse Jong, 0612345678, ilse@balie.example", "Ilse Jong", "+31 6 12345678", "ilse@balie.example"),
])
def test_a_name_with_a_dutch_or_international_number_or_an_email_is_accepted(typed, name, phone, email):
    details = read_contact(typed)
    assert (details.problem, details.name, details.phone, details.email) == (OK, name, phone, email)


@pytest.mark.parametrize("typed, problem", [
    ("Sanne de Vries", NO_REACH),
    ("bel me maar", NO_REACH),
    ("Sanne, 06 1234", BAD_PHONE),
    ("Sanne, sanne@", BAD_EMAIL),
    ("06 12345678", NO_NAME),
])
def test_what_reaches_nobody_is_refused_with_the_reason(typed, problem):
    assert read_contact(typed).problem == problem


def test_the_email_is_found_in_a_stored_contact():
    assert email_in("+31 6 12345678, sanne@balie.example") == "sanne@balie.example"
    assert email_in("+31 6 12345678") is None
