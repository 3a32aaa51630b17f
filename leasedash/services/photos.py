"""Damage photos: JPEG, PNG or PDF only (the seed 000 rule for attachments), size capped, checked on the
server by content, stored privately under a generated name, and served only to who may see the inspection."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlmodel import Session

from leasedash.db.errors import NotFound
from leasedash.db.models import DamagePhoto, DamageRecord
from leasedash.db.scoping import Viewer
from leasedash.domain import LeaseInputError
from leasedash.services.inspections import _editable, open_inspection
from leasedash.settings import photo_dir

MAX_PHOTO_BYTES = 5 * 1024 * 1024
_TYPES = {  # extension: (content type, what the file starts with)
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
}


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; refuses any other type, a content that is not
    what the name says, an empty or oversized file, and names with paths or odd characters."""
    name = filename or ""
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise LeaseInputError("file", "the file name may not contain a path")
    stem, _, extension = name.rpartition(".")
    extension = extension.lower()
    if not stem or extension not in _TYPES:
        raise LeaseInputError("file", "only .jpg, .png or .pdf files are accepted")
    if not data:
        raise LeaseInputError("file", "the file is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise LeaseInputError("file", f"the file is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    content_type, magic = _TYPES[extension]
    if not any(data.startswith(m) for m in magic):
        raise LeaseInputError("file", f"the file is not a real .{extension}")
    return ("jpg" if extension == "jpeg" else extension), content_type


def save_photo(session: Session, viewer: Viewer, inspection_id: int, damage_id: int, filename: str, data: bytes) -> DamagePhoto:
    """Store a photo of a damage of an inspection the viewer may edit."""
    inspection = _editable(session, viewer, inspection_id)
    damage = session.get(DamageRecord, damage_id)
    if damage is None or damage.inspection_id != inspection.id:
        raise NotFound(f"damage {damage_id}: not on this inspection")
    extension, content_type = check_upload(filename, data)
    stored = f"{secrets.token_hex(16)}.{extension}"
    folder = photo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    photo = DamagePhoto(damage_id=damage.id, stored_name=stored, content_type=content_type, size_bytes=len(data), uploaded_by=viewer.user_id)
    session.add(photo)
    session.flush()
    return photo


def photo_file(session: Session, viewer: Viewer, photo_id: int) -> tuple[Path, str]:
    """The file and content type of a photo, for a viewer who may see its inspection (NotFound otherwise)."""
    photo = session.get(DamagePhoto, photo_id)
    if photo is None:
        raise NotFound(f"photo {photo_id}: no such photo")
    damage = session.get(DamageRecord, photo.damage_id)
    open_inspection(session, viewer, damage.inspection_id)
    path = photo_dir() / photo.stored_name
    if not path.is_file():
        raise NotFound(f"photo {photo_id}: the file is gone")
    return path, photo.content_type
