"""stsdesk: guided resiliency and self-compassion practice with a private practice log."""

__version__ = "0.1.0"
