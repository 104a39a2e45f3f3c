-fx-agency = Consular Office
    .gender = neuter
fx-search = Search
    .placeholder = Search this site
