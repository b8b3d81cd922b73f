"""Status by reference code: label and the officer's message, nothing else; no probing."""
from bot.store import followup
from bot.store.codes import ALPHABET, find_code, new_reference_code, normalise_code
from bot.store.status import StatusView, lookup_status

from store_support import SECRET


def test_reference_codes_are_well_formed_and_spread_over_the_whole_code_space():
    # Random codes can collide (a birthday pair among 2,000 of 26**6 codes comes about once in 150
    # runs), so this checks what makes collisions rare instead: every symbol of the alphabet turns up
    # in every position. A symbol missing from a position by chance in 1,000 codes: < 1e-6.
    codes = [new_reference_code() for _ in range(1000)]
    for code in codes:
        assert normalise_code(code) == code
        assert all(ch in ALPHABET for ch in code[3:7] + code[8:])
    symbols = [code[3:7] + code[8:] for code in codes]
    for position in range(6):
        assert {s[position] for s in symbols} == set(ALPHABET)
    assert len(set(codes)) >= 990
    assert not set("01IOL") & set(ALPHABET)


def test_code_is_found_in_a_question_in_any_spelling():
    assert find_code("wat is de status van SR-7K3Q-9F?") == "SR-7K3Q-9F"
    assert find_code("status sr 7k3q 9f graag") == "SR-7K3Q-9F"
    assert find_code("status van sr7k3q9f") == "SR-7K3Q-9F"
    assert find_code("hoe gaat het") is None


def test_status_shows_label_and_message_for_the_reporter(record, db, redactor):
    code = new_reference_code()
    stored = record(reference_code=code)
    with db.session() as session:
        from bot.store.models import Consultation

        consultation = session.get(Consultation, stored.id)
        followup.record_step(session, consultation, followup.StepInput("doorgestuurd", "via AVIM", "politie_avim"),
                             None, redactor)
        followup.set_message_for_reporter(session, consultation, "Dank je. De politie kijkt ernaar.", redactor)
    view = lookup_status(code.lower(), database=db, secret_key=SECRET)
    assert view == StatusView(status="Je signaal is doorgestuurd naar een partner.",
                              message_for_reporter="Dank je. De politie kijkt ernaar.")
    assert "AVIM" not in view.status  # the partner is not told to the reporter


def test_unknown_and_malformed_codes_give_the_same_none(record, db):
    record()
    for code in ["SR-AAAA-AA", "SR-0000-00", "", "status", "SR-7K3Q-9F'; DROP TABLE consultations;--", "x" * 10000]:
        assert lookup_status(code, database=db, secret_key=SECRET) is None


def test_a_code_does_not_work_with_another_server_secret(record, db):
    code = new_reference_code()
    record(reference_code=code)
    assert lookup_status(code, database=db, secret_key=b"another-secret") is None
    assert lookup_status(code, database=db, secret_key=SECRET) is not None
