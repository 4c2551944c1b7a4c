// Intentionally empty: this package only names the corpus sources.
