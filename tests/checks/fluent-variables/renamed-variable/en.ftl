fx-greeting = Hello, { $name }!
