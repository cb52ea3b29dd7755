"""The pure rules of the main MSE bureau: scoring, the conclusion's life, signing authority, federal access."""
