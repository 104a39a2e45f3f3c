# Nothing to override in Spanish.
