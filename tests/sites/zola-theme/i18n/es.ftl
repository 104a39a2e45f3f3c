greeting = Hola desde Fluent
