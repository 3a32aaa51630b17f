"""Messages, one module per part of the app, until the gettext catalogs of leasedash/i18n/locale are their only
source: after a change here, write them into the catalogs with `python -m leasedash.i18n.messages`."""
