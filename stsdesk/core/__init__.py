"""Pure-Python heart of stsdesk: content, time, sessions, statistics, settings."""
