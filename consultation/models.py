"""Comments, moderation, consultations and suggestions arrive with the residents' issue."""
