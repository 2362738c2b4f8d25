## Күндердің жазылуы. Әр хабарлама $date (күн немесе кезеңнің соңғы күні)
## және $start (кезеңнің бірінші күні) алады. Жыл бірінші тұрады:
## 2022 жылғы 12 тамыз. Ай атауының септік жалғауы дауысты үндестігіне және
## соңғы дыбысқа бағынады: маусымға, қыркүйекке, шілдеге; тамызда, қыркүйекте.
## Септік формалары — grammar.ftl ішінде.

# 2022 жылғы 12 тамыз
date-plain = { YEAR($date) } жылғы { DAY($date) } { month-name }
date-plain-range = { YEAR($date) } жылғы { date-days } { month-name }
# Мерзім: «2022 жылғы 6 маусымға дейін»
date-deadline = { YEAR($date) } жылғы { DAY($date) } { month-dative } дейін
# Оқиға: «2022 жылғы 17-18 тамызда өтетін»
date-event = { YEAR($date) } жылғы { DAY($date) } { month-locative }
date-event-range = { YEAR($date) } жылғы { date-days } { month-locative }
# 2022 жылғы 6 маусым, дүйсенбі
date-full = { date-plain }, { weekday-name }
