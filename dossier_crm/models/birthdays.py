"""Yearly dates: birthdays recur every year, and 29 February in a non-leap
year is celebrated on 28 February."""

import calendar
from datetime import date, timedelta


def birthday_key(birthdate):
    """Month and day as one sortable, indexable number: 5 March is 305."""
    return birthdate.month * 100 + birthdate.day if birthdate else 0


def occurrence(birthdate, year):
    if (birthdate.month, birthdate.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return birthdate.replace(year=year)


def next_occurrence(birthdate, today):
    """The first birthday on or after ``today``."""
    if not birthdate:
        return None
    this_year = occurrence(birthdate, today.year)
    return this_year if this_year >= today else occurrence(birthdate, today.year + 1)


def birthday_domain(start, end, key_field, date_field):
    """Domain of the records whose birthday (``date_field``, its key in
    ``key_field``) falls from ``start`` to ``end`` included."""
    keys = list(keys_between(start, end)) if end >= start else []
    return [(key_field, "in", keys), (date_field, "!=", False)]


def keys_between(start, end):
    """Keys of the birthdays that fall from ``start`` to ``end`` included."""
    keys = set()
    day = start
    while day <= end:
        keys.add(birthday_key(day))
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            keys.add(229)
        day += timedelta(days=1)
    return keys
