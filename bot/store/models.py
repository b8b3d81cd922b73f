"""SQLAlchemy models of the consultation store and the workspace.

Nothing here holds clear text that identifies a victim or a reporter: descriptions, notes and
messages are redacted before they are stored, reference codes and enrichment identifiers are
stored as keyed hashes, and the optional reporter contact is encrypted.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.store.types import UTCDateTime, utcnow

# Stable constraint names make Alembic migrations identical on SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base = declarative_base(metadata=metadata)


class Consultation(Base):
    """One anonymised consultation of the assistant by a professional."""

    __tablename__ = "consultations"

    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)
    occurred_at = Column(UTCDateTime, nullable=False, index=True)  # truncated to the hour
    recorded_at = Column(UTCDateTime, nullable=False)  # truncated to the hour as well
    municipality_code = Column(String(6), nullable=True, index=True)
    region_id = Column(String(64), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    route_map_id = Column(String(64), nullable=False)
    route_map_version = Column(String(32), nullable=False)
    answers = Column(JSON, nullable=False, default=dict)
    acute = Column(Boolean, nullable=False, default=False)
    form = Column(String(32), nullable=True)
    outcome_code = Column(String(64), nullable=True)
    contacts_advised = Column(JSON, nullable=False, default=list)
    description = Column(Text, nullable=False, default="")  # redacted
    completed = Column(Boolean, nullable=False, default=False)
    status = Column(String(32), nullable=False, default="ontvangen")
    message_for_reporter = Column(Text, nullable=True)  # redacted
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)
    # Which end of the chat route the record shows (1, 2, ... within a conversation): a job
    # retried late from an outbox never overwrites what a later turn recorded.
    revision = Column(Integer, nullable=False, default=0, server_default="0")
    # The professional's handover summary for the intake (location checklist), redacted.
    handover_summary = Column(Text, nullable=True)

    steps = relationship(
        "FollowUpStep",
        back_populates="consultation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUpStep.id",
    )
    identifiers = relationship(
        "Identifier", back_populates="consultation", cascade="all, delete-orphan", passive_deletes=True
    )
    reporter_contact = relationship(
        "ReporterContact",
        back_populates="consultation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        uselist=False,
    )


class FollowUpStep(Base):
    """A step of the step plan taken on a consultation, with a redacted note."""

    __tablename__ = "followup_steps"

    id = Column(Integer, primary_key=True)
    consultation_id = Column(
        Integer, ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    step = Column(String(32), nullable=False)
    occurred_at = Column(UTCDateTime, nullable=False)
    partner = Column(String(32), nullable=True)
    note = Column(Text, nullable=False, default="")  # redacted
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="SET NULL"), nullable=True)

    consultation = relationship("Consultation", back_populates="steps")
    officer = relationship("Officer")


class Identifier(Base):
    """An enrichment identifier (address, company, licence plate) as a keyed hash only."""

    __tablename__ = "identifiers"
    __table_args__ = (UniqueConstraint("consultation_id", "kind", "digest", name="uq_identifiers_once"),)

    id = Column(Integer, primary_key=True)
    consultation_id = Column(
        Integer, ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(32), nullable=False)
    digest = Column(String(64), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="SET NULL"), nullable=True)

    consultation = relationship("Consultation", back_populates="identifiers")


class ReporterContact(Base):
    """The reporter's optional name and contact, encrypted (Fernet) at rest."""

    __tablename__ = "reporter_contacts"

    id = Column(Integer, primary_key=True)
    consultation_id = Column(
        Integer, ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    ciphertext = Column(LargeBinary, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    consultation = relationship("Consultation", back_populates="reporter_contact")


class Officer(Base):
    """An account of the workspace."""

    __tablename__ = "officers"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(128), nullable=False, default="")
    password_hash = Column(String(255), nullable=False)
    role = Column(String(32), nullable=False)  # "aandachtsfunctionaris" | "regio-coordinator"
    region_id = Column(String(64), nullable=True)  # for regio-coordinator
    disabled = Column(Boolean, nullable=False, default=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    municipalities = relationship(
        "OfficerMunicipality", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )

    @property
    def municipality_codes(self) -> list[str]:
        """The CBS codes of the municipalities this officer works for."""
        return sorted(m.municipality_code for m in self.municipalities)


class OfficerMunicipality(Base):
    """Which municipalities an attention officer works for."""

    __tablename__ = "officer_municipalities"

    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), primary_key=True)
    municipality_code = Column(String(6), primary_key=True)


