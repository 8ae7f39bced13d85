"""Swedish words as the handbook's search sees them: normalisation, stems, compound parts
and the editors' synonym list.

Below ``check`` so that the synonym-list rule can read the list the way search does, and
below ``publishing`` whose search index is built from it.
"""
