"""Server-rendered pages, one module per kind of user."""
