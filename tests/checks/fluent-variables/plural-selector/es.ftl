fx-files =
    { $n ->
        [one] un archivo
       *[other] { $n } archivos
    }
