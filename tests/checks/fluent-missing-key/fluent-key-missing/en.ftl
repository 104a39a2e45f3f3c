# No fx-banner here.
