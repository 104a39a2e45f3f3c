fx-welcome = Hello, { $name }!
