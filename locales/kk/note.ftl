## Барлық вербалдық ноталарға ортақ формулалар.

letterhead =
    SECRETARIAT OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA
    СЕКРЕТАРИАТ СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ
note-number = № { $number }
# $addressee — барыс септіктегі адресат; $action — нотаның өз мәтіні (…жолдауды).
opening = Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің (Азия Кеңесінің) Хатшылығы { $addressee } өзінің зор ілтипатын білдіріп, { $action } өзіне мәртебе санайды.
closing = Хатшылық осы мүмкіндікті пайдалана отырып, { $addressee } өзінің зор ілтипатын тағы да растайды.
enclosure = Қосымша: аталған, { $pages } п.
place-and-date = { $place }, { date-plain }

place-nur-sultan = Нұр-Сұлтан қаласы
place-astana = Астана қаласы

addressee-cica-member-states = Азия Кеңесінің мүше мемлекеттеріне
    .block =
        АЗИЯДАҒЫ ӨЗАРА ІС-ҚИМЫЛ
        ЖӘНЕ СЕНІМ ШАРАЛАРЫ КЕҢЕСІНІҢ
        МҮШЕ МЕМЛЕКЕТТЕРІ


addressee-mfa-kazakhstan = Қазақстан Республикасы Сыртқы істер министрлігіне
    .block =
        ҚАЗАҚСТАН РЕСПУБЛИКАСЫ
        СЫРТҚЫ ІСТЕР МИНИСТРЛІГІ

## Нотаның PDF құжаты.

page-number = – { $page } –
page-label = KK-
outline-version = Қазақ тіліндегі мәтін, { $pages ->
    [one] { $pages } бет
   *[other] { $pages } бет
}
outline-enclosure = Қосымша, { $pages } бет
page-label-enclosure = ҚОС-
document-title = № { $number } вербалдық нота
document-author = Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің Хатшылығы
