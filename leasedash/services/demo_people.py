"""Names for demo companies and drivers, and the three demo accounts."""

from __future__ import annotations

import numpy as np

FIRST_NAMES = (
    "Sofie", "Lucas", "Emma", "Noah", "Louise", "Arthur", "Marie", "Liam", "Julie", "Milan", "Elise", "Victor",
    "Camille", "Jules", "Nina", "Finn", "Lotte", "Thomas", "Sarah", "Daan", "Laura", "Bram", "Anna", "Maxime",
    "Charlotte", "Hugo", "Léa", "Tom", "Inès", "Wout", "Fleur", "Sem", "Chloé", "Lars", "Amélie", "Jonas",
)
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Schmit", "Muller", "Weber", "Hoffmann", "Wagner",
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meyer", "Mulder", "Bos",
)
COMPANY_WORDS = (
    "Brightwater", "Meuse", "Scheldt", "Ardenne", "Kempen", "Polder", "Moselle", "Sonian", "Zenne", "Lys",
    "Hesbaye", "Gaume", "Veluwe", "Dijle", "Semois", "Ourthe", "Demer", "Nete", "Yser", "Sûre",
)
COMPANY_TRADES = (
    "Logistics", "Engineering", "Pharma", "Consulting", "Foods", "Energy", "Construction", "Software",
    "Insurance", "Retail", "Telecom", "Chemicals", "Media", "Facilities", "Medical", "Robotics",
)
LEGAL_FORM = {"BE": "NV", "LU": "S.à r.l.", "NL": "B.V."}

DEMO_PASSWORD = "Leasedash2026"
DEMO_ACCOUNTS = (
    {"email": "driver@example.com", "first_name": "Sofie", "last_name": "Peeters", "role": "driver"},
    {"email": "fleet@example.com", "first_name": "Marc", "last_name": "Dubois", "role": "fleet_manager"},
    {"email": "admin@example.com", "first_name": "Ada", "last_name": "Verhoeven", "role": "admin"},
)


def company_name(index: int, country: str) -> str:
    """A unique, plausible company name for the index-th demo employer."""
    word = COMPANY_WORDS[index % len(COMPANY_WORDS)]
    trade = COMPANY_TRADES[(index // len(COMPANY_WORDS)) % len(COMPANY_TRADES)]
    series = index // (len(COMPANY_WORDS) * len(COMPANY_TRADES))
    suffix = f" {series + 1}" if series else ""
    return f"{word} {trade}{suffix} {LEGAL_FORM[country]}"


def driver_names(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last names for `count` drivers."""
    return rng.integers(0, len(FIRST_NAMES), count), rng.integers(0, len(LAST_NAMES), count)


def email_of(first: str, last: str, user_id: int, domain: str) -> str:
    """A unique address: names are not unique, ids are."""
    local = f"{first}.{last}".lower().replace(" ", "").replace("é", "e").replace("è", "e").replace("û", "u")
    return f"{local}.{user_id}@{domain}"


def plate_of(vehicle_id: int, country: str) -> str:
    """A unique plate in the country's style, encoded from the vehicle id."""
    letters = "".join(chr(65 + (vehicle_id // 1000 // 26**i) % 26) for i in range(3))
    digits = vehicle_id % 1000
    series = 1 + (vehicle_id // (1000 * 26**3)) % 9
    if country == "NL":
        return f"{letters[:2]}-{digits:03d}-{letters[2]}{series}"
    if country == "LU":
        return f"{letters[:2]}{series}{digits:03d}{letters[2]}"
    return f"{series}-{letters}-{digits:03d}"
