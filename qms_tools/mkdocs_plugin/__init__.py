"""The MkDocs adapter: the `qms` plugin publishes the handbook through MkDocs."""
