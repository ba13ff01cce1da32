"""Supporters' data: unsubscribing, deletion on request, anonymisation on a schedule."""
