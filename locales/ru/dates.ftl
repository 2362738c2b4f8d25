## Как пишутся даты. Каждое сообщение получает $date (день или последний
## день периода) и $start (первый день периода). Месяц после числа стоит в
## родительном падеже: 12 августа; день недели после «до» тоже: до понедельника.
## Падежные формы — в grammar.ftl.

# 12 августа 2022 г.
date-plain = { DAY($date) } { month-genitive } { YEAR($date) } г.
# 17-18 августа 2022 г.; 30 августа – 2 сентября 2022 г.;
# 30 декабря 2022 г. – 2 января 2023 г.
date-plain-range = { SAME_YEAR($start, $date) ->
    [yes] { date-days } { YEAR($date) } г.
   *[no] { DAY($start) } { month-genitive-start } { YEAR($start) } г. – { DAY($date) } { month-genitive } { YEAR($date) } г.
}
# Срок: «… до понедельника, 6 июня 2022 г.»
date-deadline = до { weekday-genitive }, { DAY($date) } { month-genitive } { YEAR($date) } г.
# Событие: «… которое состоится 17-18 августа 2022 года»
date-event = { DAY($date) } { month-genitive } { YEAR($date) } года
# «… 30 декабря 2022 года – 2 января 2023 года»
date-event-range = { SAME_YEAR($start, $date) ->
    [yes] { date-days } { YEAR($date) } года
   *[no] { DAY($start) } { month-genitive-start } { YEAR($start) } года – { DAY($date) } { month-genitive } { YEAR($date) } года
}
# понедельник, 6 июня 2022 г.
date-full = { weekday-name }, { date-plain }
