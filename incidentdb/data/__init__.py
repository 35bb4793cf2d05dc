"""The data file as read: strict YAML (`strict_yaml`), typed scalars (`scalars`), every field
declared once (`schema`), the checks (`validate`, `crosscheck`, over what `tree` holds),
editors' messages (`errors`) and the JSON Schema derived from the fields (`jsonschema`)."""
