fx-banner = Regístrese antes del viernes
    .title = Registro
