"""The site: pages rendered from templates (`render`, `pages`, `templates/`), an incident
page's citation markers (`citations`), charts (`charts`), the figures of hand-written pages
(`figures`), our static files (`static`, `assets/`), what mkdocs.yml tells the build
(`config`), one build's state (`build`) and the MkDocs hook (`hook`)."""
