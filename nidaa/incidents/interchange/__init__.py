"""Incidents in and out of Nidaa in the formats researchers exchange: ACLED, UCDP GED, HXL and
GeoJSON (`manage.py import_incidents` and `export_incidents`).

Every format goes through one reader (rows.py): a file's columns are named as in ACLED's
codebook, extended by `nidaa_…` columns for what ACLED has no column for (titles, ranges,
grade, Arabic names …). HXL files are the same columns with a hashtag row, GeoJSON features and
UCDP rows are translated into them. So there is one place that checks a value, and one
(store.py) that writes the records in bulk.
"""
