"""Every string of the UI in French, Dutch and English, and Babel formatting for each reader."""

from leasedash.i18n.translations import LANGUAGES, catalog, plural, translate
from leasedash.i18n.formatting import format_date, format_km, format_money, format_number

__all__ = ["LANGUAGES", "catalog", "format_date", "format_km", "format_money", "format_number", "plural", "translate"]
