fx-search = Buscar
