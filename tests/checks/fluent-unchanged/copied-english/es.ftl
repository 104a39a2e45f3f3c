fx-cta = Sign up for updates