class WebSession(Base):
    """A server-side sign-in session; the cookie holds a token, the table only its hash."""

    __tablename__ = "web_sessions"

    token_hash = Column(String(64), primary_key=True)
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)


class AuditEvent(Base):
    """Who viewed, changed or exported what. Holds references, never content."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="SET NULL"), nullable=True)
    actor = Column(String(64), nullable=False)  # username kept after an account is deleted
    action = Column(String(32), nullable=False)
    object_type = Column(String(32), nullable=False)
    object_id = Column(String(64), nullable=True)
    municipality_code = Column(String(6), nullable=True, index=True)
    detail = Column(String(255), nullable=False, default="")


class RateLimitHit(Base):
    """How often a (hashed) key was used in one fixed time window: shared rate limits."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (UniqueConstraint("key_hash", "window_start", name="uq_rate_limit_hits_key_window"),)

    id = Column(Integer, primary_key=True)
    key_hash = Column(String(64), nullable=False)
    window_start = Column(Integer, nullable=False)  # unix time, a multiple of the window length
    expires_at = Column(Integer, nullable=False, index=True)
    hits = Column(Integer, nullable=False, default=0)


class ContactReview(Base):
    """A regio-coordinator's check of a route-map contact: confirmed as right, or a proposed correction.

    The route maps stay the single source: an accepted correction reaches the assistant only when
    the exported patch (``api.cli export-routekaart-wijzigingen``) is committed to ``routekaarten/``.
    Holds organisation contact details only, never anything about a victim or a reporter.
    """

    __tablename__ = "contact_reviews"

    id = Column(Integer, primary_key=True)
    map_id = Column(String(64), nullable=False, index=True)
    contact_id = Column(String(64), nullable=False)
    kind = Column(String(16), nullable=False)  # "bevestiging" | "correctie"
    status = Column(String(16), nullable=False)  # "open" | "geaccepteerd" | "afgewezen"
    checked_on = Column(String(10), nullable=False)  # ISO date the officer checked the contact
    changes = Column(JSON, nullable=False, default=dict)  # field -> proposed value (phone, email, url, notes, source)
    proposed_by = Column(Integer, ForeignKey("officers.id", ondelete="SET NULL"), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    decided_by = Column(Integer, ForeignKey("officers.id", ondelete="SET NULL"), nullable=True)
    decided_at = Column(UTCDateTime, nullable=True)
    exported_at = Column(UTCDateTime, nullable=True)
class OfficerPreferences(Base):
    """What an officer set on the settings page: where notifications go, when the digest comes,
    and the name and number the chat gives as "jouw aandachtsfunctionaris"."""

    __tablename__ = "officer_preferences"

    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), primary_key=True)
    notify_email = Column(String(254), nullable=True)
    digest_hour = Column(Integer, nullable=True)  # local hour (0-23) of the daily digest; None: no digest
    chat_name = Column(String(128), nullable=True)
    chat_phone = Column(String(32), nullable=True)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_digest_on = Column(String(10), nullable=True)  # local date (YYYY-MM-DD) of the last digest


class ConsultationNotice(Base):
    """An officer was told about a consultation (acute at once, or in a digest); or saw it."""

    __tablename__ = "consultation_notices"

    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), primary_key=True)
    consultation_id = Column(Integer, ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    mailed_at = Column(UTCDateTime, nullable=True)
    seen_at = Column(UTCDateTime, nullable=True)
