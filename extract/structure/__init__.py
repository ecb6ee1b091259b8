"""The shape of a plan: metadata, outline and roles, work-list tasks, tables."""
