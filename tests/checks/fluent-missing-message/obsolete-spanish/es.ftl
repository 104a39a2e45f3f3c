fx-banner = Regístrese antes del viernes
fx-old-banner = Regístrese antes del lunes
