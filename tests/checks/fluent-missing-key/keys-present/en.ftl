fx-banner = Register by Friday
    .title = Registration
