"""One home for giving a page of records their computed values at once."""


def assign_computed(records, columns):
    """Give the non-stored computed fields of ``records`` their values, a
    field at a time: ``columns`` maps a field name to its values, in the order
    of ``records``.

    What ``record[name] = value`` does inside a compute method, without its
    overhead per record (a protected write each, and for a monetary field a
    currency lookup in a new environment each), which is most of a compute's
    cost on a page of 80 cards or rows. The values go to the cache as they
    are: a monetary amount must already be rounded to its currency.
    """
    cache = records.env.cache
    for name, values in columns.items():
        field = records._fields[name]
        if field.store:
            # A stored field needs the recomputation bookkeeping of a write.
            raise ValueError(f"{field} is stored: assign it, do not cache it")
        cache.update(
            records,
            field,
            [
                field.convert_to_cache(value, records, validate=False)
                for value in values
            ],
        )
