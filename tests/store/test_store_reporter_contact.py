"""The reporter's name and contact: encrypted at rest, only for that municipality's officers."""
import os

import pytest
from sqlalchemy import select, text

from bot.store import reporter_contact
from bot.store.models import Consultation, ReporterContact

from store_support import FERNET_KEY, make_draft

NAME = "Wilhelmina Oosterhuis"
PHONE = "06-55512345"


def test_contact_is_encrypted_in_the_database_and_readable_by_the_right_officer(
        recorder, db, database_url, make_officer):
    draft = make_draft()
    recorder.submit(draft)
    recorder.submit_reporter_contact(draft.reference_code, NAME, PHONE)
    assert recorder.flush(timeout=60)

    with db.session() as session:
        raw = repr(session.execute(text("SELECT * FROM reporter_contacts")).all())
    assert "Oosterhuis" not in raw and "55512345" not in raw
    if database_url.startswith("sqlite"):
        db.dispose()
        path = database_url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-journal"):
            if os.path.exists(path + suffix):
                data = open(path + suffix, "rb").read()
                assert b"Oosterhuis" not in data and b"55512345" not in data

    own = make_officer("anna", ("GM0518",))
    other = make_officer("bert", ("GM0599",))
    coordinator = make_officer("carla", (), role="regio-coordinator", region_id="haaglanden")
    with db.session() as session:
        consultation = session.execute(select(Consultation)).scalar_one()
        details = reporter_contact.read_contact(own, consultation, FERNET_KEY)
        assert (details.name, details.contact) == (NAME, PHONE)
        for outsider in (other, coordinator):
            with pytest.raises(reporter_contact.NotAllowed):
                reporter_contact.read_contact(outsider, consultation, FERNET_KEY)
        with pytest.raises(reporter_contact.NotAllowed):
            reporter_contact.delete_contact(session, other, consultation)


def test_contact_can_be_deleted(recorder, db, make_officer):
    draft = make_draft()
    recorder.submit(draft)
    recorder.submit_reporter_contact(draft.reference_code, NAME, PHONE)
    assert recorder.flush(timeout=60)
    officer = make_officer()
    with db.session() as session:
        consultation = session.execute(select(Consultation)).scalar_one()
        assert reporter_contact.delete_contact(session, officer, consultation) is True
    with db.session() as session:
        assert session.execute(select(ReporterContact)).first() is None
        consultation = session.execute(select(Consultation)).scalar_one()
        assert reporter_contact.read_contact(officer, consultation, FERNET_KEY) is None


def test_contact_for_an_unknown_code_is_dropped(recorder, db):
    recorder.submit_reporter_contact("SR-AAAA-AA", NAME, PHONE)
    assert recorder.flush(timeout=10)
    with db.session() as session:
        assert session.execute(select(ReporterContact)).first() is None
