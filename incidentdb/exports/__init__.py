"""The downloads (`downloads`: CSV, JSON, GeoJSON, the JSON Schema) and the Atom feed (`feed`),
made from the published model; summaries as plain text for both (`text`)."""
