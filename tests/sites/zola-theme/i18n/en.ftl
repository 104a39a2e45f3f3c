greeting = Hello from Fluent
