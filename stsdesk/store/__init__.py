"""The practice log on SQLite: schema ladder, writes, queries, backups, recovery, export."""
