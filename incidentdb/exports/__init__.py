"""The downloads (`downloads`: CSV, JSON, GeoJSON, the JSON Schema, the data package) and the
Atom feed (`feed`), made from the published model; the CSV's columns declared once
(`dictionary`); summaries as plain text for both (`text`)."""
