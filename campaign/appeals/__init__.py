"""The public side: the list of live appeals and each appeal's page."""
