fx-search = Search
    .label = Search this site
