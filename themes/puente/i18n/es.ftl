# Tema Puente — textos de la interfaz, español de México.
# en.ftl debe tener exactamente los mismos identificadores y variables.

## Idioma

# El nombre de este idioma, en este idioma. Las plantillas muestran el nombre
# del OTRO idioma con fluent(key="language-name", lang=other_lang).
language-name = Español
# Nombre accesible del selector de idioma (en el idioma de la página).
switcher-label = Idioma
# Se muestra (en este idioma) en una página del otro idioma que no tiene
# versión en español, seguido de un enlace al inicio en español.
not-translated = Esta página no está disponible en español.
go-home = Ir al inicio en español

## Navegación y regiones

skip-link = Ir al contenido principal
site-nav-label = Menú principal
breadcrumbs-label = Ruta de navegación
pagination-label = Paginación
adjacent-label = Más en esta sección
nav-home = Inicio
nav-news = Noticias

## Páginas y listados

published = Publicado el
updated = Actualizado el
reading-time =
    { $minutes ->
        [one] 1 minuto de lectura
       *[other] { $minutes } minutos de lectura
    }
on-this-page = En esta página
topics = Temas
all-topics = Todos los temas
pages-count =
    { $count ->
        [one] 1 página
       *[other] { $count } páginas
    }
previous = Anterior
next = Siguiente
page-x-of-y = Página { $current } de { $total }
read-more = Leer más
empty-list = Todavía no hay nada aquí.

## Página de inicio

the-points = Los { $count } puntos
latest-news = Últimas noticias
all-news = Ver todas las noticias

## Página no encontrada (404)

not-found-title = Página no encontrada
not-found-body = No encontramos la página que busca. Es posible que se haya movido o que la dirección tenga un error.
back-home = Ir a la página de inicio

## Pie de página

footer-about = Acerca de este sitio
footer-statement = Todo el contenido de este sitio se publica en inglés y en español.
