"""The site: pages rendered from templates (`render`, `pages`, `templates/`), long listings
cut into pages (`paging`), the incident table's data for the browser (`table_data`), charts
(`charts`), the figures of hand-written pages (`figures`), our static files (`static`,
`assets/`), what mkdocs.yml tells the build (`config`), one build's state (`build`) and the
MkDocs hook (`hook`)."""
