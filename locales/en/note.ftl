## Wording shared by every note verbale.

letterhead =
    SECRETARIAT OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA
    СЕКРЕТАРИАТ СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ
# $number: series and sequence, NCT/ICT/1013
note-number = № { $number }
# $addressee: the addressee as the formulas name it; $action: what the
# Secretariat has the honour to do (the note's own text).
opening = The Secretariat of the Conference on Interaction and Confidence Building Measures in Asia (CICA) presents its compliments to { $addressee } and has the honour to { $action }.
closing = The Secretariat avails itself of this opportunity to renew to { $addressee } the assurances of its highest consideration.
# $pages: page count of the enclosure
enclosure = Enclosure: as stated, on { $pages } p.
# $place: a place-… message; $date: the issue date
place-and-date = { $place }, { date-plain }

place-nur-sultan = Nur-Sultan
place-astana = Astana

addressee-cica-member-states = the CICA Member States
    .block =
        MEMBER STATES
        OF THE CONFERENCE ON INTERACTION
        AND CONFIDENCE BUILDING MEASURES
        IN ASIA


addressee-mfa-kazakhstan = the Ministry of Foreign Affairs of the Republic of Kazakhstan
    .block =
        MINISTRY OF FOREIGN AFFAIRS
        OF THE REPUBLIC OF KAZAKHSTAN

## The PDF around the note.

# Running page number on continuation pages.
page-number = – { $page } –
# Prefix of this version's page labels in a PDF viewer.
page-label = EN-
# Outline (bookmark) entry of this version; $pages: its page count.
outline-version = English version, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
# Outline entry and page label prefix of an appended enclosure.
outline-enclosure = Enclosure, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
page-label-enclosure = ENCL-
document-title = Note verbale № { $number }
document-author = Secretariat of the Conference on Interaction and Confidence Building Measures in Asia
