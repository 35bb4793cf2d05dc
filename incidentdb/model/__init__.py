"""The checked data as records (`records`, built by `load`), the indexes built once over them
(`index`), places on the map (`geo`), labels and words for values (`labels`, `present`), an
incident's headline facts at a glance (`glance`), and what every output reads (`published`)."""
