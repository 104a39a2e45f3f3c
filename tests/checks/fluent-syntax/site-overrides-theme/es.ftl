read-more = Seguir leyendo
