"""What keeps a user's work safe: backups and restore, the library check, read-only and locked
libraries, and unexpected errors shown and logged."""
