## Как пишутся даты. Каждое сообщение получает $date (день или последний
## день периода) и $start (первый день периода). Месяц после числа стоит в
## родительном падеже: 12 августа; день недели после «до» тоже: до понедельника.

month-genitive = { MONTH($date) ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
}
month-genitive-start = { MONTH($start) ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
}
weekday-name = { WEEKDAY($date) ->
    [1] понедельник
    [2] вторник
    [3] среда
    [4] четверг
    [5] пятница
    [6] суббота
   *[7] воскресенье
}
weekday-genitive = { WEEKDAY($date) ->
    [1] понедельника
    [2] вторника
    [3] среды
    [4] четверга
    [5] пятницы
    [6] субботы
   *[7] воскресенья
}

# 12 августа 2022 г.
date-plain = { DAY($date) } { month-genitive } { YEAR($date) } г.
date-plain-range = { date-days } { YEAR($date) } г.
# 17-18 августа; 30 августа – 2 сентября
date-days = { SAME_MONTH($start, $date) ->
    [yes] { DAY($start) }-{ DAY($date) } { month-genitive }
   *[no] { DAY($start) } { month-genitive-start } – { DAY($date) } { month-genitive }
}
# Срок: «… до понедельника, 6 июня 2022 г.»
date-deadline = до { weekday-genitive }, { DAY($date) } { month-genitive } { YEAR($date) } г.
# Событие: «… которое состоится 17-18 августа 2022 года»
date-event = { DAY($date) } { month-genitive } { YEAR($date) } года
date-event-range = { date-days } { YEAR($date) } года
# понедельник, 6 июня 2022 г.
date-full = { weekday-name }, { date-plain }
