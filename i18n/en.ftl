# Site-specific UI strings (the menu of the bundled site); they add to the theme's i18n/en.ftl.
nav-about = About the framework
nav-points = The 18 points
nav-outreach = Coordinated outreach
