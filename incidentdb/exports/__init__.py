"""The downloads (`downloads`: CSV, JSON, GeoJSON, the JSON Schema, the data package) and the
Atom feed (`feed`), made from the published model; the CSV's columns declared once
(`dictionary`); the map page's compact data (`mapdata`); summaries as plain text (`text`)."""
