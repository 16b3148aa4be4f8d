"""Campaign pages, under /w/<slug>/campaigns/ (namespace "campaigns"), one module per area."""
