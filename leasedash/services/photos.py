"""Damage photos (uploads.py checks and stores them), served only to who may see the inspection."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from leasedash.db.errors import NotFound
from leasedash.db.models import DamagePhoto, DamageRecord
from leasedash.db.scoping import Viewer
from leasedash.db.types import utcnow
from leasedash.services.inspections import open_for_edit, open_inspection, record
from leasedash.services.uploads import store_private, stored_file
from leasedash.settings import photo_dir


def save_photo(session: Session, viewer: Viewer, inspection_id: int, damage_id: int, filename: str, data: bytes) -> DamagePhoto:
    """Store a photo of a damage of an inspection the viewer may edit."""
    inspection = open_for_edit(session, viewer, inspection_id)
    damage = session.get(DamageRecord, damage_id)
    if damage is None or damage.inspection_id != inspection.id:
        raise NotFound(f"damage {damage_id}: not on this inspection")
    stored, content_type = store_private(photo_dir(), filename, data)
    photo = DamagePhoto(damage_id=damage.id, stored_name=stored, content_type=content_type, size_bytes=len(data), uploaded_by=viewer.user_id)
    session.add(photo)
    session.flush()
    record(session, inspection, viewer, "photo_added", part=damage.part, kind=damage.kind)
    inspection.updated_at = utcnow()
    session.flush()
    return photo


def photo_file(session: Session, viewer: Viewer, photo_id: int) -> tuple[Path, str]:
    """The file and content type of a photo, for a viewer who may see its inspection (NotFound otherwise)."""
    photo = session.get(DamagePhoto, photo_id)
    if photo is None:
        raise NotFound(f"photo {photo_id}: no such photo")
    damage = session.get(DamageRecord, photo.damage_id)
    open_inspection(session, viewer, damage.inspection_id)
    return stored_file(photo_dir(), photo.stored_name, f"photo {photo_id}"), photo.content_type
