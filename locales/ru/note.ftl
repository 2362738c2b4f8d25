## Формулы, общие для всех вербальных нот.

letterhead =
    SECRETARIAT OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA
    СЕКРЕТАРИАТ СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ
note-number = № { $number }
# $addressee — адресат в дательном падеже; $action — что Секретариат имеет честь сделать.
opening = Секретариат Совещания по взаимодействию и мерам доверия в Азии (СВМДА) свидетельствует свое уважение { $addressee } и имеет честь { $action }.
closing = Секретариат пользуется случаем, чтобы возобновить { $addressee } уверения в своем весьма высоком уважении.
enclosure = Приложение: упомянутое, на { $pages } л.
place-and-date = { $place }, { date-plain }

place-nur-sultan = город Нур-Султан
place-astana = город Астана

addressee-cica-member-states = государствам-членам СВМДА
    .block =
        ГОСУДАРСТВАМ-ЧЛЕНАМ
        СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ
        И МЕРАМ ДОВЕРИЯ В АЗИИ


addressee-mfa-kazakhstan = Министерству иностранных дел Республики Казахстан
    .block =
        МИНИСТЕРСТВУ ИНОСТРАННЫХ ДЕЛ
        РЕСПУБЛИКИ КАЗАХСТАН

## PDF вокруг ноты.

page-number = – { $page } –
page-label = RU-
outline-version = Русский текст, { $pages } { $pages ->
    [one] страница
    [few] страницы
    [many] страниц
   *[other] страницы
}
outline-enclosure = Приложение, { $pages } { $pages ->
    [one] страница
    [few] страницы
    [many] страниц
   *[other] страницы
}
page-label-enclosure = ПРИЛ-
document-title = Вербальная нота № { $number }
document-author = Секретариат Совещания по взаимодействию и мерам доверия в Азии
