"""Iraq Incident Database: the data file made into a checked model, then into pages and downloads.

    data/       the file as read: strict YAML, scalars, the field schema, validation, errors
    twocore/    a big file read, and pages written, on two cores behind three calls
    model/      records, the indexes built once over them, labels and words for values
    exports/    downloads: CSV, JSON, GeoJSON, the JSON Schema, the Atom feed
    site/       pages from templates, charts, the map's files and the MkDocs hook

Each folder imports only from those above it in this list.
"""
