fx-donate = Donar
fx-thanks = Gracias por su donativo
