fx-banner = Register by Friday
