"""Rules about members' accounts that need no database."""
