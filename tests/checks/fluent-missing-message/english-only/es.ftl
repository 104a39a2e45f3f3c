fx-volunteer = Sea voluntario
