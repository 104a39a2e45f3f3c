# Mensajes del sitio

fx-welcome = ¡Hola, { $name!
