"""Writing a built corpus: SQLite rows, the networkx graph, the full-text index."""
