## How dates are written. Every date message receives $date (the day, or
## the last day of a range) and $start (the first day of a range; equal to
## $date for a single day). DAY, MONTH, YEAR and WEEKDAY (1 = Monday) take
## a date apart; SAME_MONTH and SAME_YEAR answer yes or no.

# 12 August 2022
date-plain = { DAY($date) } { month-name } { YEAR($date) }
# 17-18 August 2022; 30 August – 2 September 2022; 30 December 2022 – 2 January 2023
date-plain-range = { SAME_MONTH($start, $date) ->
    [yes] { DAY($start) }-{ DAY($date) } { month-name } { YEAR($date) }
   *[no] { SAME_YEAR($start, $date) ->
        [yes] { DAY($start) } { month-name-start } – { DAY($date) } { month-name } { YEAR($date) }
       *[no] { DAY($start) } { month-name-start } { YEAR($start) } – { DAY($date) } { month-name } { YEAR($date) }
    }
}
# A deadline: "… by Monday, 6 June 2022".
date-deadline = by { weekday-name }, { DAY($date) } { month-name } { YEAR($date) }
# An event: "… to be held on 17-18 August 2022".
date-event = { date-plain }
date-event-range = { date-plain-range }
# With the weekday: Monday, 6 June 2022
date-full = { weekday-name }, { date-plain }
