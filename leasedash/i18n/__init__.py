"""Every string leasedash shows, prints or e-mails, in French, Dutch and English, from gettext catalogs
(locale/, catalogs.py), and Babel formatting for each reader."""

from leasedash.i18n.translations import LANGUAGES, catalog, environment_language, plural, translate
from leasedash.i18n.formatting import format_date, format_km, format_money, format_month, format_number

__all__ = ["LANGUAGES", "catalog", "environment_language", "format_date", "format_km", "format_money", "format_month",
           "format_number", "plural", "translate"]
