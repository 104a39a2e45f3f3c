# Textos de la interfaz propios de este sitio (el menú); se suman a los del tema en i18n/es.ftl.
nav-about = Acerca del marco
nav-points = Los 18 puntos
nav-outreach = Difusión coordinada
