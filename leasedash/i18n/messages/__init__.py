"""Messages, one module per part of the app."""
