# Tampoco aquí.
