-fx-agency = Oficina Consular
    .genero = femenino
fx-search = Buscar
    .placeholder = Buscar en este sitio
