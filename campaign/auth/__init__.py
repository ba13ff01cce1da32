"""Staff accounts: login, logout, and the role checks every non-public route uses."""
