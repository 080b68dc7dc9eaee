"""The page routers, one module per role (plus the shared document resources)."""
