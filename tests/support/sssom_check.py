"""Validates an SSSOM/TSV file with the `sssom` Python package (issue 19).

Usage: python3 sssom_check.py FILE

Parses FILE with sssom-py, fails if any row was dropped as not well-formed, then runs the
package's default validations (the SSSOM JSON schema generated from its LinkML schema, prefix
map completeness, strict CURIE format), which raise on the first error. On success prints one
tab-separated line per mapping as the package read it:
subject_id, predicate_id, object_id, confidence, reviewer_label, mapping_date, subject_type,
object_type. Exit status 0 when valid, 1 otherwise.
"""

import sys

from sssom.constants import DEFAULT_VALIDATION_TYPES
from sssom.parsers import parse_sssom_table
from sssom.validators import validate


def main(path):
    with open(path, encoding="utf-8") as f:
        rows = sum(1 for line in f if not line.startswith("#")) - 1
    msdf = parse_sssom_table(path)
    if len(msdf.df) != rows:
        print(f"sssom read {len(msdf.df)} of the {rows} rows of {path}", file=sys.stderr)
        return 1
    try:
        validate(msdf, DEFAULT_VALIDATION_TYPES, fail_on_error=True)
    except Exception as error:  # the package raises jsonschema's ValidationError and others
        print(f"{path} is not valid SSSOM: {error}", file=sys.stderr)
        return 1
    columns = ["subject_id", "predicate_id", "object_id", "confidence", "reviewer_label",
               "mapping_date", "subject_type", "object_type"]
    for _, row in msdf.df.iterrows():
        cells = []
        for column in columns:
            value = row.get(column, "")
            if isinstance(value, list):
                value = "|".join(str(v) for v in value)
            cells.append("" if value is None or value != value else str(value))
        print("\t".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
