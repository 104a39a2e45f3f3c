fx-ok = OK
fx-pdf = PDF
