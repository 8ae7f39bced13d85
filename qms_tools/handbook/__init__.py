"""Reading a project into the model: settings, the role registry, regulation data, every
document's front-matter and Markdown structure, and the Git history.

Each fact has one reader here (front-matter: ``yaml_reader`` via ``source``; Markdown
structure: ``markdown_scan``; Git: ``history``); every other layer asks it.
"""
