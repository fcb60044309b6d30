"""Russian (ru): dates typed in forms as YYYY-MM-DD, as in English; display formats stay the
locale's (the public pages format theirs in timeline/public/dates.py)."""

from ..en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]
