"""Files users upload (damage photos, dealer quotes, request attachments): .pdf, .jpg or .png only (seed 000),
checked on the server by content and size, stored privately under a clean generated name."""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import Path

from leasedash.db.errors import NotFound
from leasedash.domain import LeaseInputError
from leasedash.domain.mobility_plan import mobility_settings

_TYPES = {  # extension: (content type, what the file starts with)
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
}


def max_upload_bytes() -> int:
    return int(mobility_settings()["max_upload_bytes"])


def accepted_types() -> dict[str, list[str]]:
    """The files accepted, as an upload field announces them to the browser: content type -> extensions."""
    accepted: dict[str, list[str]] = {}
    for extension, (content_type, _) in _TYPES.items():
        accepted.setdefault(content_type, []).append(f".{extension}")
    return accepted


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; refuses any other type, a content that is not
    what the name says, an empty or oversized file, and names with paths."""
    name = filename or ""
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise LeaseInputError("file", "the file name may not contain a path", code="upload_path")
    stem, _, extension = name.rpartition(".")
    extension = extension.lower()
    if not stem or extension not in _TYPES:
        raise LeaseInputError("file", "only .jpg, .png or .pdf files are accepted", code="upload_type")
    if not data:
        raise LeaseInputError("file", "the file is empty", code="upload_empty")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise LeaseInputError("file", f"the file is larger than {limit // (1024 * 1024)} MB", code="upload_size")
    content_type, magic = _TYPES[extension]
    if not any(data.startswith(m) for m in magic):
        raise LeaseInputError("file", f"the file is not a real .{extension}", code="upload_content")
    return ("jpg" if extension == "jpeg" else extension), content_type


def clean_stem(filename: str) -> str:
    """The name without its extension, reduced to letters, digits and underscores: no special characters,
    dots or dashes (000: "évitez les caractères spéciaux dans le nom du fichier ainsi que les points ou les tirets")."""
    stem = (filename or "").rpartition(".")[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9]", "_", ascii_stem)).strip("_")[:60] or "file"


def store_private(folder: Path, filename: str, data: bytes) -> tuple[str, str]:
    """Check the file and write it under `folder` as <clean name>_<random>.<ext>; returns (stored name, content type)."""
    extension, content_type = check_upload(filename, data)
    stored = f"{clean_stem(filename)}_{secrets.token_hex(8)}.{extension}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    return stored, content_type


def stored_file(folder: Path, stored_name: str, what: str) -> Path:
    """The private file of a stored upload (NotFound when it is gone from the disk)."""
    path = folder / stored_name
    if not path.is_file():
        raise NotFound(f"{what}: the file is gone")
    return path
