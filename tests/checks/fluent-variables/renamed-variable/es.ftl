fx-greeting = ¡Hola, { $nombre }!
