"""The handbook's own site search: what is indexed for each document and the static index
the browser reads (``engine.js``). The words themselves are ``qms_tools.language``'s."""
