"""English (en, en-gb): dates typed and shown in forms as YYYY-MM-DD; display formats stay
the locale's ("9 June 2023")."""

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
