fx-files =
    { $n ->
        [one] one file
       *[other] { $n } files
    }
