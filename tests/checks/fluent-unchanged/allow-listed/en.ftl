fx-office = COVID-19 Mérida
