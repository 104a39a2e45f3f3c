fx-volunteer = Volunteer with us
fx-donate = Donate today
