fx-search = Search
    .placeholder = Search this site
