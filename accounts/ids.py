"""Row ids read straight from a request, not through a form: what cannot be an id is no id at all."""

# The widest primary key the portal's databases hold (a 64-bit signed integer).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id a request names, or None for junk («abc», «1.5», a number past any row)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The ids among the values; each value may list several, separated by commas."""
    ids = (parse_id(part) for value in values for part in str(value).split(","))
    return [number for number in ids if number is not None]
