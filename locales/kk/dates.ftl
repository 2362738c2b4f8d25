## Күндердің жазылуы. Әр хабарлама $date (күн немесе кезеңнің соңғы күні)
## және $start (кезеңнің бірінші күні) алады. Жыл бірінші тұрады:
## 2022 жылғы 12 тамыз. Ай атауының септік жалғауы дауысты үндестігіне және
## соңғы дыбысқа бағынады: маусымға, қыркүйекке, шілдеге; тамызда, қыркүйекте.
## Септік формалары — grammar.ftl ішінде.

# 2022 жылғы 12 тамыз
date-plain = { YEAR($date) } жылғы { DAY($date) } { month-name }
# 2022 жылғы 17-18 тамыз; 2022 жылғы 30 желтоқсан – 2023 жылғы 2 қаңтар
date-plain-range = { SAME_YEAR($start, $date) ->
    [yes] { YEAR($date) } жылғы { date-days } { month-name }
   *[no] { YEAR($start) } жылғы { DAY($start) } { month-name-start } – { YEAR($date) } жылғы { DAY($date) } { month-name }
}
# Мерзім: «2022 жылғы 6 маусымға дейін»
date-deadline = { YEAR($date) } жылғы { DAY($date) } { month-dative } дейін
# Оқиға: «2022 жылғы 17-18 тамызда өтетін»
date-event = { YEAR($date) } жылғы { DAY($date) } { month-locative }
date-event-range = { SAME_YEAR($start, $date) ->
    [yes] { YEAR($date) } жылғы { date-days } { month-locative }
   *[no] { YEAR($start) } жылғы { DAY($start) } { month-name-start } – { YEAR($date) } жылғы { DAY($date) } { month-locative }
}
# 2022 жылғы 6 маусым, дүйсенбі
date-full = { date-plain }, { weekday-name }
