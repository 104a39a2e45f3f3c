fx-donate = Donate
fx-thanks = Thank you for your gift
fx-donate = Give now
