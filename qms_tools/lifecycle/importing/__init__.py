"""Bringing an organisation's existing Word routines into the handbook (`qms import`)."""
