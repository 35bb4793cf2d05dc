"""The site: pages rendered from templates (`render`, `pages`, `templates/`), an incident
page's citation markers (`citations`), what faction and place pages show and how their long
lists are paged (`glossary`), long listings cut into pages (`paging`), the incident table's
data for the browser (`table_data`), charts (`charts`, drawn by `chartdraw`, places compared
by level in `chartplaces`), the figures of hand-written pages (`figures`), our static files
(`static`, `assets/`), what mkdocs.yml tells the build (`config`), one build's state
(`build`) and the MkDocs hook (`hook`), which also has the built site indexed for search
(`search`, Pagefind)."""
