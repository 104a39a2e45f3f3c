# Puente theme — user-interface strings, US English.
# es.ftl must hold exactly the same message ids and variables.

## Language

# This file's own language, in that language. Templates show the OTHER
# language's name with fluent(key="language-name", lang=other_lang).
language-name = English
# Accessible name of the language switcher (in the page's language).
switcher-label = Language
# Shown (in this language) on a page of the other language that has no
# English version, followed by a link to the English home page.
not-translated = This page is not available in English.
go-home = Go to the English home page

## Navigation and landmarks

skip-link = Skip to main content
site-nav-label = Main menu
breadcrumbs-label = Breadcrumb
pagination-label = Pagination
adjacent-label = More in this section
nav-home = Home
nav-news = News

## Pages and listings

published = Published
updated = Updated
reading-time =
    { $minutes ->
        [one] 1 minute read
       *[other] { $minutes } minute read
    }
on-this-page = On this page
topics = Topics
all-topics = All topics
pages-count =
    { $count ->
        [one] 1 page
       *[other] { $count } pages
    }
previous = Previous
next = Next
page-x-of-y = Page { $current } of { $total }
read-more = Read more
empty-list = There’s nothing here yet.

## Home page

the-points = The { $count } points
latest-news = Latest news
all-news = See all news

## Not found (404)

not-found-title = Page not found
not-found-body = We couldn’t find the page you’re looking for. It may have moved, or the address may have a typo.
back-home = Go to the home page

## Footer

footer-about = About this site
footer-statement = Everything on this site is published in English and Spanish.
