"""What the site shows, generator-neutral: which documents are published, document and
overview pages, the search index, permanent links, QR codes and posters.

Nothing here imports a site generator; ``mkdocs_plugin`` adapts it to MkDocs.
"""
