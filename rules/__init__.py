"""The bundled YAML rules (installed as the package ``quotetrack.rules``)."""
