## This locale's own helpers for dates.ftl: month and weekday names.
## Messages in grammar.ftl are private to the locale: `verbale check` does
## not compare them with other locales, so each language keeps the cases
## it needs.

month-name = { MONTH($date) ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
month-name-start = { MONTH($start) ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
weekday-name = { WEEKDAY($date) ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}
